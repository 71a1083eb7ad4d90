package tiktok

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	_ relais.NetworkPublisher = (*Client)(nil)
	_ relais.NetworkMetrics   = (*Client)(nil)
)

// Client is the Relais adapter for TikTok. Every call takes the account's
// user access token, which names the account: TikTok's calls take no
// account id. Set the exported fields before first use; it is safe for
// concurrent use after.
type Client struct {
	// PollInterval is the wait between two reads of a new post's status;
	// MaxPolls bounds the reads, so that a publish ends well within the
	// publisher's 60 s.
	PollInterval time.Duration
	MaxPolls     int
	// Audited is set once the app has passed TikTok's audit. Until then,
	// a post that names no privacy level but allows going out private
	// until the audit (PostOptions.PrivateUntilAudit) goes out SELF_ONLY;
	// after, it is refused like any post that names none.
	Audited bool

	baseURL string
	http    *http.Client
}

// New returns a client for the API at baseURL (BaseURL when empty, a
// tiktokfake server in tests). A nil hc means one with a 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if baseURL == "" {
		baseURL = BaseURL
	}
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	// TikTok processes a 512 MB video in under half a minute and
	// moderates a public post in about a minute; what takes longer is
	// looked for later.
	return &Client{PollInterval: 3 * time.Second, MaxPolls: 12, baseURL: strings.TrimSuffix(baseURL, "/"), http: hc}
}

// call is one request to TikTok's API: all are POSTs of a JSON body.
type call struct {
	op, path string
	query    url.Values
	token    string
	body     any
	// creates is set for calls that make something: when they fail after
	// the request went out, the thing may exist.
	creates bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: Network, Op: k.op, Creates: k.creates}
}

// envelope is every answer of TikTok's API.
type envelope struct {
	Data  json.RawMessage `json:"data"`
	Error apiError        `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

// ok reports whether TikTok's error object says the call succeeded: its
// code is "ok" (or absent).
func (e apiError) ok() bool { return e.Code == "" || e.Code == codeOK }

// do sends a call and decodes the data of TikTok's answer into out, or
// returns a classified *netcall.Error. An answer is a success only when
// its status is 2xx and its error code "ok".
func (c *Client) do(ctx context.Context, k call, out any) error {
	body := k.body
	if body == nil {
		body = struct{}{}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return k.nc().Refusef("encode request: %w", err)
	}
	u := c.baseURL + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	a, nerr := k.nc().Do(ctx, c.http, netcall.Request{Method: http.MethodPost, URL: u, Token: k.token,
		Body: b, ContentType: "application/json; charset=UTF-8"})
	if nerr != nil && a.Status == 0 {
		return nerr
	}
	var env envelope
	// A body that is not TikTok's envelope leaves the status to decide.
	jerr := json.Unmarshal(a.Body, &env)
	switch {
	case !a.OK() || !env.Error.ok():
		return refused(k, a, env.Error)
	case nerr != nil:
		return nerr
	case jerr != nil:
		return k.nc().Failed(a.Status, true, errDecode(jerr))
	case out == nil:
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return k.nc().Failed(a.Status, true, errDecode(err))
	}
	return nil
}
