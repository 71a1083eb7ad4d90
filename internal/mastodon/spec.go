package mastodon

import (
	"net/http"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Spec declares Mastodon. Each account's instance serves its API, so there
// is no one base URL; a user@instance compares case-insensitively, and is
// kept in lower case without a leading @.
var Spec = relais.Spec{
	Name: relais.Mastodon, Label: "Mastodon", Color: "#6364ff",
	// Up to four images on a status, or one video alone.
	Formats: []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	// Mastodon's defaults, as GET /api/v2/instance advertises them
	// (configuration.statuses and media_attachments) and its user guide
	// states them (docs.joinmastodon.org, user/posting): 500 characters,
	// 4 attachments, images up to 16 MB, videos (MP4, MOV, WebM) up to
	// 99 MB since 4.0. An instance may set others; videos are held to the
	// 40 MB of Mastodon 3.x instances, the stricter reading.
	Limits: relais.Limits{
		MaxText: 500, MaxMedia: 4, MaxImageBytes: 16 << 20,
		VideoTypes: []string{"video/mp4", "video/quicktime", "video/webm"}, MaxVideoBytes: 40 << 20,
	},
	Counting:  relais.CountLinks23,
	Messaging: &relais.Windows{MaxText: 500},
	Canonical: func(id string) string { return strings.ToLower(strings.TrimPrefix(id, "@")) },
	// baseURL, when given, stands for every instance (the local stack's
	// one fake).
	Adapter: func(baseURL string, hc *http.Client) any {
		c := New(hc)
		if baseURL != "" {
			c.BaseURL = func(string) string { return baseURL }
		}
		return c
	},
}
