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
	// A post carries up to 4 images, or one animated GIF, or one video
	// (docs.x.com/x-api/media/quickstart/best-practices, "Keep in
	// mind"); a GIF alone is checked by the adapter, as Limits cannot
	// say it.
	Formats: []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	Limits: relais.Limits{
		MaxText:  280,
		MaxMedia: 4,
		// Images: JPG, PNG, GIF, WEBP up to 5 MB (same page, "Image
		// specifications").
		MaxImageBytes: 5 << 20, ImageTypes: []string{"image/jpeg", "image/png", "image/webp", "image/gif"},
		// Videos: "File size: must not exceed 512 mb" (same page, "Video
		// specifications", Advanced); MP4 and MOV, both in the
		// media_type values of POST /2/media/upload/initialize.
		MaxVideoBytes: 512 << 20, VideoTypes: []string{"video/mp4", "video/quicktime"},
	},
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
