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

// X's OAuth 2.0 endpoints (docs.x.com, fundamentals/authentication/
// oauth-2-0/user-access-token): the consent page on x.com, the token and
// revocation endpoints on the API's host.
const (
	AuthURL   = "https://x.com/i/oauth2/authorize"
	TokenURL  = BaseURL + "/2/oauth2/token"
	RevokeURL = BaseURL + "/2/oauth2/revoke"
)

// Scopes are what Relais asks of an X account: reading and writing posts
// (tweet.read and users.read for the account's timeline and a post's
// metrics, tweet.write to post and reply), hiding replies
// (tweet.moderate.write), uploading media (media.write), and
// offline.access, without which X gives no refresh token and the
// two-hour access token cannot be renewed.
var Scopes = []string{"tweet.read", "tweet.write", "users.read", "tweet.moderate.write", "media.write", "offline.access"}

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
	// The authorization code flow with PKCE, the one X offers for acting
	// as a user: access tokens live two hours; offline.access adds a
	// refresh token, which each refresh replaces (X's pages do not say
	// so, RFC 6749 (6) lets it, and the client keeps the new one).
	// Relais' app is a confidential client, which X authenticates with
	// HTTP Basic at the token and revocation endpoints.
	OAuth: &relais.OAuth{
		AuthURL: AuthURL, TokenURL: TokenURL, RevokeURL: RevokeURL,
		Scopes: Scopes, PKCE: true, Refresh: relais.RefreshToken,
		ClientAuth:   relais.ClientAuthBasic,
		ClientID:     relais.Secret{Name: "x/client-id", Env: "RELAIS_X_CLIENT_ID"},
		ClientSecret: relais.Secret{Name: "x/client-secret", Env: "RELAIS_X_CLIENT_SECRET"},
	},
}
