package x

import (
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// ConsumerSecret signs X's Account Activity deliveries and answers its
// CRC check.
var ConsumerSecret = relais.Secret{Name: "x/consumer-secret", Env: "RELAIS_X_CONSUMER_SECRET"}

// Spec declares X.
var Spec = relais.Spec{
	Name: relais.X, Label: "X", Color: "#1f2328",
	Formats:     []relais.Format{relais.FormatText, relais.FormatImage},
	Limits:      relais.Limits{MaxText: 280, MaxImageBytes: 5 << 20, ImageTypes: []string{"image/jpeg", "image/png", "image/webp", "image/gif"}},
	Counting:    relais.CountX,
	NoMessaging: "X's direct-message API is priced per call, so Relais does not send X messages; answer on X",
	BaseURL:     BaseURL,
	Adapter: func(u string, hc *http.Client) any {
		if u == "" {
			u = BaseURL
		}
		return New(u, hc)
	},
	Webhook: &relais.Webhook{
		Path: "x", Secret: ConsumerSecret, Verify: Verify, Parse: Parse,
		Header: SignatureHeader, Sign: func(s, b []byte, _ time.Time) string { return Sign(s, b) },
		Handshake: func(secret, _ string, q url.Values) (int, string, []byte) { return Handshake([]byte(secret), q) },
	},
}
