package oauth

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// DefaultTimeout bounds one call when New is given no http.Client.
const DefaultTimeout = 10 * time.Second

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
}

// New returns the client of the app clientID (with its secret, empty for
// a public client) on network, whose consent answers at redirectURI.
// Calls go through hc; nil: a client bounded by DefaultTimeout.
func New(network relais.Network, o relais.OAuth, clientID, clientSecret, redirectURI string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	return &Client{
		Now:     time.Now,
		network: network, o: o,
		clientID: clientID, clientSecret: clientSecret, redirectURI: redirectURI,
		hc: hc,
	}
}

// String names the client without its secret, for %v.
func (c *Client) String() string { return "oauth.Client(" + string(c.network) + ")" }

// GoString is String, for %#v.
func (c *Client) GoString() string { return c.String() }

// idParam names the app's id parameter.
func (c *Client) idParam() string {
	if c.o.ClientIDParam != "" {
		return c.o.ClientIDParam
	}
	return "client_id"
}
