package mastodon

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// maxMessage bounds the instance's message kept in an error.
const maxMessage = 300

// Error is a failed call to a Mastodon instance. It never holds the token
// or a whole answer: Err is the transport error, Mastodon's short message,
// or a relais.Error (EINVALID, EUNAUTHORIZED) safe to show a user.
type Error struct {
	Op     string
	Kind   relais.Failure
	Status int
	// RetryAfter is the wait the instance asked for, if any.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "mastodon: %s: %s failure", e.Op, e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (status %d)", e.Status)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Failure says what the failure means for a retry.
func (e *Error) Failure() relais.Failure { return e.Kind }

// Wait is how long the instance asked to wait, or zero.
func (e *Error) Wait() time.Duration { return e.RetryAfter }

func (k call) permanent(err error) *Error {
	return &Error{Op: k.op, Kind: relais.FailPermanent, Err: err}
}

// failed classifies a call that got no usable answer.
func (k call) failed(status int, written bool, err error) *Error {
	kind := relais.FailTransient
	if written && k.creates {
		kind = relais.FailAmbiguous
	}
	return &Error{Op: k.op, Kind: kind, Status: status, Err: err}
}

// refused classifies an error answer.
func (k call) refused(resp *http.Response, body []byte, now time.Time) *Error {
	msg := http.StatusText(resp.StatusCode)
	var eb struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &eb) == nil && eb.Error != "" {
		msg = eb.Error
	}
	// Mastodon never echoes a token, but a proxy in front of it might.
	if k.token != "" {
		msg = strings.ReplaceAll(msg, k.token, "[token]")
	}
	msg = truncate(msg, maxMessage)
	e := &Error{Op: k.op, Kind: relais.FailPermanent, Status: resp.StatusCode, Err: errors.New(msg)}
	switch s := resp.StatusCode; {
	case s == http.StatusUnauthorized:
		e.Err = relais.Errorf(relais.EUNAUTHORIZED, "the instance refused the token (%s); connect the account again", msg)
	case s == http.StatusForbidden:
		e.Err = relais.Errorf(relais.EUNAUTHORIZED, "the instance forbids this (%s)", msg)
	case s == http.StatusUnprocessableEntity:
		e.Err = relais.Errorf(relais.EINVALID, "%s", msg)
	case s == http.StatusTooManyRequests:
		// Mastodon's rate limiter refuses a call before acting on it.
		e.Kind = relais.FailTransient
		e.RetryAfter = rateLimitWait(resp.Header, now)
	case s >= 500 && k.creates:
		// The request arrived: the status may have been made before the
		// failure (or behind a proxy that gave up waiting).
		e.Kind = relais.FailAmbiguous
	case s >= 500:
		e.Kind = relais.FailTransient
	}
	return e
}

// rateLimitWait reads when Mastodon's rate limit resets: X-RateLimit-Reset
// is an ISO 8601 time; Retry-After (seconds) is read if a proxy sent it.
func rateLimitWait(h http.Header, now time.Time) time.Duration {
	if t, err := time.Parse(time.RFC3339, h.Get("X-RateLimit-Reset")); err == nil {
		return max(t.Sub(now), 0)
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
