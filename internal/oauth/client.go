package oauth

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// DefaultTimeout bounds one call when New is given no http.Client.
const DefaultTimeout = 10 * time.Second

// ClientAuth is how the app authenticates to the token and revocation
// endpoints.
type ClientAuth string

const (
	// AuthBody sends the app's id and secret in the form, as most
	// networks document.
	AuthBody ClientAuth = ""
	// AuthBasic sends them with HTTP Basic (X's confidential clients).
	AuthBasic ClientAuth = "basic"
)

// Exchange is a network's exchange of a current access token for a new
// one: how networks without refresh tokens renew a long-lived token, and
// how some turn a code's short-lived token into a long-lived one. Its
// names are the network's, declared with its spec.
type Exchange struct {
	// URL is where the exchange goes: the token URL when empty.
	URL string
	// Method is GET (the default: Meta and Threads document query
	// parameters) or POST (a form).
	Method string
	// GrantType is its grant_type (fb_exchange_token, th_exchange_token,
	// th_refresh_token).
	GrantType string
	// TokenParam names the parameter carrying the current token
	// (fb_exchange_token, access_token).
	TokenParam string
	// ClientID and ClientSecret say which of the app's credentials go
	// with it: Meta's takes both, Threads' upgrade the secret alone, its
	// refresh neither.
	ClientID, ClientSecret bool
}

// Client runs one network's OAuth flow for one app. Build it with New.
type Client struct {
	// Now is the clock expiries are read against.
	Now func() time.Time

	network      relais.Network
	o            relais.OAuth
	clientID     string
	clientSecret string
	redirectURI  string
	hc           *http.Client
	auth         ClientAuth
	idParam      string
	upgrade      *Exchange
	renew        *Exchange
}

// Option sets what a network does differently from RFC 6749.
type Option func(*Client)

// WithClientAuth sets how the app authenticates: AuthBody by default.
func WithClientAuth(a ClientAuth) Option { return func(c *Client) { c.auth = a } }

// WithClientIDParam names the app's id parameter where the network does
// not call it client_id (TikTok's client_key).
func WithClientIDParam(name string) Option { return func(c *Client) { c.idParam = name } }

// WithUpgrade exchanges the token a code gives for a long-lived one at
// once (Meta's fb_exchange_token, Threads' th_exchange_token).
func WithUpgrade(e Exchange) Option {
	return func(c *Client) { copied := e; c.upgrade = &copied }
}

// WithRenew is the exchange that renews a token of a network whose
// Refresh is relais.RefreshExchange.
func WithRenew(e Exchange) Option {
	return func(c *Client) { copied := e; c.renew = &copied }
}

// New returns the client of the app clientID (with its secret, empty for
// a public client) on network, whose consent answers at redirectURI.
// Calls go through hc; nil: a client bounded by DefaultTimeout.
func New(network relais.Network, o relais.OAuth, clientID, clientSecret, redirectURI string, hc *http.Client, opts ...Option) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	c := &Client{
		Now:     time.Now,
		network: network, o: o,
		clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI,
		hc: hc, idParam: "client_id",
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// String names the client without its secret, for %v.
func (c *Client) String() string { return "oauth.Client(" + string(c.network) + ")" }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }
