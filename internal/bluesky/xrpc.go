package bluesky

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// maxAnswer bounds what the client reads from one answer.
const maxAnswer = 4 << 20

// call is one XRPC request: a query (GET), or a procedure (POST) with an
// optional JSON body.
type call struct {
	op        string
	nsid      string
	procedure bool
	query     url.Values
	body      any
	bearer    string
	// creates is set for createRecord: when it fails after the request went
	// out, the post may exist.
	creates bool
}

// xrpcError is the body of every XRPC error answer.
type xrpcError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	method, body := http.MethodGet, io.Reader(nil)
	if k.procedure {
		method = http.MethodPost
	}
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return &Error{Op: k.op, Kind: relais.FailPermanent, Err: fmt.Errorf("encode request: %w", err)}
		}
		body = bytes.NewReader(b)
	}
	// Whether the request was written tells a failure the PDS cannot have
	// seen (safe to retry) from one it may have acted on.
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			written.Store(true)
		}
	}}
	u := c.baseURL + "/xrpc/" + k.nsid
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), method, u, body)
	if err != nil {
		return &Error{Op: k.op, Kind: relais.FailPermanent, Err: fmt.Errorf("build request: %w", err)}
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if k.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+k.bearer)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return k.failed(0, written.Load(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return k.failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", err))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.refused(k, resp, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return k.failed(resp.StatusCode, true, errors.New("answer is not the expected JSON"))
		}
	}
	return nil
}

// failed classifies a call that got no usable answer.
func (k call) failed(status int, written bool, err error) *Error {
	kind := relais.FailTransient
	if written && k.creates {
		kind = relais.FailAmbiguous
	}
	return &Error{Op: k.op, Kind: kind, Status: status, Err: err}
}

// refused classifies an XRPC error answer.
func (c *Client) refused(k call, resp *http.Response, body []byte) *Error {
	var xe xrpcError
	_ = json.Unmarshal(body, &xe)
	msg := truncate(xe.Message, maxMessage)
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	e := &Error{Op: k.op, Kind: relais.FailPermanent, Status: resp.StatusCode, Code: truncate(xe.Error, 64), Err: errors.New(msg)}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		e.Kind = relais.FailTransient
		e.RetryAfter = c.rateLimitWait(resp.Header)
	case resp.StatusCode >= 500 && k.creates:
		// The record may have been written before the PDS failed; a
		// duplicate record key also ends in a 500 on the reference PDS.
		e.Kind = relais.FailAmbiguous
	case resp.StatusCode >= 500:
		e.Kind = relais.FailTransient
		e.RetryAfter = c.rateLimitWait(resp.Header)
	}
	return e
}

// rateLimitWait reads the PDS's ratelimit-reset header (unix seconds), or a
// Retry-After header (seconds) from a proxy in front of it.
func (c *Client) rateLimitWait(h http.Header) time.Duration {
	if v := h.Get("Ratelimit-Reset"); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil {
			return max(time.Unix(s, 0).Sub(c.Now()), 0)
		}
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}
