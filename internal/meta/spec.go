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

// Meta's app secrets. The App ID is Facebook Login's client_id. The App
// Secret is its client_secret and also signs webhook deliveries: one app,
// one secret (Facebook Login's token exchanges and the webhooks'
// X-Hub-Signature-256 both name the app secret). The verify token
// answers the webhooks' subscription check.
var (
	AppID       = relais.Secret{Name: "meta/app-id", Env: "RELAIS_META_APP_ID"}
	AppSecret   = relais.Secret{Name: "meta/app-secret", Env: "RELAIS_META_APP_SECRET"}
	VerifyToken = relais.Secret{Name: "meta/verify-token", Env: "RELAIS_META_VERIFY_TOKEN"}
)

// webhook is the one path Facebook and Instagram deliver to.
var webhook = &relais.Webhook{
	Path: "meta", Secret: AppSecret, Token: &VerifyToken, Verify: Verify, Parse: Parse,
	Header: SignatureHeader, Sign: func(s, b []byte, _ time.Time) string { return Sign(s, b) },
	Handshake: func(_, token string, q url.Values) (int, string, []byte) { return Handshake(token, q) },
	Revoked:   Revoked,
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

// Facebook Login's endpoints (Manually Build a Login Flow, Long-Lived
// Access Tokens): the Login dialog on www.facebook.com and the token
// endpoint of the Graph API, at Relais' version. Meta offers apps no
// revocation endpoint: a person removes an app in their settings (or an
// app calls DELETE /me/permissions with the person's token).
const (
	AuthURL  = "https://www.facebook.com/v21.0/dialog/oauth"
	TokenURL = BaseURL + "/oauth/access_token"
)

// FacebookScopes are what Relais asks of a person for their Page (Pages
// API, Posts): finding the Page and its token (pages_show_list), posting
// as it (pages_manage_posts, publish_video), reading its posts, comments
// and figures (pages_read_engagement, pages_read_user_content,
// read_insights), moderating and answering comments
// (pages_manage_engagement) and answering in private (pages_messaging).
var FacebookScopes = []string{
	"pages_show_list", "pages_manage_posts", "publish_video", "pages_read_engagement",
	"pages_read_user_content", "read_insights", "pages_manage_engagement", "pages_messaging",
}

// InstagramScopes are what Relais asks of a person for the Instagram
// professional account linked to their Page (Instagram API with Facebook
// Login): the account and its media (instagram_basic), publishing
// (instagram_content_publish), comments (instagram_manage_comments),
// insights (instagram_manage_insights), private answers
// (instagram_manage_messages), and the Page it is linked to
// (pages_show_list, pages_read_engagement).
var InstagramScopes = []string{
	"instagram_basic", "instagram_content_publish", "instagram_manage_comments",
	"instagram_manage_insights", "instagram_manage_messages", "pages_show_list", "pages_read_engagement",
}

// loginFor is Facebook Login asking for scopes, comma-separated as Meta's
// examples write them. A code gives a person's user token valid about an
// hour, exchanged at once with the app's id and secret for one valid 60
// days (fb_exchange_token), which the same exchange renews while it is
// still valid; an expired one needs the person. Facebook Login's PKCE is
// still in testing: the app authenticates with its secret.
//
// Instagram takes the person's user token for the account's calls. A
// Page's calls take the Page's own token, which Facebook.PageToken gets
// with the user token (GET /{page-id}?fields=access_token): got with the
// long-lived user token, it has no expiry, so a Page connected this way
// keeps the Page token with a zero ExpiresAt and nothing to renew. It
// still ends when the person removes the app, changes their password or
// loses their role on the Page, which the Page's next call learns (code
// 190). The OAuth client returns the user token: taking the Page token
// is a step after the code exchange, the connecting code's.
func loginFor(scopes []string) *relais.OAuth {
	longLived := func() *relais.Exchange {
		return &relais.Exchange{GrantType: "fb_exchange_token", TokenParam: "fb_exchange_token", ClientID: true, ClientSecret: true}
	}
	return &relais.OAuth{
		AuthURL: AuthURL, TokenURL: TokenURL, Scopes: scopes, ScopeSeparator: ",",
		Refresh: relais.RefreshExchange, Upgrade: longLived(), Renew: longLived(),
		ClientID: AppID, ClientSecret: AppSecret,
	}
}

// FacebookSpec declares Facebook pages. A page takes photos in the
// formats the Page Photos reference lists (.jpeg, .bmp, .png, .gif, .tiff:
// no WebP), several in one post, or one video by URL: the Graph reference
// states no size or format for a Page video, so Relais sends the media
// library's MP4 and QuickTime ones, within its 1 GiB. The option
// format=reel sends the video as a Reel (see checkFacebook).
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
	Options:      facebookOptions,
	CheckContent: checkFacebook,
	Messaging:    windows(2000),
	API:          "meta", BaseURL: BaseURL,
	Adapter: func(u string, hc *http.Client) any { return New(orDefault(u), hc).Facebook() },
	Webhook: webhook,
	OAuth:   loginFor(FacebookScopes),
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
	OAuth:   loginFor(InstagramScopes),
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
