package meta

import (
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// BaseURL is the Graph API's root in production, at the version Relais
// was written against.
const BaseURL = "https://graph.facebook.com/v21.0"

// Meta's webhook secrets: the app secret signs deliveries, the verify
// token answers the subscription check.
var (
	AppSecret   = relais.Secret{Name: "meta/app-secret", Env: "RELAIS_META_APP_SECRET"}
	VerifyToken = relais.Secret{Name: "meta/verify-token", Env: "RELAIS_META_VERIFY_TOKEN"}
)

// webhook is the one path Facebook and Instagram deliver to.
var webhook = &relais.Webhook{
	Path: "meta", Secret: AppSecret, Token: &VerifyToken, Verify: Verify, Parse: Parse,
	Header: SignatureHeader, Sign: func(s, b []byte, _ time.Time) string { return Sign(s, b) },
	Handshake: func(_, token string, q url.Values) (int, string, []byte) { return Handshake(token, q) },
}

// Meta's messaging windows: 24 hours after the customer's last message,
// then a person's answer under HUMAN_AGENT up to 7 days; one private reply
// to a comment within 7 days.
func windows(maxText int) *relais.Windows {
	return &relais.Windows{Standard: 24 * time.Hour, Tagged: 7 * 24 * time.Hour, PrivateReply: 7 * 24 * time.Hour, MaxText: maxText}
}

// Meta's limits on what a post carries.
const (
	// maxFacebookPhoto is a Page photo's most: "Files can not exceed 10MB"
	// (Page Photos reference; the Photo reference: "less than 10MB"), read
	// as 10,000,000 bytes, the stricter.
	maxFacebookPhoto = 10_000_000
	// maxFacebookMedia is the most photos Relais attaches to one Page
	// post: Meta documents no maximum for attached_media, so Relais takes
	// as many as an Instagram carousel.
	maxFacebookMedia = 10
	// maxInstagramMedia is a carousel's most children, 2 to 10 (IG User
	// Media reference); maxReelBytes a Reel's most, "File size: 300MB
	// maximum" (its Reels specifications; earlier versions said 1GB), read
	// as 300,000,000 bytes, the stricter.
	maxInstagramMedia = 10
	maxReelBytes      = 300_000_000
)

// FacebookSpec declares Facebook pages. A page takes photos in the
// formats the Page Photos reference lists (.jpeg, .bmp, .png, .gif, .tiff:
// no WebP), several in one post, or one video by URL: the Graph reference
// states no size or format for a Page video, so Relais sends the media
// library's MP4 and QuickTime ones, within its 1 GiB.
var FacebookSpec = relais.Spec{
	Name: relais.Facebook, Label: "Facebook", Color: "#1877f2",
	Formats: []relais.Format{relais.FormatText, relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	Limits: relais.Limits{
		MaxText: 63206,
		// A comment, the first one or a reply, is 8,000 characters.
		MaxFirstComment: maxFacebookComment,
		MaxReply:        maxFacebookComment,
		MaxImageBytes:   maxFacebookPhoto,
		ImageTypes:      []string{"image/jpeg", "image/bmp", "image/png", "image/gif", "image/tiff"},
		MaxMedia:        maxFacebookMedia,
		VideoTypes:      []string{"video/mp4", "video/quicktime"},
	},
	Messaging: windows(2000),
	API:       "meta", BaseURL: BaseURL,
	Adapter: func(u string, hc *http.Client) any { return New(orDefault(u), hc).Facebook() },
	Webhook: webhook,
}

// InstagramSpec declares Instagram professional accounts, which post only
// with an image (a JPEG, at most 8 MiB), a carousel of them, or a video
// as a Reel (MOV or MP4, at most 300 MB), per the IG User Media
// reference.
var InstagramSpec = relais.Spec{
	Name: relais.Instagram, Label: "Instagram", Color: "#d62976",
	Formats: []relais.Format{relais.FormatImage, relais.FormatCarousel, relais.FormatVideo},
	Limits: relais.Limits{
		MaxText: 2200, MaxFirstComment: maxInstagramComment, RequiresImage: true, MaxImageBytes: 8 << 20, ImageTypes: []string{"image/jpeg"},
		MaxMedia: maxInstagramMedia, MaxVideoBytes: maxReelBytes, VideoTypes: []string{"video/mp4", "video/quicktime"},
	},
	Messaging: windows(1000),
	API:       "meta", BaseURL: BaseURL,
	Adapter: func(u string, hc *http.Client) any { return New(orDefault(u), hc).Instagram() },
	Webhook: webhook,
}

// specOf is the spec of one of Meta's networks.
func specOf(n relais.Network) relais.Spec {
	if n == relais.Instagram {
		return InstagramSpec
	}
	return FacebookSpec
}

func orDefault(u string) string {
	if u == "" {
		return BaseURL
	}
	return u
}
