package relais

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
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
	// Counting is how the network counts a text against Limits.MaxText;
	// code points unless it says otherwise (Length of "" counts them).
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
	// Webhook is how the network delivers events; nil for none.
	Webhook *Webhook
	// OAuth is how an account connects; nil where a token or app password
	// is pasted.
	OAuth *OAuth
	// Options are the settings a post to the network may or must give.
	Options []Option
	// CheckContent refuses, when a post is scheduled, what only the
	// network's own rules refuse (an event without its dates); nil when
	// the limits say it all.
	CheckContent func(Content) error
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
	// Revoked reads, from a verified delivery, who removed Relais' access
	// (TikTok's authorization.removed names the account, Meta's
	// deauthorize callback the person); nil when the network tells none by
	// webhook.
	Revoked func(body []byte) []Revocation
}

// Revocation is an owner's removal of Relais' access: to one account, or
// to every account a person granted on the network's API.
type Revocation struct {
	Network   Network
	AccountID string
	// Person, when set, names the person (Grant.Person) instead of an
	// account.
	Person string
}

// Secret is a secret kept under <prefix>/secrets: one a webhook's
// deliveries are checked with, an app's client secret, or the links'
// signing key. In AWS it is a SecureString parameter; `relais dev` takes
// it from the environment variable Env.
type Secret struct {
	Name string
	Env  string
}

// registry holds the registered specs in display order.
var registry struct {
	sync.RWMutex
	order []Network
	specs map[Network]Spec
}

// Register adds networks' specs. It panics on a spec without a name or one
// registered twice: a registration mistake is caught at start.
func Register(specs ...Spec) {
	registry.Lock()
	defer registry.Unlock()
	if registry.specs == nil {
		registry.specs = map[Network]Spec{}
	}
	for _, s := range specs {
		if s.Name == "" || s.Label == "" {
			panic(fmt.Sprintf("relais: network spec %q needs a name and a label", s.Name))
		}
		if _, dup := registry.specs[s.Name]; dup {
			panic(fmt.Sprintf("relais: network %q registered twice", s.Name))
		}
		if s.Counting == "" {
			s.Counting = CountCodePoints
		}
		registry.specs[s.Name] = s
		registry.order = append(registry.order, s.Name)
	}
}

// Networks lists the registered networks, in display order.
func Networks() []Network {
	registry.RLock()
	defer registry.RUnlock()
	return append([]Network(nil), registry.order...)
}

// SpecOf returns a registered network's spec, and whether it is
// registered.
func SpecOf(n Network) (Spec, bool) {
	registry.RLock()
	defer registry.RUnlock()
	s, ok := registry.specs[n]
	return s, ok
}

// Specs returns every registered spec, in display order.
func Specs() []Spec {
	registry.RLock()
	defer registry.RUnlock()
	out := make([]Spec, len(registry.order))
	for i, n := range registry.order {
		out[i] = registry.specs[n]
	}
	return out
}

// spec returns a registered network's spec, or the EINVALID error of an
// unknown network.
func spec(n Network) (Spec, error) {
	if s, ok := SpecOf(n); ok {
		return s, nil
	}
	_, err := ParseNetwork(string(n))
	return Spec{}, err
}

// ParseNetwork returns the network named s, or an EINVALID error listing the
// known names.
func ParseNetwork(s string) (Network, error) {
	if _, ok := SpecOf(Network(s)); ok {
		return Network(s), nil
	}
	names := make([]string, 0, len(Networks()))
	for _, n := range Networks() {
		names = append(names, string(n))
	}
	return "", Errorf(EINVALID, "unknown network %q (want one of %s)", s, strings.Join(names, ", "))
}

// Label is how people write a network's name; an unregistered one keeps
// its key.
func (n Network) Label() string {
	if s, ok := SpecOf(n); ok {
		return s.Label
	}
	return string(n)
}

// Color tells a network apart in charts; an unregistered one is grey.
func (n Network) Color() string {
	if s, ok := SpecOf(n); ok && s.Color != "" {
		return s.Color
	}
	return "#888888"
}

// Option is a setting a post gives its network, beyond its content, which
// the network's spec declares (TikTok's privacy level): the post says it,
// Relais makes none up.
type Option struct {
	Name string
	// Values are the values it takes; empty: yes or no, or any text when
	// Text is set.
	Values []string
	Text   bool
	// Required options must be given by every post to the network.
	Required bool
	// Help says what it does, for the CLI and the API's errors.
	Help string
}

// maxOptionText bounds an option's text.
const maxOptionText = 1000

// CheckOptions refuses options the network does not declare, values it
// does not take, and a required option left out.
func (s Spec) CheckOptions(given map[string]string) error {
	for name, v := range given {
		i := slices.IndexFunc(s.Options, func(o Option) bool { return o.Name == name })
		if i < 0 {
			return Errorf(EINVALID, "%s takes no option %q%s", s.Name, name, s.optionNames())
		}
		o := s.Options[i]
		if o.Text {
			if v == "" || len(v) > maxOptionText {
				return Errorf(EINVALID, "%s option %s needs a text of 1 to %d bytes", s.Name, name, maxOptionText)
			}
			continue
		}
		values := o.Values
		if len(values) == 0 {
			values = []string{"true", "false"}
		}
		if !slices.Contains(values, v) {
			return Errorf(EINVALID, "%s option %s is %q; want one of %s", s.Name, name, v, strings.Join(values, ", "))
		}
	}
	for _, o := range s.Options {
		if _, ok := given[o.Name]; o.Required && !ok {
			return Errorf(EINVALID, "%s posts must give option %s (%s): one of %s", s.Name, o.Name, o.Help, strings.Join(o.Values, ", "))
		}
	}
	return nil
}

func (s Spec) optionNames() string {
	if len(s.Options) == 0 {
		return ""
	}
	names := make([]string, len(s.Options))
	for i, o := range s.Options {
		names[i] = o.Name
	}
	return " (it takes " + strings.Join(names, ", ") + ")"
}
