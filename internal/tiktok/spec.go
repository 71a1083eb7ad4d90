package tiktok

import (
	"net/http"

	"github.com/relais-dev/relais/internal/relais"
)

// Network is TikTok's name in Relais.
const Network relais.Network = relais.TikTok

// BaseURL is TikTok's API.
const BaseURL = "https://open.tiktokapis.com"

// Limits of the Content Posting API, as its references and media
// transfer guide give them.
const (
	// MaxCaption is a video's caption (post_info.title) and
	// MaxDescription a photo post's description, in UTF-16 code units,
	// as TikTok counts them.
	MaxCaption     = 2200
	MaxDescription = 4000
	// MaxPhotos is how many photos one post takes.
	MaxPhotos = 35
	// MaxVideoBytes and MaxPhotoBytes are the guide's "4GB" and "20MB",
	// read as decimal units, the stricter reading.
	MaxVideoBytes = 4_000_000_000
	MaxPhotoBytes = 20_000_000
)

// Spec is what Relais knows of TikTok.
var Spec = relais.Spec{
	Name:  Network,
	Label: "TikTok",
	// The colour the reports already give TikTok, told apart from the
	// other networks' in charts.
	Color:   "#f2a900",
	Formats: []relais.Format{relais.FormatVideo, relais.FormatImage, relais.FormatCarousel},
	Limits: relais.Limits{
		// A video's caption; a photo post's description takes 4000. Both
		// count UTF-16 code units, which the adapter checks exactly.
		MaxText:       MaxCaption,
		RequiresImage: true,
		MaxImageBytes: MaxPhotoBytes,
		ImageTypes:    photoTypes,
		MaxMedia:      MaxPhotos,
		MaxVideoBytes: MaxVideoBytes,
		VideoTypes:    videoTypes,
	},
	// TikTok counts UTF-16 code units, which code points never exceed:
	// the adapter checks the exact count before any call.
	Counting:    relais.CountCodePoints,
	NoMessaging: "TikTok offers no messaging API to business accounts; answer on TikTok",
	BaseURL:     BaseURL,
	Adapter:     func(baseURL string, hc *http.Client) any { return New(baseURL, hc) },
	Webhook: &relais.Webhook{
		Path:    "tiktok",
		Secret:  relais.Secret{Name: "tiktok/client-secret", Env: "RELAIS_TIKTOK_CLIENT_SECRET"},
		Verify:  Verify,
		Parse:   Parse,
		Header:  SignatureHeader,
		Sign:    Sign,
		Revoked: Revoked,
	},
	Options: options,
	OAuth: &relais.OAuth{
		AuthURL:   "https://www.tiktok.com/v2/auth/authorize/",
		TokenURL:  "https://open.tiktokapis.com/v2/oauth/token/",
		RevokeURL: "https://open.tiktokapis.com/v2/oauth/revoke/",
		// Publishing needs video.publish; listing and figures video.list.
		Scopes:         []string{"user.info.basic", "video.publish", "video.upload", "video.list"},
		ScopeSeparator: ",",
		// TikTok requires PKCE of desktop and mobile apps and takes it
		// from web apps.
		PKCE:    true,
		Refresh: relais.RefreshToken,
		// TikTok calls the client id client_key.
		ClientIDParam: "client_key",
		ClientID:      relais.Secret{Name: "tiktok/client-key", Env: "RELAIS_TIKTOK_CLIENT_KEY"},
		ClientSecret:  relais.Secret{Name: "tiktok/client-secret", Env: "RELAIS_TIKTOK_CLIENT_SECRET"},
	},
}
