package pinterest

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// BaseURL is Pinterest's API host; every path starts with /v5.
const BaseURL = "https://api.pinterest.com"

var (
	_ relais.NetworkPublisher = (*Client)(nil)
	_ relais.NetworkMetrics   = (*Client)(nil)
)

// Client is the Relais adapter for Pinterest. Every call takes the board
// owner's OAuth access token, which Relais reads from the parameter
// store. Set the exported fields before first use.
type Client struct {
	// Now is the clock analytics' dates are read on.
	Now func() time.Time
	// MediaPoll is the wait between reads of an uploaded video's status
	// while Pinterest processes it.
	MediaPoll time.Duration
	// VideoTimeout bounds the reading of a video and its upload to
	// Pinterest, which take longer than the API calls the http.Client's
	// own timeout bounds.
	VideoTimeout time.Duration

	baseURL string
	http    *http.Client
}

// New returns a client for the API at baseURL (BaseURL in production, a
// pinterestfake server in tests). A nil hc means one with a 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{Now: time.Now, MediaPoll: 2 * time.Second, VideoTimeout: 45 * time.Second,
		baseURL: strings.TrimSuffix(baseURL, "/"), http: hc}
}

// call is one request to Pinterest's API.
type call struct {
	op, method, path string
	query            url.Values
	token            string
	body             any
	// creates is set for the call that makes a Pin: when it fails after
	// the request went out, the Pin may exist.
	creates bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: Network, Op: k.op, Creates: k.creates}
}

// do sends a call and decodes Pinterest's 2xx answer into out, or returns
// a classified *netcall.Error.
func (c *Client) do(ctx context.Context, k call, out any) error {
	u := c.baseURL + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	a, err := k.nc().Do(ctx, c.http, netcall.Request{Method: k.method, URL: u, Token: k.token, JSON: k.body})
	switch {
	case err != nil:
		return err
	case !a.OK():
		return refused(k, a)
	}
	if err := k.nc().Decode(a, out); err != nil {
		return err
	}
	return nil
}

// refuse is Relais' own refusal of a call Pinterest would refuse anyway:
// nothing was sent.
func refuse(op string, err error) *netcall.Error {
	return netcall.Call{Network: Network, Op: op}.Refuse(err)
}

// boardID checks that an account names a board as Pinterest writes its
// ids: digits.
func boardID(op, account string) (string, error) {
	if account == "" || strings.Trim(account, "0123456789") != "" {
		return "", refuse(op, relais.Errorf(relais.EINVALID, "account %q is not a Pinterest board id (its digits); Boards lists the boards a token can pin to", netcall.Truncate(account, 80)))
	}
	return account, nil
}
