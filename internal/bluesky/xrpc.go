package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// call is one XRPC request: a query (GET), or a procedure (POST) with an
// optional JSON body or a blob's bytes.
type call struct {
	op        string
	nsid      string
	procedure bool
	query     url.Values
	body      any
	// blob, when set, is the body, sent as it is with its type.
	blob   *netcall.Image
	bearer string
	// proxy, when set, is the service the PDS forwards the call to (its
	// atproto-proxy header): the chat service for chat calls.
	proxy string
	// service, when set, is the base URL of the service called instead
	// of the PDS: the video service.
	service string
	// creates is set for a call that makes a post or a message: when it
	// fails after the request went out, it may exist.
	creates bool
}

// xrpcError is the body of every XRPC error answer. The video service
// also refuses with a job status (jobStatus.error, jobStatus.message),
// read when the body has no error of its own.
type xrpcError struct {
	Error     string `json:"error"`
	Message   string `json:"message"`
	JobStatus *struct {
		Error   string `json:"error"`
		Message string `json:"message"`
	} `json:"jobStatus"`
}

func (k call) nc() netcall.Call {
	return netcall.Call{Network: relais.Bluesky, Op: k.op, Creates: k.creates}
}

// do sends a call and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	method := http.MethodGet
	if k.procedure {
		method = http.MethodPost
	}
	base := c.baseURL
	if k.service != "" {
		base = k.service
	}
	u := base + "/xrpc/" + k.nsid
	if len(k.query) > 0 {
		u += "?" + k.query.Encode()
	}
	var h http.Header
	if k.proxy != "" {
		h = http.Header{"Atproto-Proxy": {k.proxy}}
	}
	r := netcall.Request{Method: method, URL: u, Token: k.bearer, JSON: k.body, Header: h}
	if k.blob != nil {
		r.Body, r.ContentType = k.blob.Bytes, k.blob.Type
	}
	a, err := k.nc().Do(ctx, c.http, r)
	if err != nil {
		return err
	}
	if !a.OK() {
		return c.refused(k, a)
	}
	if err := k.nc().Decode(a, out); err != nil {
		return err
	}
	return nil
}

// refused classifies an XRPC error answer.
func (c *Client) refused(k call, a netcall.Answer) *netcall.Error {
	var xe xrpcError
	_ = json.Unmarshal(a.Body, &xe)
	if xe.Error == "" && xe.JobStatus != nil {
		xe.Error, xe.Message = xe.JobStatus.Error, xe.JobStatus.Message
	}
	msg := netcall.Message(xe.Message, k.bearer)
	if msg == "" {
		msg = http.StatusText(a.Status)
	}
	e := k.nc().Refuse(errors.New(msg))
	e.Status, e.Code = a.Status, netcall.Truncate(xe.Error, 64)
	if k.proxy == chatService && noChatAccess(xe) {
		e.Err = errNoChatAccess
	}
	switch {
	case a.Status == http.StatusTooManyRequests:
		e.Kind = relais.FailTransient
		e.RetryAfter = c.rateLimitWait(a.Header)
	case a.Status >= 500 && k.creates:
		// The record may have been written before the PDS failed; a
		// duplicate record key also ends in a 500 on the reference PDS.
		e.Kind = relais.FailAmbiguous
	case a.Status >= 500:
		e.Kind = relais.FailTransient
		e.RetryAfter = c.rateLimitWait(a.Header)
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

// permanent is a refusal Relais makes itself, before any call.
func permanent(op, format string, args ...any) *netcall.Error {
	return netcall.Call{Network: relais.Bluesky, Op: op}.Refusef(format, args...)
}
