package api

import (
	"context"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/ssm"
)

// keysTimeout bounds a fetch of the issuer's keys.
const keysTimeout = 5 * time.Second

// Wire wires the API function from its environment and the networks'
// adapters, which carry out moderation overrides, at urls, where the
// networks' OAuth endpoints answer too: its Lambda main and the
// local stack both serve what it returns. register, when set, creates
// a connected account on its network first (the local stack's fakes).
func Wire(e function.Env, adapters networks.Adapters, urls networks.URLs, register func(relais.AccountRef, string) error) *Server {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	sched := scheduler.Connect(e.AWS, e.Endpoints, e.Settings)
	params := ssm.Connect(e.AWS, e.Endpoints)
	planner := posts.New(store, sched)
	planner.Now = e.Clock()
	cs := clients.New(store, sched, params, intake.New(store, eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus)), e.Settings)
	if register != nil {
		cs.Register = func(_ context.Context, ref relais.AccountRef, token string) error { return register(ref, token) }
	}
	verifier := auth.NewVerifier(e.Settings.Issuer, e.Settings.AppClientID, &http.Client{Timeout: keysTimeout}, e.Clock())
	// Report links are pre-signed with the function's current
	// credentials, at each opening; review links sign reviewers in.
	key := links.NewKey(params, e.Settings.SecretParameter(config.LinksSigningKey))
	bucket := s3.Connect(e.AWS, e.Endpoints, e.Settings.Bucket)
	opened := links.NewHandler(store, key, bucket, e.Log)
	opened.Now = e.Clock()
	issuer := links.NewIssuer(store, key, e.Settings.APIURL)
	issuer.Now = e.Clock()
	uploads := media.New(store, s3.Connect(e.AWS, e.Endpoints, e.Settings.MediaBucket))
	uploads.Now = e.Clock()
	s := New(store, planner, cs, verifier, e.Log, Options{Origin: e.Settings.ConsoleOrigin, Links: opened, Issuer: issuer, Bucket: bucket,
		Moderation: moderation.Wire(e, adapters), Inbox: inbox.Wire(e, adapters), Media: uploads, SignIn: SignIn{Issuer: e.Settings.Issuer, ClientID: e.Settings.AppClientID},
		OAuth: OAuth{Params: params, Settings: e.Settings, URLs: urls, Adapters: adapters, NameAccount: register != nil}})
	s.Now = e.Clock()
	return s
}
