package threads

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	_ relais.NetworkPublisher = (*Client)(nil)
	_ relais.NetworkReplier   = (*Client)(nil)
	_ relais.NetworkHider     = (*Client)(nil)
	_ relais.NetworkUnhider   = (*Client)(nil)
	_ relais.NetworkMetrics   = (*Client)(nil)
)

// Client is the Relais adapter for Threads. Account is the Threads user
// id; token that user's Threads access token. The token goes in an
// Authorization header, never in a URL, so that no transport error or
// log line can carry it. Set the exported fields before first use.
type Client struct {
	// PollInterval is the wait between two reads of a container's status
	// while Threads processes it; MaxPolls bounds the reads of one
	// attempt, well within a Lambda's time. Threads advises reading once a
	// minute for up to five minutes: a video still processing when the
	// reads run out fails the attempt as transient, and the retry picks
	// the same container up (see containerBook).
	PollInterval time.Duration
	MaxPolls     int
	// MaxPages bounds the pages RecentPosts reads.
	MaxPages int
	// Now is the clock remembered containers age on.
	Now func() time.Time

	baseURL    string
	http       *http.Client
	containers containerBook
}

// New returns a client of the Threads API at baseURL, version included
// (BaseURL, or a threadsfake server's URL followed by /v1.0). A nil hc
// means one with a 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{
		PollInterval: 3 * time.Second,
		MaxPolls:     10,
		MaxPages:     10,
		Now:          time.Now,
		baseURL:      strings.TrimSuffix(baseURL, "/"),
		http:         hc,
	}
}

// pageLimit is the most items Threads gives in one page.
const pageLimit = "100"

// call is one request to the Threads API.
type call struct {
	op, method, path string
	query, form      url.Values
	token            string
	// creates is set for the calls that make a post or a reply: when they
	// fail after the request went out, it may exist. makes names it, for
	// errors.
	creates bool
	makes   string
	// container is set for the calls that name a container Relais has
	// just made (its status, its publishing): Threads may not have it yet.
	container bool
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: Network, Op: k.op, Creates: k.creates}
}

// refuse is Relais' own refusal of a call: nothing was sent.
func (k call) refuse(err error) *netcall.Error { return k.nc().Refuse(err) }

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	target := c.baseURL + k.path
	if len(k.query) > 0 {
		target += "?" + k.query.Encode()
	}
	return graph.Do(ctx, c.http, k.nc(), netcall.Request{Method: k.method, URL: target, Token: k.token, Form: k.form}, out, k.refused, k.lost)
}

// create sends a call that makes something and returns its id.
func (c *Client) create(ctx context.Context, k call) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", k.lost(k.nc().Failed(http.StatusOK, true, errors.New("the answer carries no id")))
	}
	return out.ID, nil
}

// node is a Threads object id as a path, with its edge.
func node(id string, edge ...string) string {
	p := "/" + url.PathEscape(id)
	for _, e := range edge {
		p += "/" + e
	}
	return p
}

// parseTime reads a Threads timestamp (2024-08-07T10:33:16+0000), also
// accepting RFC 3339; zero when it is neither.
func parseTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// wait waits d, or until ctx is done.
func wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
