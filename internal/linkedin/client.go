// Package linkedin is Relais' adapter for LinkedIn organization pages. It
// publishes on a page through LinkedIn's Posts API and lists the page's
// recent posts, so that the publisher can look for a post an ambiguous
// attempt may have made. LinkedIn has no way to hide a comment, so the
// adapter is no relais.NetworkModerator.
package linkedin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultBaseURL is LinkedIn's API.
const DefaultBaseURL = "https://api.linkedin.com"

// DefaultVersion is the LinkedIn-Version Relais is written against.
// LinkedIn serves each monthly version for about a year, then refuses it.
const DefaultVersion = "202605"

// maxAnswer bounds what the client reads from one answer.
const maxAnswer = 4 << 20

// Client is the Relais adapter for LinkedIn organization pages. Every call
// takes the page's OAuth access token, which Relais reads from the
// parameter store. Set the exported fields before first use.
type Client struct {
	// Version is sent as LinkedIn-Version on every call.
	Version string
	// Now is the clock that says how long to wait for the daily reset.
	Now func() time.Time

	baseURL string
	http    *http.Client
}

// New returns a client for the API at baseURL (DefaultBaseURL in
// production, a linkedinfake server in tests). A nil hc means one with a
// 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{Version: DefaultVersion, Now: time.Now, baseURL: strings.TrimSuffix(baseURL, "/"), http: hc}
}

// call is one request to LinkedIn's REST API.
type call struct {
	op, method, path string
	query            url.Values
	token            string
	body             any
	// creates is set for calls that make something: when they fail after
	// the request went out, the thing may exist.
	creates bool
}

// answer is a successful answer.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// do sends a call and returns LinkedIn's 2xx answer, or a classified
// *Error.
func (c *Client) do(ctx context.Context, k call) (answer, error) {
	var body io.Reader
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return answer{}, refuse(k.op, fmt.Errorf("encode request: %w", err))
		}
		body = bytes.NewReader(b)
	}
	// Whether the request was written tells a failure LinkedIn cannot have
	// seen (safe to retry) from one it may have acted on.
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			written.Store(true)
		}
	}}
	u := c.baseURL + k.path
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), k.method, u, body)
	if err != nil {
		return answer{}, refuse(k.op, fmt.Errorf("build request: %w", err))
	}
	req.Header.Set("Authorization", "Bearer "+k.token)
	req.Header.Set("LinkedIn-Version", c.Version)
	req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, k.failed(0, written.Load(), err)
	}
	defer resp.Body.Close()
	b, rerr := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answer{}, c.refused(k, resp.StatusCode, b)
	}
	// A create's answer is in its headers; a lost body changes nothing.
	if rerr != nil && !k.creates {
		return answer{}, k.failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", rerr))
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}, nil
}
