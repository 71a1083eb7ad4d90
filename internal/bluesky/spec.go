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
	Formats:   []relais.Format{relais.FormatText, relais.FormatImage},
	Limits:    relais.Limits{MaxText: 300, MaxImageBytes: 2_000_000},
	Messaging: &relais.Windows{MaxText: 1000},
	Canonical: func(id string) string {
		if strings.HasPrefix(id, "did:") {
			return id
		}
		return strings.ToLower(strings.TrimPrefix(id, "@"))
	},
	BaseURL: DefaultPDS,
	Adapter: func(u string, hc *http.Client) any {
		if u == "" {
			u = DefaultPDS
		}
		return New(u, hc)
	},
}
