package gbp

import (
	"net/http"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestSpec: the spec builds the adapter for each address and declares
// what the adapter does, and only that.
func TestSpec(t *testing.T) {
	for _, base := range []string{"", "http://127.0.0.1:9/"} {
		c, ok := Spec.Adapter(base, http.DefaultClient).(*Client)
		if !ok {
			t.Fatalf("adapter for %q: got %T, want *Client", base, c)
		}
		want := DefaultBaseURL
		if base != "" {
			want = "http://127.0.0.1:9"
		}
		if c.baseURL != want {
			t.Errorf("adapter for %q: base %q, want %q", base, c.baseURL, want)
		}
	}
	a := Spec.Adapter("", nil)
	ports := []struct {
		name string
		has  bool
		want bool
	}{
		{"publisher", is[relais.NetworkPublisher](a), true},
		{"poller", is[relais.NetworkPoller](a), true},
		{"replier", is[relais.NetworkReplier](a), true},
		{"hider", is[relais.NetworkHider](a), false},
		{"deleter", is[relais.NetworkDeleter](a), false},
		{"messenger", is[relais.NetworkMessenger](a), Spec.Messaging != nil},
		{"metrics", is[relais.NetworkMetrics](a), false},
		{"guarded", is[relais.GuardedPublisher](a), false},
	}
	for _, p := range ports {
		if p.has != p.want {
			t.Errorf("%s: got %v, want %v", p.name, p.has, p.want)
		}
	}
	if Spec.NoMessaging == "" || Spec.Webhook != nil {
		t.Errorf("messaging and webhook: got %q and %v, want a reason and none", Spec.NoMessaging, Spec.Webhook)
	}
	o := Spec.OAuth
	if o == nil || !o.PKCE || o.Refresh != relais.RefreshToken || len(o.Scopes) != 1 || o.Scopes[0] != Scope {
		t.Fatalf("oauth: got %+v", o)
	}
	if got := Spec.OAuth.ConsentParams; got["access_type"] != "offline" || got["prompt"] != "consent" {
		t.Errorf("auth params: got %q", got)
	}
	if got := Spec.Canonical(" accounts/1/locations/2/"); got != "accounts/1/locations/2" {
		t.Errorf("canonical: got %q", got)
	}
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}
