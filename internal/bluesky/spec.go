package bluesky

import (
	"net/http"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// DefaultPDS is the PDS of the accounts Bluesky hosts.
const DefaultPDS = "https://bsky.social"

// Spec declares Bluesky. A handle compares case-insensitively and is kept
// in lower case without a leading @; a DID stays as it is.
var Spec = relais.Spec{
	Name: relais.Bluesky, Label: "Bluesky", Color: "#5fb4ff",
	// Up to four images on a post (app.bsky.embed.images), or one video
	// alone (app.bsky.embed.video).
	Formats: []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	// The lexicons' limits: 300 graphemes of text (app.bsky.feed.post),
	// four images of 2,000,000 bytes (app.bsky.embed.images); a video is
	// an MP4 (app.bsky.video.uploadVideo's input, app.bsky.embed.video's
	// blob) of 100,000,000 bytes (the embed's maxSize from March 2025,
	// atproto#3602; it took 300 MB in August 2026, with the video
	// service's new multipart upload: 100 MB is the stricter reading).
	// Bluesky announced 3 minutes a video in 2025; Relais does not know a
	// video's length, and the video service refuses a longer one.
	Limits: relais.Limits{
		MaxText: 300, MaxMedia: 4, MaxImageBytes: 2_000_000,
		VideoTypes: []string{"video/mp4"}, MaxVideoBytes: 100_000_000,
	},
	Messaging: &relais.Windows{MaxText: 1000},
	Canonical: func(id string) string {
		if strings.HasPrefix(id, "did:") {
			return id
		}
		return strings.ToLower(strings.TrimPrefix(id, "@"))
	},
	BaseURL: DefaultPDS,
	// u, when given, is the local stack's one fake, which serves the
	// video service too.
	Adapter: func(u string, hc *http.Client) any {
		if u == "" {
			return New(DefaultPDS, hc)
		}
		c := New(u, hc)
		c.VideoURL = u
		return c
	},
}
