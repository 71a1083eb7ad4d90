// Package networks gathers the network adapters each function acts
// through, so that every function wires the same ones.
package networks

import (
	"net/http"
	"os"
	"time"

	"github.com/relais-dev/relais/internal/bluesky"
	"github.com/relais-dev/relais/internal/gbp"
	"github.com/relais-dev/relais/internal/linkedin"
	"github.com/relais-dev/relais/internal/mastodon"
	"github.com/relais-dev/relais/internal/meta"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/threads"
	"github.com/relais-dev/relais/internal/tiktok"
	"github.com/relais-dev/relais/internal/x"
)

// EnvSandboxURL is the sandbox network's base URL, set by the local stack
// (and in AWS only for a deployment that demonstrates with it).
const EnvSandboxURL = "RELAIS_SANDBOX_URL"

// List is every network Relais knows, in display order. Adding a network
// is its package, which declares its relais.Spec, and one line here.
var List = []relais.Spec{
	meta.FacebookSpec,
	meta.InstagramSpec,
	threads.Spec,
	x.Spec,
	linkedin.Spec,
	tiktok.Spec,
	pinterest.Spec,
	gbp.Spec,
	mastodon.Spec,
	bluesky.Spec,
	sandbox.Spec,
}

func init() { relais.Register(List...) }

// URLs maps an API's name (relais.Spec.APIName) to where it answers; an
// API missing from it answers at its production address.
type URLs map[string]string

// Adapters are the network adapters of one process. The moderation maps
// hold only the networks that offer the action: TikTok has no comment
// moderation API, LinkedIn no hiding, Mastodon and Bluesky no deleting of
// another's post, X no deleting either.
type Adapters struct {
	Publishers map[relais.Network]relais.NetworkPublisher
	Hiders     map[relais.Network]relais.NetworkHider
	// Unhiders show again what a person decides should not be hidden:
	// every network that hides.
	Unhiders map[relais.Network]relais.NetworkUnhider
	Deleters map[relais.Network]relais.NetworkDeleter
	Repliers map[relais.Network]relais.NetworkReplier
	// Messengers answer in private: messages, and Meta's private replies
	// to comments.
	Messengers map[relais.Network]relais.NetworkMessenger
	// Pollers read mentions on the networks without webhooks.
	Pollers map[relais.Network]relais.NetworkPoller
	// Metrics read published posts' engagement.
	Metrics map[relais.Network]relais.NetworkMetrics
	// Commenters publish a post's first comment.
	Commenters map[relais.Network]relais.NetworkCommenter
	// Listers list what a token reaches, for a person connecting with
	// OAuth to choose.
	Listers map[relais.Network]relais.NetworkAccountLister
	// Tokeners give an account its own token from a person's.
	Tokeners map[relais.Network]relais.NetworkAccountTokener
	// Persons name the person a token is (Meta's deauthorize callback
	// names them so).
	Persons map[relais.Network]relais.NetworkPersonReader
}

// DefaultTimeout bounds one network call, well within a Lambda's timeout;
// a call that times out is classified, never left hanging.
const DefaultTimeout = 10 * time.Second

// New returns the adapters of every registered network, each calling its
// API at u and bounded by timeout. An adapter goes into the map of every
// port it implements: that is what its network lets Relais do.
func New(u URLs, timeout time.Duration) Adapters {
	hc := &http.Client{Timeout: timeout}
	a := Adapters{
		Publishers: map[relais.Network]relais.NetworkPublisher{},
		Hiders:     map[relais.Network]relais.NetworkHider{},
		Unhiders:   map[relais.Network]relais.NetworkUnhider{},
		Deleters:   map[relais.Network]relais.NetworkDeleter{},
		Repliers:   map[relais.Network]relais.NetworkReplier{},
		Messengers: map[relais.Network]relais.NetworkMessenger{},
		Pollers:    map[relais.Network]relais.NetworkPoller{},
		Metrics:    map[relais.Network]relais.NetworkMetrics{},
		Commenters: map[relais.Network]relais.NetworkCommenter{},
		Listers:    map[relais.Network]relais.NetworkAccountLister{},
		Tokeners:   map[relais.Network]relais.NetworkAccountTokener{},
		Persons:    map[relais.Network]relais.NetworkPersonReader{},
	}
	for _, s := range relais.Specs() {
		if s.Adapter == nil {
			continue
		}
		adapter := s.Adapter(u[s.APIName()], hc)
		if adapter == nil {
			continue
		}
		add(a.Publishers, s.Name, adapter)
		add(a.Hiders, s.Name, adapter)
		add(a.Unhiders, s.Name, adapter)
		add(a.Deleters, s.Name, adapter)
		add(a.Repliers, s.Name, adapter)
		add(a.Messengers, s.Name, adapter)
		add(a.Pollers, s.Name, adapter)
		add(a.Metrics, s.Name, adapter)
		add(a.Commenters, s.Name, adapter)
		add(a.Listers, s.Name, adapter)
		add(a.Tokeners, s.Name, adapter)
		add(a.Persons, s.Name, adapter)
	}
	return a
}

// add puts adapter into m when it implements m's port.
func add[P any](m map[relais.Network]P, n relais.Network, adapter any) {
	if p, ok := adapter.(P); ok {
		m[n] = p
	}
}

// FromEnv returns the adapters for the networks' own APIs, with the
// sandbox network's when the environment names one.
func FromEnv() Adapters { return New(EnvURLs(), DefaultTimeout) }

// EnvURLs are the networks' own APIs, with the sandbox network's when the
// environment names one.
func EnvURLs() URLs { return URLs{string(relais.Sandbox): os.Getenv(EnvSandboxURL)} }

// Secrets lists the secrets an operator configures: every webhook's, once
// each (Facebook and Instagram share Meta's), in the list's order. The
// sandbox's, which the local stack makes up, has no variable and is left
// out.
func Secrets() []relais.Secret {
	var out []relais.Secret
	seen := map[string]bool{}
	for _, s := range relais.Specs() {
		if s.Webhook == nil {
			continue
		}
		for _, sec := range []*relais.Secret{&s.Webhook.Secret, s.Webhook.Token} {
			if sec != nil && sec.Env != "" && !seen[sec.Name] {
				seen[sec.Name] = true
				out = append(out, *sec)
			}
		}
	}
	return out
}
