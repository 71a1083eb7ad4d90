package linkedin

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// ClientID and ClientSecret are Relais' LinkedIn app's credentials. The
// client secret both authenticates the app at the token endpoint and
// signs LinkedIn's deliveries and answers its challenge.
var (
	ClientID     = relais.Secret{Name: "linkedin/client-id", Env: "RELAIS_LINKEDIN_CLIENT_ID"}
	ClientSecret = relais.Secret{Name: "linkedin/client-secret", Env: "RELAIS_LINKEDIN_CLIENT_SECRET"}
)

// LinkedIn's OAuth 2.0 endpoints (its Authorization Code Flow page); the
// revocation endpoint is the one clients use, not on LinkedIn's pages
// (unconfirmed).
const (
	AuthURL   = "https://www.linkedin.com/oauth/v2/authorization"
	TokenURL  = "https://www.linkedin.com/oauth/v2/accessToken"
	RevokeURL = "https://www.linkedin.com/oauth/v2/revoke"
)

// Scopes are what Relais asks of a member who administers a page:
// posting, commenting and deleting as the page (w_organization_social),
// reading its posts and comments (r_organization_social), and its share
// statistics, reporting data (rw_organization_admin).
var Scopes = []string{"w_organization_social", "r_organization_social", "rw_organization_admin"}

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
	// The three-legged authorization code flow, the app's credentials in
	// the form; Relais' app is a confidential client, without PKCE. An
	// access token lives 60 days; a refresh token, given to approved
	// Marketing partners, renews it until 365 days after consent, when
	// the member must consent again (Programmatic Refresh Tokens).
	OAuth: &relais.OAuth{
		AuthURL: AuthURL, TokenURL: TokenURL, RevokeURL: RevokeURL,
		Scopes: Scopes, Refresh: relais.RefreshToken,
		ClientID: ClientID, ClientSecret: ClientSecret,
	},
}
