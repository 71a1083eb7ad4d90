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
	Formats:   []relais.Format{relais.FormatText, relais.FormatImage},
	Limits:    relais.Limits{MaxText: 500, MaxImageBytes: 16 << 20},
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
