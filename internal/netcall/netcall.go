// Package netcall is what every network adapter shares to call its API:
// one request with its outcome classified for the publisher, and one
// error type.
package netcall

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
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

const (
	// MaxAnswer bounds what a call reads from one answer.
	MaxAnswer = 4 << 20
	// MaxMessage bounds a network's message kept in an error: some quote
	// the request back.
	MaxMessage = 300
)

// Error is a failed call to a network. It never holds a token or a whole
// answer: Err is the transport error, the network's short message or
// Relais' own reason.
type Error struct {
	Network relais.Network
	Op      string
	Kind    relais.Failure
	// Status is the HTTP status, or zero when no answer came.
	Status int
	// Code is the network's name for the error, or the adapter's own.
	Code string
	// RetryAfter is how long the network asked to wait, or zero.
	RetryAfter time.Duration
	Err        error
}

var _ relais.NetworkFailure = (*Error)(nil)

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s error", e.Network, e.Op, e.Kind)
	switch {
	case e.Status != 0 && e.Code != "":
		fmt.Fprintf(&b, " (status %d, %s)", e.Status, e.Code)
	case e.Status != 0:
		fmt.Fprintf(&b, " (status %d)", e.Status)
	case e.Code != "":
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Failure implements relais.NetworkFailure.
func (e *Error) Failure() relais.Failure { return e.Kind }

// Wait implements relais.NetworkFailure.
func (e *Error) Wait() time.Duration { return e.RetryAfter }

// Call is one call to a network's API, as its errors name it.
type Call struct {
	Network relais.Network
	Op      string
	// Creates is set for a call that makes something (a post, a reply):
	// when it fails after its request went out, the thing may exist.
	Creates bool
}

// Refuse is a call Relais refuses itself: nothing was sent, and trying
// again would be refused the same way.
func (c Call) Refuse(err error) *Error {
	return &Error{Network: c.Network, Op: c.Op, Kind: relais.FailPermanent, Err: err}
}

// Refusef is Refuse with a formatted reason.
func (c Call) Refusef(format string, args ...any) *Error {
	return c.Refuse(fmt.Errorf(format, args...))
}

// Failed classifies a call that got no usable answer. Only a call that
// creates, and whose request went out, may have acted; any other is safe
// to try again.
func (c Call) Failed(status int, written bool, err error) *Error {
	kind := relais.FailTransient
	if written && c.Creates {
		kind = relais.FailAmbiguous
	}
	return &Error{Network: c.Network, Op: c.Op, Kind: kind, Status: status, Err: err}
}

// Request is what Do sends.
type Request struct {
	Method, URL string
	// Token, when set, goes as a bearer token.
	Token string
	// JSON, when set, is encoded as the body; else Form, when set, is;
	// else Body, when set, is sent as it is, as ContentType (an image's
	// bytes, a multipart upload).
	JSON        any
	Form        url.Values
	Body        []byte
	ContentType string
	// Header holds the network's own headers.
	Header http.Header
}

// Answer is a network's answer, whatever its status.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// OK reports whether the network accepted the call.
func (a Answer) OK() bool { return a.Status >= 200 && a.Status <= 299 }

// Do sends r and reads its answer, at most MaxAnswer bytes. When no
// answer comes, or it cannot be read, the error is classified and the
// answer holds what came.
func (c Call) Do(ctx context.Context, hc *http.Client, r Request) (Answer, *Error) {
	var body io.Reader
	contentType := ""
	switch {
	case r.JSON != nil:
		b, err := json.Marshal(r.JSON)
		if err != nil {
			return Answer{}, c.Refusef("encode request: %w", err)
		}
		body, contentType = bytes.NewReader(b), "application/json"
	case r.Form != nil:
		body, contentType = strings.NewReader(r.Form.Encode()), "application/x-www-form-urlencoded"
	case r.Body != nil:
		body, contentType = bytes.NewReader(r.Body), r.ContentType
	}
	// Whether the request was written tells a failure the network cannot
	// have seen (safe to retry) from one it may have acted on.
	var written atomic.Bool
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			written.Store(true)
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), r.Method, r.URL, body)
	if err != nil {
		return Answer{}, c.Refusef("build request: %w", err)
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}

	resp, err := hc.Do(req)
	if err != nil {
		// url.Error repeats the URL, which says nothing the op does not.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Answer{}, c.Failed(0, written.Load(), err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswer))
	a := Answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if err != nil {
		return a, c.Failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", err))
	}
	return a, nil
}

// Decode reads an accepted answer's JSON into out. The network acted
// before answering, so an unreadable answer is classified as a lost one.
func (c Call) Decode(a Answer, out any) *Error {
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(a.Body, out); err != nil {
		return c.Failed(a.Status, true, fmt.Errorf("decode answer: %w", err))
	}
	return nil
}

// Truncate keeps the first n characters of s, marking a cut with "…".
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// Scrub removes a token from a message a network (or a proxy in front of
// it) may have echoed it in.
func Scrub(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}

// Message is a network's message as an error keeps it: without the token,
// and short.
func Message(s, token string) string {
	return Truncate(Scrub(s, token), MaxMessage)
}
