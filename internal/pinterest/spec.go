package pinterest

import (
	"net/http"

	"github.com/relais-dev/relais/internal/relais"
)

// Network is Pinterest's name in Relais.
const Network relais.Network = "pinterest"

// Pinterest's limits on a Pin, from the PinCreate schema of its OpenAPI
// description (description, link, alt text) and its product specs (media).
const (
	maxDescription = 800
	maxLink        = 2048
	maxAltText     = 500
	// minCarousel and maxCarousel bound multiple_image_urls' items.
	minCarousel = 2
	maxCarousel = 5
	// maxImageBytes is a static Pin's image on the web, 20 MB (32 MB in
	// the app): the stricter.
	maxImageBytes = 20_000_000
	// maxVideoBytes is "up to 2GB", read as the stricter 2,000,000,000.
	maxVideoBytes = 2_000_000_000
)

// Spec is what Relais knows of Pinterest.
var Spec = relais.Spec{
	Name:  Network,
	Label: "Pinterest",
	// Pinterest red.
	Color:   "#e60023",
	Formats: []relais.Format{relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	Limits: relais.Limits{
		// The Pin's description: the link goes in the Pin's own link field.
		MaxText:       maxDescription,
		RequiresImage: true,
		MaxImageBytes: maxImageBytes,
		ImageTypes:    []string{"image/jpeg", "image/png"},
		MaxMedia:      maxCarousel,
		MaxVideoBytes: maxVideoBytes,
		// .mp4, .mov and .m4v files.
		VideoTypes: []string{"video/mp4", "video/quicktime", "video/x-m4v"},
	},
	Counting:    relais.CountCodePoints,
	NoMessaging: "Pinterest offers businesses no messaging API; answer on Pinterest",
	BaseURL:     BaseURL,
	Adapter: func(baseURL string, hc *http.Client) any {
		if baseURL == "" {
			baseURL = BaseURL
		}
		return New(baseURL, hc)
	},
	OAuth: &relais.OAuth{
		AuthURL:  "https://www.pinterest.com/oauth/",
		TokenURL: "https://api.pinterest.com/v5/oauth/token",
		// No RevokeURL: Pinterest revokes only the tokens of system
		// users; a person removes an app's access in their settings.
		// Creating a Pin takes all four scopes; reading a board's Pins
		// and a Pin's analytics, the two read ones.
		Scopes:         []string{"boards:read", "boards:write", "pins:read", "pins:write"},
		ScopeSeparator: ",",
		Refresh:        relais.RefreshToken,
		// The token endpoint takes the app's id and secret with HTTP Basic.
		ClientAuth:   relais.ClientAuthBasic,
		ClientID:     relais.Secret{Name: "pinterest/client-id", Env: "RELAIS_PINTEREST_CLIENT_ID"},
		ClientSecret: relais.Secret{Name: "pinterest/client-secret", Env: "RELAIS_PINTEREST_CLIENT_SECRET"},
	},
}
