package gbp

import (
	"net/http"

	"github.com/relais-dev/relais/internal/relais"
)

// Network is Google Business Profile's name in Relais.
const Network relais.Network = "gbp"

// Scope is the one OAuth scope the Business Profile APIs take.
const Scope = "https://www.googleapis.com/auth/business.manage"

// maxSummary is a local post's longest text, in characters, as Google's
// Business Profile help centre gives it for posts (the API reference
// states none).
const maxSummary = 1500

// maxPhotoBytes and photoTypes are Google's photo guidelines for Business
// Profile (JPG or PNG, up to 5 MB), from its help centre.
const maxPhotoBytes = 5 << 20

var photoTypes = []string{"image/jpeg", "image/png"}

// Spec is what Relais knows of Google Business Profile.
var Spec = relais.Spec{
	Name:  Network,
	Label: "Google Business Profile",
	Color: "#4285f4",
	// A local post carries one photo, by URL; Google takes no video in a
	// post.
	Formats: []relais.Format{relais.FormatText, relais.FormatImage},
	Limits: relais.Limits{
		MaxText: maxSummary,
		// An answer to a review is up to 4096 bytes, which the adapter
		// checks; as characters, that is at most as many.
		MaxReply:      maxReplyBytes,
		MaxImageBytes: maxPhotoBytes,
		ImageTypes:    photoTypes,
		MaxMedia:      1,
	},
	Counting:    relais.CountCodePoints,
	NoMessaging: "Google closed Business Profile chat on 31 July 2024: a profile has no messages to answer, and its reviews are answered in public",
	Canonical:   CanonicalAccount,
	BaseURL:     DefaultBaseURL,
	Adapter: func(baseURL string, hc *http.Client) any {
		if baseURL == "" {
			baseURL = DefaultBaseURL
		}
		return New(baseURL, hc)
	},
	Options:      options,
	CheckContent: checkTopic,
	OAuth: &relais.OAuth{
		AuthURL:   "https://accounts.google.com/o/oauth2/v2/auth",
		TokenURL:  "https://oauth2.googleapis.com/token",
		RevokeURL: "https://oauth2.googleapis.com/revoke",
		Scopes:    []string{Scope},
		PKCE:      true,
		// Google's refresh token does not rotate: a refresh answers an
		// access token alone.
		Refresh:      relais.RefreshToken,
		ClientID:     relais.Secret{Name: "gbp/client-id", Env: "RELAIS_GBP_CLIENT_ID"},
		ClientSecret: relais.Secret{Name: "gbp/client-secret", Env: "RELAIS_GBP_CLIENT_SECRET"},
		// Without access_type=offline Google gives no refresh token, and
		// the profile must be connected again every hour; without
		// prompt=consent, a second consent by the same person gives none
		// either.
		ConsentParams: map[string]string{"access_type": "offline", "prompt": "consent"},
	},
}
