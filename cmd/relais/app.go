package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
	"github.com/relais-dev/relais/internal/ssm"
)

// stateDir is where relais dev leaves its state file, in the folder it runs
// from.
const stateDir = ".relais"

// env is one command's surroundings.
type env struct {
	local bool
	stdin io.Reader
	out   io.Writer
}

// app is a deployment, local or in AWS, reached through the SDK clients.
type app struct {
	store    *dynamo.Store
	params   *ssm.Parameters
	reporter *report.Reporter
	posts    *posts.Planner
	clients  *clients.Service
	// media keeps the clients' images in the media bucket.
	media *media.Service
	// inbox answers from the CLI's machine, with the accounts' tokens.
	inbox    *inbox.Service
	settings config.Settings
	// urls are where the networks answer: their own APIs, or the local
	// stack's fakes.
	urls networks.URLs
	// localURL is the local stack's address, where webhooks are sent.
	localURL string
}

// connect reaches the deployment: the local stack of this folder, or the
// one the standard AWS configuration points at.
func (e *env) connect(ctx context.Context) (*app, error) {
	var endpoints config.Endpoints
	var localURL string
	urls := networks.URLs{}
	if e.local {
		st, err := devstack.ReadState(stateDir)
		if err != nil {
			return nil, err
		}
		endpoints, localURL, urls = st.Endpoints, st.URL, st.Networks
	}
	cfg, err := sdkconfig.Load(ctx, endpoints)
	if err != nil {
		return nil, err
	}
	params := ssm.Connect(cfg, endpoints)
	var settings config.Settings
	name := config.DefaultParameterPrefix + "/config"
	raw, err := params.Get(ctx, name)
	if err != nil {
		if e.local {
			return nil, fmt.Errorf("cannot reach the local stack (is relais dev still running?): %s", message(err))
		}
		return nil, fmt.Errorf("cannot read the deployment's settings from %s (deploy with make deploy, or use --local): %s", name, message(err))
	}
	if err := json.Unmarshal([]byte(raw), &settings); err != nil {
		return nil, fmt.Errorf("parameter %s does not hold Relais settings: %w", name, err)
	}
	a := newApp(cfg, endpoints, settings, params, urls)
	a.localURL = localURL
	// On the local stack, a connected account is created on its network's
	// fake too, as a person would have created it on the network.
	if localURL != "" {
		a.clients.Register = func(ctx context.Context, ref relais.AccountRef, token string) error {
			return registerLocal(ctx, localURL, ref, token)
		}
	}
	return a, nil
}

// newApp reaches a deployment's services; the inbox answers through the
// networks at urls.
func newApp(cfg aws.Config, endpoints config.Endpoints, settings config.Settings, params *ssm.Parameters, urls networks.URLs) *app {
	store := dynamo.Connect(cfg, endpoints, settings.Table)
	sched := scheduler.Connect(cfg, endpoints, settings)
	in := intake.New(store, eventbridge.Connect(cfg, endpoints, settings.Bus))
	// The CLI writes a report as the reporter function does; it fetches
	// no engagement, so it needs no network.
	rep := report.Wire(function.Env{AWS: cfg, Settings: settings, Endpoints: endpoints, Log: slog.New(slog.DiscardHandler)}, nil)
	return &app{
		store: store, params: params, posts: posts.New(store, sched),
		clients:  clients.New(store, sched, params, in, settings),
		inbox:    inbox.New(store, params, networks.New(urls, networks.DefaultTimeout), settings, slog.New(slog.DiscardHandler)),
		media:    media.New(store, s3.Connect(cfg, endpoints, settings.MediaBucket)),
		reporter: rep, settings: settings, urls: urls,
	}
}
