// Package x is Relais' adapter for X, through the X API v2: it publishes
// posts (with up to 4 images or one video, uploaded through X's chunked
// media upload), lists an account's recent posts so that an ambiguous
// attempt can be settled, hides replies and answers in public. The
// account is the X user id and the token that user's OAuth 2.0 access
// token (with media.write for media).
package x

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// BaseURL is the X API's root in production.
const BaseURL = "https://api.x.com"

var _ relais.NetworkPublisher = (*Client)(nil)

// Client is the Relais adapter for X.
type Client struct {
	baseURL string
	http    *http.Client
	// Now is the clock X's rate-limit resets are read against.
	Now func() time.Time
	// sleep waits while X processes an upload; tests wait on their clock.
	sleep func(ctx context.Context, d time.Duration) error
	// kept are the uploads a retry of the same post reuses.
	kept *uploads
}

// New returns a client for the X API at baseURL (BaseURL in production, a
// fake's URL in tests). A nil hc means one with a 30 s timeout.
func New(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{baseURL: strings.TrimSuffix(baseURL, "/"), http: hc, Now: time.Now, sleep: sleep, kept: newUploads()}
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
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

func (k call) nc() netcall.Call { return netcall.Call{Network: relais.X, Op: k.op, Creates: k.creates} }

// failed classifies a call that got no usable answer, with X's code.
func (k call) failed(status int, written bool, code Code, err error) *netcall.Error {
	e := k.nc().Failed(status, written, err)
	e.Code = code
	return e
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	a, err := k.nc().Do(ctx, c.http, netcall.Request{Method: k.method, URL: c.baseURL + k.path, Token: k.token, JSON: k.body})
	if err != nil {
		// Only a request Relais could not build is permanent; any other
		// failure got no answer.
		if err.Kind != relais.FailPermanent {
			err.Code = CodeNoAnswer
		}
		return err
	}
	if !a.OK() {
		return c.refused(k, a)
	}
	if err := k.nc().Decode(a, out); err != nil {
		err.Code = CodeBadAnswer
		return err
	}
	return nil
}
