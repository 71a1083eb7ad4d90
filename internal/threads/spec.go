package threads

import (
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Network is Threads in Relais.
const Network relais.Network = "threads"

// BaseURL is the production Threads API, version included. Threads also
// answers at graph.threads.com; .net is the host its guides use.
const BaseURL = "https://graph.threads.net/v1.0"

// OAuth endpoints (Threads' "Get Access Tokens" and "Long-Lived Access
// Tokens" guides). The consent page answers with a code, exchanged at
// TokenURL for a token valid one hour; ExchangeURL
// (grant_type=th_exchange_token, with the client secret) turns that into
// a token valid 60 days, which RefreshURL (grant_type=th_refresh_token)
// renews for 60 more days once it is 24 hours old.
const (
	AuthURL     = "https://threads.net/oauth/authorize"
	TokenURL    = "https://graph.threads.net/oauth/access_token"
	ExchangeURL = "https://graph.threads.net/access_token"
	RefreshURL  = "https://graph.threads.net/refresh_access_token"
)

// Scopes are the permissions Relais asks for: threads_basic for every
// call, threads_content_publish to post, threads_read_replies and
// threads_manage_replies for the replies webhook, answers and hiding,
// threads_manage_insights for metrics, and threads_manage_mentions,
// which the mentions webhook and answers to mentions on others' posts
// require (Threads' webhooks and "Create Replies" pages).
var Scopes = []string{
	"threads_basic",
	"threads_content_publish",
	"threads_manage_replies",
	"threads_read_replies",
	"threads_manage_insights",
	"threads_manage_mentions",
}

// Threads' documented limits ("Threads Posts", "Overview" and the
// publishing reference).
const (
	// MaxText is a post's or reply's longest text, counted by Length.
	MaxText = 500
	// MaxLinks is how many distinct links a post's text may hold: Threads
	// refuses more with THREADS_API__LINK_LIMIT_EXCEEDED since December
	// 2025.
	MaxLinks = 5
	// MaxAltText is an image's or video's longest alt text, in characters.
	MaxAltText = 1000
	// MinCarousel and MaxCarousel bound a carousel's items.
	MinCarousel = 2
	MaxCarousel = 20
	// MaxImageBytes is "8 MB", read as Meta's 8 MiB; MaxVideoBytes is
	// "1 GB".
	MaxImageBytes = 8 << 20
	MaxVideoBytes = 1 << 30
)

// Spec is what Relais knows of Threads.
var Spec = relais.Spec{
	Name:    Network,
	Label:   "Threads",
	Color:   "#000000",
	Formats: []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatVideo, relais.FormatCarousel},
	Limits: relais.Limits{
		MaxText:       MaxText,
		MaxImageBytes: MaxImageBytes,
		ImageTypes:    []string{"image/jpeg", "image/png"},
		MaxMedia:      MaxCarousel,
		MaxVideoBytes: MaxVideoBytes,
		VideoTypes:    []string{"video/mp4", "video/quicktime"},
	},
	// Threads counts an emoji as its UTF-8 bytes.
	Counting:    relais.CountEmojiBytes,
	NoMessaging: "Threads offers no messaging API; answer on Threads",
	BaseURL:     BaseURL,
	Adapter: func(baseURL string, hc *http.Client) any {
		if baseURL == "" {
			baseURL = BaseURL
		}
		return New(baseURL, hc)
	},
	Webhook: &relais.Webhook{
		Path:   "threads",
		Secret: relais.Secret{Name: "threads/app-secret", Env: "RELAIS_THREADS_APP_SECRET"},
		Token:  &relais.Secret{Name: "threads/verify-token", Env: "RELAIS_THREADS_VERIFY_TOKEN"},
		Verify: Verify,
		Parse:  Parse,
		Header: SignatureHeader,
		Sign:   func(secret, body []byte, _ time.Time) string { return Sign(secret, body) },
		Handshake: func(_, token string, query url.Values) (int, string, []byte) {
			return Handshake(token, query)
		},
	},
	OAuth: &relais.OAuth{
		AuthURL:  AuthURL,
		TokenURL: TokenURL,
		Scopes:   Scopes,
		// Threads takes a comma-separated list (or a URL-encoded
		// space-separated one); its samples use commas.
		ScopeSeparator: ",",
		Refresh:        relais.RefreshExchange,
		// A code's one-hour token is exchanged at once for a 60-day one
		// (with the app's secret), which renews itself (alone).
		Upgrade:      &relais.Exchange{URL: ExchangeURL, GrantType: "th_exchange_token", TokenParam: "access_token", ClientSecret: true},
		Renew:        &relais.Exchange{URL: RefreshURL, GrantType: "th_refresh_token", TokenParam: "access_token"},
		ClientID:     relais.Secret{Name: "threads/client-id", Env: "RELAIS_THREADS_CLIENT_ID"},
		ClientSecret: relais.Secret{Name: "threads/client-secret", Env: "RELAIS_THREADS_CLIENT_SECRET"},
	},
}
