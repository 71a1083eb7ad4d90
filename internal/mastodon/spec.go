package mastodon

import (
	"net/http"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// OAuthInstance is the instance whose OAuth endpoints the spec declares:
// mastodon.social, the largest.
const OAuthInstance = "mastodon.social"

// Scopes are what Relais asks of a Mastodon account: its own id
// (read:accounts), its statuses and the threads it answers in
// (read:statuses), its mentions and direct messages
// (read:notifications), and posting statuses and their images
// (write:statuses, write:media).
var Scopes = []string{"read:accounts", "read:statuses", "read:notifications", "write:statuses", "write:media"}

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
	// Every instance is its own authorization server, with its own apps:
	// the operator registers Relais' app on an instance (POST
	// /api/v1/apps with Relais' redirect URI and these scopes) and keeps
	// the client_id and client_secret it answers. Relais uses one app per
	// instance; the spec names OAuthInstance's endpoints and app, at the
	// paths every instance serves (docs.joinmastodon.org, methods/oauth),
	// so it connects the accounts of that one instance (or of the local
	// stack's fake, which stands for all). The token endpoint and the
	// revocation endpoint take the app's credentials in the form.
	// Mastodon's tokens do not expire and come without a refresh token:
	// there is nothing to renew, and a revoked token needs the person.
	OAuth: &relais.OAuth{
		AuthURL:      "https://" + OAuthInstance + "/oauth/authorize",
		TokenURL:     "https://" + OAuthInstance + "/oauth/token",
		RevokeURL:    "https://" + OAuthInstance + "/oauth/revoke",
		Scopes:       Scopes,
		Refresh:      relais.RefreshNone,
		ClientID:     relais.Secret{Name: "mastodon/client-id", Env: "RELAIS_MASTODON_CLIENT_ID"},
		ClientSecret: relais.Secret{Name: "mastodon/client-secret", Env: "RELAIS_MASTODON_CLIENT_SECRET"},
	},
}
