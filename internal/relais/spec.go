package relais

import (
	"net/http"
	"net/url"
	"time"
)

// Spec is everything Relais knows of one network. Each network's package
// declares its own, and internal/networks registers them all in one list:
// the CLI, the guards, the webhook routes, the secrets and the report's
// labels read it from there, so adding a network is its package and one
// line.
type Spec struct {
	Name Network
	// Label is the network's name as people write it; Color tells it
	// apart in charts, near its brand colour.
	Label, Color string
	// Formats are what Relais publishes there.
	Formats []Format
	Limits  Limits
	// Counting is how the network counts a text against Limits.MaxText.
	Counting Counting
	// Messaging holds the private-answer windows of a network that lets
	// Relais answer in private; NoMessaging says why another does not.
	Messaging   *Windows
	NoMessaging string
	// Canonical spells an account id as the network compares them (see
	// AccountRef.Canonical); nil keeps ids as they are.
	Canonical func(id string) string
	// API names the API the network is served by, which networks may
	// share (Meta's Graph API serves Facebook and Instagram): the local
	// stack points each API at one fake. Empty: the network's name.
	API string
	// BaseURL is the production API's address; empty where it depends on
	// the account (a Mastodon instance).
	BaseURL string
	// Adapter builds the network's adapter, calling the API at baseURL
	// (empty: the production one) through hc. It implements the ports the
	// network offers (NetworkPublisher, NetworkHider...), which is what
	// Relais does there.
	Adapter func(baseURL string, hc *http.Client) any
	// Polled is true for networks Relais reads by polling (NetworkPoller)
	// rather than from webhooks.
	Polled bool
	// Webhook is how the network delivers events; nil for none.
	Webhook *Webhook
	// OAuth is how an account connects; nil where a token or app password
	// is pasted.
	OAuth *OAuth
}

// APIName is the API the network is served by.
func (s Spec) APIName() string {
	if s.API != "" {
		return s.API
	}
	return string(s.Name)
}

// Format is a kind of post a network takes.
type Format string

const (
	FormatText     Format = "text"
	FormatImage    Format = "image"
	FormatCarousel Format = "carousel"
	FormatVideo    Format = "video"
)

// Webhook is how a network signs and shapes its deliveries to one path
// of the webhook function. Networks that share a path (Facebook and
// Instagram) declare the same one.
type Webhook struct {
	Path   string
	Secret Secret
	// Token is a second secret the subscription handshake checks (Meta's
	// verify token).
	Token  *Secret
	Verify func(secret []byte, header http.Header, body []byte, now time.Time) error
	Parse  func(body []byte, receivedAt time.Time) ([]Interaction, error)
	// Header and Sign are how the network signs a delivery, for the tools
	// that send one as it would.
	Header string
	Sign   func(secret, body []byte, at time.Time) string
	// Handshake answers the network's subscription check; nil when it has
	// none.
	Handshake func(secret, token string, query url.Values) (status int, contentType string, body []byte)
}

// Secret is a secret kept under <prefix>/secrets: one a webhook's
// deliveries are checked with, an app's client secret, or the links'
// signing key. In AWS it is a SecureString parameter; `relais dev` takes
// it from the environment variable Env.
type Secret struct {
	Name string
	Env  string
}
