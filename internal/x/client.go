// Package x is Relais' adapter for X, through the X API v2: it publishes
// posts, lists an account's recent posts so that an ambiguous attempt can
// be settled, and hides replies. The account is the X user id and the
// token that user's OAuth 2.0 access token.
package x

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// BaseURL is the X API's root in production.
const BaseURL = "https://api.x.com"

const (
	// maxAnswer bounds what the client reads from one answer.
	maxAnswer = 4 << 20
	// maxMessage bounds X's message kept in an error.
	maxMessage = 300
)

var (
	_ relais.NetworkPublisher = (*Client)(nil)
	_ relais.NetworkModerator = (*Client)(nil)
)

// Client is the Relais adapter for X.
type Client struct {
	baseURL string
	http    *http.Client
	// Now is the clock X's rate-limit resets are read against.
	Now func() time.Time
}

// New returns a client for the X API at baseURL (BaseURL in production, a
// fake's URL in tests). A nil hc means one with a 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{baseURL: strings.TrimSuffix(baseURL, "/"), http: hc, Now: time.Now}
}

// call is one request to the X API.
type call struct {
	op, method, path, token string
	body                    any
	// creates is set for calls that make something: when they fail after
	// the request went out, the thing may exist, and X honours no
	// idempotency key that would make a retry safe.
	creates bool
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	var body io.Reader
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return &Error{Op: k.op, Kind: relais.FailPermanent, Err: fmt.Errorf("encode request: %w", err)}
		}
		body = bytes.NewReader(b)
	}
	// Whether the request was written tells a failure X cannot have seen
	// (safe to retry) from one it may have acted on.
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			written.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), k.method, c.baseURL+k.path, body)
	if err != nil {
		return &Error{Op: k.op, Kind: relais.FailPermanent, Err: fmt.Errorf("build request: %w", err)}
	}
	req.Header.Set("Authorization", "Bearer "+k.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return k.failed(0, written.Load(), CodeNoAnswer, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return k.failed(resp.StatusCode, true, CodeNoAnswer, fmt.Errorf("read answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.refused(k, resp, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return k.failed(resp.StatusCode, true, CodeBadAnswer, fmt.Errorf("decode answer: %w", err))
		}
	}
	return nil
}
