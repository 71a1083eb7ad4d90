package x

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Code says why a call to X failed, for logs and tests; the publisher and
// the moderator act on the Failure alone. It is a netcall.Error's Code.
type Code = string

const (
	CodeInvalidToken Code = "invalid_token" // 401: the account must be connected again
	CodeForbidden    Code = "forbidden"     // 403: the app or account may not do this
	CodeDuplicate    Code = "duplicate"     // 403: the account posted the same text recently
	CodeValidation   Code = "validation"    // 400, a failed upload, or refused before any call
	CodeNotFound     Code = "not_found"     // 404, or a 200 that carries only errors
	CodeRateLimited  Code = "rate_limited"  // 429
	CodeUnavailable  Code = "unavailable"   // 5xx
	CodeNoAnswer     Code = "no_answer"     // timeout or connection failure
	CodeBadAnswer    Code = "bad_answer"    // a success answer Relais cannot read
)

// errTokenRevoked is what a 401 means for a person: X's own 401 text
// ("Unauthorized") does not say what to do.
var errTokenRevoked = relais.Errorf(relais.EUNAUTHORIZED, "token expired or revoked: reconnect the account")

// duplicateDetail is how X words a refused duplicate post.
const duplicateDetail = "duplicate content"

// problem is an X error body: API v2 answers in the problem format
// (title, detail, type, status), sometimes with an errors array, and older
// endpoints with the errors array alone. Both are read.
type problem struct {
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Errors []struct {
		Message string `json:"message"`
		Detail  string `json:"detail"`
	} `json:"errors"`
}

func readProblem(body []byte) problem {
	var p problem
	_ = json.Unmarshal(body, &p) // a body that is not JSON leaves p empty
	return p
}

// message is X's short explanation, or the status text when X gave none.
func (p problem) message(status int) string {
	var parts []string
	if p.Detail != "" {
		parts = append(parts, p.Detail)
	} else if p.Title != "" {
		parts = append(parts, p.Title)
	}
	// The first entry of errors names the field or resource at fault; it
	// adds to a generic detail such as "One or more parameters to your
	// request was invalid."
	if len(p.Errors) > 0 {
		m := p.Errors[0].Message
		if m == "" {
			m = p.Errors[0].Detail
		}
		if m != "" && (len(parts) == 0 || m != parts[0]) {
			parts = append(parts, m)
		}
	}
	if len(parts) == 0 {
		return http.StatusText(status)
	}
	return netcall.Truncate(strings.Join(parts, ": "), netcall.MaxMessage)
}

func (p problem) duplicate() bool {
	if strings.Contains(strings.ToLower(p.Detail), duplicateDetail) {
		return true
	}
	for _, e := range p.Errors {
		if strings.Contains(strings.ToLower(e.Message+" "+e.Detail), duplicateDetail) {
			return true
		}
	}
	return false
}

// refused classifies an error answer from X.
func (c *Client) refused(k call, a netcall.Answer) *netcall.Error {
	p := readProblem(a.Body)
	s := a.Status
	e := k.nc().Refuse(errors.New(p.message(s)))
	e.Status = s
	switch {
	case s == http.StatusTooManyRequests:
		e.Kind, e.Code = relais.FailTransient, CodeRateLimited
		e.RetryAfter = c.rateLimitWait(a.Header)
	case s == http.StatusUnauthorized:
		e.Code, e.Err = CodeInvalidToken, errTokenRevoked
	case s == http.StatusForbidden && p.duplicate():
		// The account already has this text: after a lost answer, the
		// post the publisher looks for.
		e.Kind, e.Code = relais.FailDuplicate, CodeDuplicate
	case s == http.StatusForbidden:
		e.Code = CodeForbidden
	case s == http.StatusBadRequest:
		e.Code = CodeValidation
	case s == http.StatusNotFound:
		e.Code = CodeNotFound
	case s >= 500 && k.creates:
		// A server error comes after X read the request: the post may
		// have been made before it failed.
		e.Kind, e.Code = relais.FailAmbiguous, CodeUnavailable
	case s >= 500:
		e.Kind, e.Code = relais.FailTransient, CodeUnavailable
	}
	return e
}

// rateLimitWait is the wait until X's window resets. Posting also has a
// 24-hour cap per user with its own headers; when that cap is spent its
// reset, being later, is the one that counts.
func (c *Client) rateLimitWait(h http.Header) time.Duration {
	reset := unixHeader(h.Get("x-rate-limit-reset"))
	if h.Get("x-user-limit-24hour-remaining") == "0" {
		if r := unixHeader(h.Get("x-user-limit-24hour-reset")); r.After(reset) {
			reset = r
		}
	}
	if reset.IsZero() {
		return 0
	}
	return max(reset.Sub(c.Now()), 0)
}

func unixHeader(v string) time.Time {
	s, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || s <= 0 {
		return time.Time{}
	}
	return time.Unix(s, 0)
}
