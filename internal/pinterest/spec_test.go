package pinterest

import (
	"net/http"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestSpec: the spec builds the adapter, for production and for a fake,
// and declares what the adapter enforces.
func TestSpec(t *testing.T) {
	for base, want := range map[string]string{"": BaseURL, "http://127.0.0.1:9/": "http://127.0.0.1:9"} {
		c, ok := Spec.Adapter(base, http.DefaultClient).(*Client)
		if !ok || c.baseURL != want {
			t.Errorf("adapter for %q: got %+v, want a *Client for %s", base, c, want)
		}
		if _, ok := any(c).(relais.NetworkPublisher); !ok {
			t.Errorf("adapter for %q is no publisher", base)
		}
	}
	l := Spec.Limits
	if l.MaxText != maxDescription || !l.RequiresImage || l.MaxMedia != maxCarousel || l.MaxImageBytes != maxImageBytes || l.MaxVideoBytes != maxVideoBytes {
		t.Errorf("limits: got %+v", l)
	}
	if !slices.Contains(Spec.Formats, relais.FormatVideo) || slices.Contains(Spec.Formats, relais.FormatText) {
		t.Errorf("formats: got %v, want media only, video included", Spec.Formats)
	}
	if o := Spec.OAuth; o == nil || o.ScopeSeparator != "," || o.PKCE || o.Refresh != relais.RefreshToken || Spec.Messaging != nil || Spec.NoMessaging == "" {
		t.Errorf("oauth and messaging: got %+v, %+v, %q", Spec.OAuth, Spec.Messaging, Spec.NoMessaging)
	}
}
