package gbp

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// DefaultBaseURL is the My Business API's host; calls go to /v4 under it.
const DefaultBaseURL = "https://mybusiness.googleapis.com"

// The hosts of the newer APIs that list what a token manages. Against any
// other base URL (a gbpfake server) the same paths go to that one host.
const (
	AccountManagementURL   = "https://mybusinessaccountmanagement.googleapis.com"
	BusinessInformationURL = "https://mybusinessbusinessinformation.googleapis.com"
)

// Client is the Relais adapter for Google Business Profile. Every call
// takes the OAuth access token of a Google account that manages the
// location. It is safe for concurrent use once its fields are set.
type Client struct {
	// Now stamps when a poll read its reviews.
	Now func() time.Time

	baseURL string
	http    *http.Client
}

// New returns a client for the API at baseURL (DefaultBaseURL in
// production, a gbpfake server in tests). A nil hc means one with a 30 s
// timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{Now: time.Now, baseURL: strings.TrimSuffix(baseURL, "/"), http: hc}
}

// call is one request to the v4 API, path under /v4, or, when host is
// set, to that production host's v1 API, path under /v1.
type call struct {
	op, method, path string
	host             string
	query            url.Values
	token            string
	body             any
	// creates is set for calls that make something: when they fail after
	// the request went out, the thing may exist.
	creates bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: Network, Op: k.op, Creates: k.creates}
}

// do sends a call and decodes Google's 2xx answer into out (nil: the
// answer is not read), or returns a classified *netcall.Error.
func (c *Client) do(ctx context.Context, k call, out any) error {
	u := c.baseURL + "/v4/" + k.path
	if k.host != "" {
		u = c.hostOf(k.host) + "/v1/" + k.path
	}
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	a, err := k.nc().Do(ctx, c.http, netcall.Request{Method: k.method, URL: u, Token: k.token, JSON: k.body})
	switch {
	case err != nil && a.Status == 0:
		return err
	case !a.OK():
		return refused(k, a)
	case err != nil:
		return err
	}
	if err := k.nc().Decode(a, out); err != nil {
		return err
	}
	return nil
}

// hostOf is where a call to a production host goes: that host when the
// client talks to Google, else the client's own base URL, at the same
// path.
func (c *Client) hostOf(production string) string {
	if c.baseURL == DefaultBaseURL {
		return production
	}
	return c.baseURL
}

// refuse is Relais' own refusal of a call Google would refuse anyway:
// nothing was sent.
func refuse(op string, err error) *netcall.Error {
	return netcall.Call{Network: Network, Op: op}.Refuse(err)
}

// invalid is an EINVALID refusal, for content or names a person can fix.
func invalid(op, format string, args ...any) *netcall.Error {
	return refuse(op, relais.Errorf(relais.EINVALID, format, args...))
}
