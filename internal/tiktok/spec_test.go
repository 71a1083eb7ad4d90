package tiktok

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tiktok/tiktokfake"
)

// TestSpec: the spec's adapter offers what TikTok does, its webhook is
// the package's, and its limits are those the fake enforces.
func TestSpec(t *testing.T) {
	a := Spec.Adapter("", nil)
	c, ok := a.(*Client)
	if !ok || c.baseURL != BaseURL {
		t.Fatalf("adapter: got %T, want a *Client for %s", a, BaseURL)
	}
	if _, ok := a.(relais.NetworkPublisher); !ok {
		t.Error("the adapter does not publish")
	}
	if _, ok := a.(relais.NetworkMetrics); !ok {
		t.Error("the adapter gives no metrics")
	}
	for name, ok := range map[string]bool{
		"hider":     is[relais.NetworkHider](a),
		"deleter":   is[relais.NetworkDeleter](a),
		"replier":   is[relais.NetworkReplier](a),
		"messenger": is[relais.NetworkMessenger](a),
		"guarded":   is[relais.GuardedPublisher](a),
	} {
		if ok {
			t.Errorf("the adapter is a %s, which TikTok offers no API for", name)
		}
	}
	if Spec.Messaging != nil || Spec.NoMessaging == "" {
		t.Errorf("messaging: got %v %q, want none and a reason", Spec.Messaging, Spec.NoMessaging)
	}

	w := Spec.Webhook
	body := []byte(`{"event":"authorization.removed","user_openid":"act.1","content":"{}"}`)
	h := http.Header{}
	h.Set(w.Header, w.Sign(clientSecret, body, receivedAt))
	if err := w.Verify(clientSecret, h, body, receivedAt); err != nil {
		t.Errorf("webhook: a delivery it signs does not verify: %v", err)
	}
	if w.Path != "tiktok" || w.Secret != (relais.Secret{Name: "tiktok/client-secret", Env: "RELAIS_TIKTOK_CLIENT_SECRET"}) || w.Handshake != nil {
		t.Errorf("webhook: got path %q secret %+v", w.Path, w.Secret)
	}
	if o := Spec.OAuth; o.ClientSecret != w.Secret || o.ClientID.Name != "tiktok/client-key" || o.ScopeSeparator != "," || !o.PKCE || o.Refresh != relais.RefreshToken {
		t.Errorf("oauth: got %+v", o)
	}

	l := Spec.Limits
	if l.MaxImageBytes != tiktokfake.MaxPhotoBytes || l.MaxVideoBytes != tiktokfake.MaxVideoBytes || l.MaxMedia != tiktokfake.MaxPhotos || l.MaxText != tiktokfake.MaxCaption {
		t.Errorf("limits: got %+v, want the fake's", l)
	}
	if MaxDescription != tiktokfake.MaxPhotoDescription {
		t.Errorf("description: got %d, want %d", MaxDescription, tiktokfake.MaxPhotoDescription)
	}
	if !slices.Equal(Spec.Formats, []relais.Format{relais.FormatVideo, relais.FormatImage, relais.FormatCarousel}) {
		t.Errorf("formats: got %v", Spec.Formats)
	}
	// Publishing, with its status reads, ends well within the publisher's
	// 60 s.
	if d := time.Duration(c.MaxPolls) * c.PollInterval; d > 40*time.Second {
		t.Errorf("status reads may take %v", d)
	}
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}
