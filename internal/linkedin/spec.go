package linkedin

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// ClientSecret signs LinkedIn's deliveries and answers its challenge.
var ClientSecret = relais.Secret{Name: "linkedin/client-secret", Env: "RELAIS_LINKEDIN_CLIENT_SECRET"}

// Spec declares LinkedIn pages. A page is known by its organization
// number, whether it is written as such or as its URN, which its webhooks
// use.
var Spec = relais.Spec{
	Name: relais.LinkedIn, Label: "LinkedIn", Color: "#0a8f8f",
	Formats: []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	// From LinkedIn's Marketing API documentation: 3,000 characters of
	// commentary (Posts API); JPEG, PNG and GIF images (Images API, which
	// documents a pixel count, not a byte size); 2 to 20 images in a
	// multiImage post (MultiImage API); MP4 videos of 75 KB to 500 MB
	// (Videos API), read in binary units; the 75 KB floor, which Limits
	// cannot say, the adapter checks itself.
	Limits: relais.Limits{
		MaxText: 3000,
		// A comment, the first one or a reply, is 1,250 characters.
		MaxFirstComment: maxComment,
		MaxReply:        maxComment,
		ImageTypes:      []string{"image/jpeg", "image/png", "image/gif"},
		MaxMedia:        20,
		VideoTypes:      []string{"video/mp4"},
		MaxVideoBytes:   500 << 20,
	},
	NoMessaging: "LinkedIn offers pages no messaging API; answer on LinkedIn",
	Canonical:   func(id string) string { return strings.TrimPrefix(id, organizationPrefix) },
	BaseURL:     DefaultBaseURL,
	Adapter: func(u string, hc *http.Client) any {
		if u == "" {
			u = DefaultBaseURL
		}
		return New(u, hc)
	},
	Webhook: &relais.Webhook{
		Path: "linkedin", Secret: ClientSecret, Verify: Verify, Parse: Parse,
		Header: SignatureHeader, Sign: func(s, b []byte, _ time.Time) string { return Sign(s, b) },
		Handshake: func(secret, _ string, q url.Values) (int, string, []byte) { return Handshake([]byte(secret), q) },
	},
}
