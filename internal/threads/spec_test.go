package threads

import (
	"net/http"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestSpec checks what Relais derives from the spec: the adapter and the
// ports it offers, the limits the publisher checks against, and that
// Threads is never asked to delete another's reply or answer in private.
func TestSpec(t *testing.T) {
	a := Spec.Adapter("", nil)
	c, ok := a.(*Client)
	if !ok {
		t.Fatalf("adapter: got %T, want *Client", a)
	}
	if got, want := c.baseURL, BaseURL; got != want {
		t.Errorf("production base URL: got %q, want %q", got, want)
	}
	if got := Spec.Adapter("http://127.0.0.1:9/v1.0/", http.DefaultClient).(*Client).baseURL; got != "http://127.0.0.1:9/v1.0" {
		t.Errorf("local base URL: got %q", got)
	}
	if _, ok := a.(relais.NetworkDeleter); ok {
		t.Errorf("the adapter deletes: Threads deletes only the account's own posts")
	}
	if _, ok := a.(relais.NetworkMessenger); ok {
		t.Errorf("the adapter messages: Threads has no messaging API")
	}
	if relais.RepostGuardOf(c) != relais.Unguarded {
		t.Errorf("repost guard: got %v, want Unguarded", relais.RepostGuardOf(c))
	}
	if Spec.Messaging != nil || Spec.NoMessaging == "" {
		t.Errorf("messaging: got %+v and %q, want none and a reason", Spec.Messaging, Spec.NoMessaging)
	}
	if Spec.Name != Network || Spec.APIName() != "threads" || Spec.Label != "Threads" {
		t.Errorf("names: got %q, %q, %q", Spec.Name, Spec.APIName(), Spec.Label)
	}
	for _, f := range []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatVideo, relais.FormatCarousel} {
		if !slices.Contains(Spec.Formats, f) {
			t.Errorf("formats: %s missing", f)
		}
	}
	if l := Spec.Limits; l.MaxText != 500 || l.MaxMedia != 20 || l.RequiresImage {
		t.Errorf("limits: got %+v", l)
	}
	w := Spec.Webhook
	if w.Path != "threads" || w.Secret.Name != "threads/app-secret" || w.Secret.Env != "RELAIS_THREADS_APP_SECRET" ||
		w.Token == nil || w.Token.Name != "threads/verify-token" || w.Token.Env != "RELAIS_THREADS_VERIFY_TOKEN" || w.Header != "X-Hub-Signature-256" {
		t.Errorf("webhook: got %+v", w)
	}
	o := Spec.OAuth
	if o.AuthURL != "https://threads.net/oauth/authorize" || o.TokenURL != "https://graph.threads.net/oauth/access_token" ||
		o.Refresh != relais.RefreshExchange || o.PKCE || o.ScopeSeparator != "," || !slices.Contains(o.Scopes, "threads_basic") ||
		o.ClientID.Env != "RELAIS_THREADS_CLIENT_ID" || o.ClientSecret.Env != "RELAIS_THREADS_CLIENT_SECRET" {
		t.Errorf("oauth: got %+v", o)
	}
}
