package devstack

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/gbp/gbpfake"
	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/pinterest/pinterestfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/threads/threadsfake"
	"github.com/relais-dev/relais/internal/tiktok/tiktokfake"
	"github.com/relais-dev/relais/internal/x/xfake"
)

// Fakes are the fake servers of the real networks that the local stack
// runs, each on its own address, so that every adapter is exercised as it
// is in AWS, only pointed elsewhere.
type Fakes struct {
	Meta      *metafake.Server
	X         *xfake.Server
	LinkedIn  *linkedinfake.Server
	Mastodon  *mastodonfake.Server
	Bluesky   *blueskyfake.Server
	Pinterest *pinterestfake.Server
	GBP       *gbpfake.Server
	Threads   *threadsfake.Server
	TikTok    *tiktokfake.Server
}

// fake is one fake server as the stack runs it: the API it stands for
// (relais.Spec.APIName), and how a user makes an account there.
type fake struct {
	api      string
	handler  http.Handler
	register func(n relais.Network, account, token string)
	// app registers Relais' OAuth app on a fake that implements OAuth.
	app func(id, secret string)
}

// app is an OAuth app's credentials on a fake.
type app struct{ id, secret string }

// list is every fake the stack serves, one per API; TestEveryNetworkHasAFake
// holds it to the registered networks.
func (f *Fakes) list() []fake {
	return []fake{
		{"meta", f.Meta, func(n relais.Network, id, token string) {
			if n == relais.Instagram {
				f.Meta.RegisterInstagram(id, token)
				return
			}
			f.Meta.RegisterPage(id, token)
		}, f.Meta.RegisterApp},
		{"x", f.X, func(_ relais.Network, id, token string) { f.X.RegisterUser(id, token) }, f.X.RegisterApp},
		{"linkedin", f.LinkedIn, func(_ relais.Network, id, token string) { f.LinkedIn.RegisterOrganization(id, token) }, f.LinkedIn.RegisterApp},
		// One fake instance stands for every Mastodon instance: the
		// account is its user part.
		{"mastodon", f.Mastodon, func(_ relais.Network, id, token string) {
			user, _, _ := strings.Cut(strings.TrimPrefix(id, "@"), "@")
			f.Mastodon.RegisterAccount(user, token)
		}, f.Mastodon.RegisterApp},
		{"bluesky", f.Bluesky, func(_ relais.Network, id, token string) { f.Bluesky.RegisterAccount(id, token) }, nil},
		{"pinterest", f.Pinterest, func(_ relais.Network, id, token string) { f.Pinterest.RegisterAccount(id, token) },
			func(id, secret string) { f.Pinterest.ClientID, f.Pinterest.ClientSecret = id, secret }},
		{"gbp", f.GBP, func(_ relais.Network, id, token string) { f.GBP.RegisterAccount(id, token) }, f.GBP.RegisterClient},
		{"threads", f.Threads, func(_ relais.Network, id, token string) { f.Threads.RegisterAccount(id, token) },
			func(id, secret string) { f.Threads.ClientID, f.Threads.ClientSecret = id, secret }},
		{"tiktok", f.TikTok, func(_ relais.Network, id, token string) { f.TikTok.RegisterAccount(id, token) }, nil},
	}
}

// startFakes serves each fake, on the stack's clock, and returns the URLs
// the adapters use, the sandbox's among them.
func (s *Stack) startFakes(sandboxURL string, now func() time.Time) (networks.URLs, error) {
	s.apps = map[string]app{}
	s.Fakes = Fakes{Meta: metafake.New(), X: xfake.New(), LinkedIn: linkedinfake.New(), Mastodon: mastodonfake.New(), Bluesky: blueskyfake.New(),
		Pinterest: pinterestfake.New(), GBP: gbpfake.New(), Threads: threadsfake.New(), TikTok: tiktokfake.New()}
	f := &s.Fakes
	f.Meta.Now, f.X.Now, f.LinkedIn.Now, f.Mastodon.Now, f.Bluesky.Now = now, now, now, now, now
	f.Pinterest.Now, f.GBP.Now, f.Threads.Now, f.TikTok.Now = now, now, now, now
	// The local media bucket serves plain http.
	f.TikTok.AllowHTTP = true
	u := networks.URLs{string(relais.Sandbox): sandboxURL}
	for _, f := range s.Fakes.list() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return u, fmt.Errorf("devstack: listen for the fake of %s: %w", f.api, err)
		}
		s.serve(l, f.handler)
		u[f.api] = "http://" + l.Addr().String()
		if f.app != nil {
			a := app{id: "relais-local-" + f.api, secret: appSecret(f.api)}
			f.app(a.id, a.secret)
			s.apps[f.api] = a
		}
	}
	return u, nil
}

// appSecret is the secret of Relais' app on the fake of api: the one the
// environment gives where the app's secret also signs the network's
// webhooks (Meta's app secret, LinkedIn's client secret), so that both
// agree; else one made up at each start.
func appSecret(api string) string {
	for _, spec := range relais.Specs() {
		if spec.APIName() == api && spec.OAuth != nil && spec.OAuth.ClientSecret.Env != "" {
			if v := os.Getenv(spec.OAuth.ClientSecret.Env); v != "" {
				return v
			}
		}
	}
	return randomHex(16)
}

// putApps stores, as an operator would, the credentials of Relais' OAuth
// app on each fake that implements OAuth, under the names the networks'
// specs give them.
func (s *Stack) putApps(ctx context.Context) error {
	for _, spec := range relais.Specs() {
		a, ok := s.apps[spec.APIName()]
		if !ok || spec.OAuth == nil {
			continue
		}
		if err := s.Params.PutSecure(ctx, s.Settings.SecretParameter(spec.OAuth.ClientID), a.id); err != nil {
			return err
		}
		if err := s.Params.PutSecure(ctx, s.Settings.SecretParameter(spec.OAuth.ClientSecret), a.secret); err != nil {
			return err
		}
	}
	return nil
}

// RegisterAccount creates an account with its token on its network's fake,
// as a user would on the real network, so that Relais can publish there.
func (s *Stack) RegisterAccount(ref relais.AccountRef, token string) error {
	if ref.Network == relais.Sandbox {
		s.Sandbox.RegisterAccount(ref.ID, token)
		return nil
	}
	spec, ok := relais.SpecOf(ref.Network)
	if ok {
		for _, f := range s.Fakes.list() {
			if f.api == spec.APIName() {
				f.register(ref.Network, ref.ID, token)
				return nil
			}
		}
	}
	return relais.Errorf(relais.EINVALID, "the local stack has no fake of %s", ref.Network)
}

// AccountsPath is where the CLI registers an account on the local stack's
// fakes when it connects one.
const AccountsPath = "/dev/accounts"

// Registration is the body of a POST to AccountsPath.
type Registration struct {
	Account relais.AccountRef `json:"account"`
	Token   string            `json:"token"`
}

func (s *Stack) registerAccount(w http.ResponseWriter, r *http.Request) {
	var reg Registration
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&reg); err != nil || reg.Token == "" {
		http.Error(w, "want {\"account\":{\"network\",\"id\"},\"token\"}", http.StatusBadRequest)
		return
	}
	if err := s.RegisterAccount(reg.Account, reg.Token); err != nil {
		http.Error(w, relais.ErrorMessage(err), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
