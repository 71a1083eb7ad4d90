// Package networks gathers the network adapters each function acts
// through, so that every function wires the same ones.
package networks

import (
	"net/http"
	"os"
	"time"

	"github.com/relais-dev/relais/internal/bluesky"
	"github.com/relais-dev/relais/internal/linkedin"
	"github.com/relais-dev/relais/internal/mastodon"
	"github.com/relais-dev/relais/internal/meta"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/x"
)

// EnvSandboxURL is the sandbox network's base URL, set by the local stack
// (and in AWS only for a deployment that demonstrates with it).
const EnvSandboxURL = "RELAIS_SANDBOX_URL"

// URLs are where each network's API answers.
type URLs struct {
	Meta, X, LinkedIn, Bluesky string
	// Mastodon maps an instance's host to its API.
	Mastodon func(instance string) string
	// Sandbox is empty outside the local stack.
	Sandbox string
}

// Production returns the networks' own APIs.
func Production() URLs {
	return URLs{
		Meta:     "https://graph.facebook.com/v21.0",
		X:        x.BaseURL,
		LinkedIn: linkedin.DefaultBaseURL,
		Bluesky:  "https://bsky.social",
		Mastodon: func(instance string) string { return "https://" + instance },
	}
}

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
}

// DefaultTimeout bounds one network call, well within a Lambda's timeout;
// a call that times out is classified, never left hanging.
const DefaultTimeout = 10 * time.Second

// New returns the adapters for the networks at u, each call bounded by
// timeout.
func New(u URLs, timeout time.Duration) Adapters {
	hc := &http.Client{Timeout: timeout}
	graph := meta.New(u.Meta, hc)
	xc := x.New(u.X, hc)
	masto := mastodon.New(hc)
	if u.Mastodon != nil {
		masto.BaseURL = u.Mastodon
	}
	sky := bluesky.New(u.Bluesky, hc)
	fb, ig, li := graph.Facebook(), graph.Instagram(), linkedin.New(u.LinkedIn, hc)
	a := Adapters{
		Publishers: map[relais.Network]relais.NetworkPublisher{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.X:         xc,
			relais.LinkedIn:  li,
			relais.Mastodon:  masto,
			relais.Bluesky:   sky,
		},
		Hiders: map[relais.Network]relais.NetworkHider{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.X:         xc,
			relais.Bluesky:   sky,
		},
		Unhiders: map[relais.Network]relais.NetworkUnhider{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.X:         xc,
			relais.Bluesky:   sky,
		},
		Deleters: map[relais.Network]relais.NetworkDeleter{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.LinkedIn:  li,
		},
		Repliers: map[relais.Network]relais.NetworkReplier{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.X:         xc,
			relais.LinkedIn:  li,
			relais.Mastodon:  masto,
			relais.Bluesky:   sky,
		},
		Messengers: map[relais.Network]relais.NetworkMessenger{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.Mastodon:  masto,
			relais.Bluesky:   sky,
		},
		Pollers: map[relais.Network]relais.NetworkPoller{relais.Mastodon: masto, relais.Bluesky: sky},
		Metrics: map[relais.Network]relais.NetworkMetrics{
			relais.Facebook:  fb,
			relais.Instagram: ig,
			relais.X:         xc,
			relais.LinkedIn:  li,
			relais.Mastodon:  masto,
			relais.Bluesky:   sky,
		},
	}
	if u.Sandbox != "" {
		c := sandboxAdapter{sandbox.NewClient(u.Sandbox, hc)}
		a.Publishers[relais.Sandbox] = c
		a.Hiders[relais.Sandbox] = c
		a.Unhiders[relais.Sandbox] = c
		a.Deleters[relais.Sandbox] = c
		a.Repliers[relais.Sandbox] = c
		a.Messengers[relais.Sandbox] = c
		a.Metrics[relais.Sandbox] = c
	}
	return a
}

// FromEnv returns the adapters for the networks' own APIs, with the
// sandbox network's when the environment names one.
func FromEnv() Adapters {
	u := Production()
	u.Sandbox = os.Getenv(EnvSandboxURL)
	return New(u, DefaultTimeout)
}
