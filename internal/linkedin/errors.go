package linkedin

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// CodeDuplicatePost is LinkedIn's code for a post whose commentary the page
// already posted: retrying cannot help.
const CodeDuplicatePost = "DUPLICATE_POST"

// maxMessage bounds LinkedIn's message kept in an error: its validation
// messages can quote the request body.
const maxMessage = 300

// Error is a failed LinkedIn call, classified for the publisher. It never
// holds the token or a whole body: Err is the transport error, Relais' own
// refusal, or LinkedIn's short message.
type Error struct {
	Op     string
	Kind   relais.Failure
	Status int
	// Code is LinkedIn's code for the error, or the input error's code
	// (CodeDuplicatePost) when LinkedIn gives one.
	Code string
	// RetryAfter is how long to wait before a retry, or zero.
	RetryAfter time.Duration
	Err        error
}

var _ relais.NetworkFailure = (*Error)(nil)

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "linkedin: %s: %s error", e.Op, e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (status %d", e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, ", %s", e.Code)
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Failure tells the publisher whether a retry is safe.
func (e *Error) Failure() relais.Failure { return e.Kind }

// Wait is how long to wait before a retry.
func (e *Error) Wait() time.Duration { return e.RetryAfter }

// refuse is Relais' own refusal of a call LinkedIn would refuse anyway:
// nothing was sent.
func refuse(op string, err error) *Error {
	return &Error{Op: op, Kind: relais.FailPermanent, Err: err}
}

// failed classifies a call that got no usable answer. A create that went
// out may have been made; anything else can simply be tried again.
func (k call) failed(status int, written bool, err error) *Error {
	kind := relais.FailTransient
	if written && k.creates {
		kind = relais.FailAmbiguous
	}
	return &Error{Op: k.op, Kind: kind, Status: status, Err: err}
}

// apiError is LinkedIn's error body.
type apiError struct {
	Message          string `json:"message"`
	Status           int    `json:"status"`
	ServiceErrorCode int    `json:"serviceErrorCode"`
	Code             string `json:"code"`
	ErrorDetails     struct {
		InputErrors []struct {
			Code        string `json:"code"`
			Description string `json:"description"`
		} `json:"inputErrors"`
	} `json:"errorDetails"`
}

// refused classifies LinkedIn's error answer.
func (c *Client) refused(k call, status int, body []byte) *Error {
	var ae apiError
	_ = json.Unmarshal(body, &ae) // a body that is not LinkedIn's shape leaves the status alone to decide
	e := &Error{Op: k.op, Kind: relais.FailPermanent, Status: status, Code: ae.Code}
	for _, ie := range ae.ErrorDetails.InputErrors {
		if ie.Code == CodeDuplicatePost {
			e.Code = CodeDuplicatePost
		}
	}
	var why string
	switch {
	case status == http.StatusUnauthorized:
		why = "token expired or revoked; connect the page again"
	case status == http.StatusForbidden:
		why = "the token lacks the permission or the page role for this"
	case e.Code == CodeDuplicatePost:
		why = "the page already has a post with this text"
	case status == http.StatusTooManyRequests:
		// LinkedIn's limits are daily, reset at midnight UTC, and it sends
		// no header saying when: waiting less only spends more calls.
		e.Kind, e.RetryAfter = relais.FailTransient, untilMidnightUTC(c.Now())
		why = "daily call limit reached"
	case status >= 500 && k.creates:
		// The request arrived: the post may exist although LinkedIn failed.
		e.Kind = relais.FailAmbiguous
	case status >= 500:
		e.Kind = relais.FailTransient
	default:
		why = "request refused"
	}
	msg := http.StatusText(status)
	if ae.Message != "" {
		msg = ae.Message
	}
	if why != "" {
		msg = why + ": " + msg
	}
	if k.token != "" {
		msg = strings.ReplaceAll(msg, k.token, "[token]")
	}
	e.Err = errors.New(shorten(msg, maxMessage))
	return e
}

// untilMidnightUTC is the time from now to LinkedIn's next daily reset.
func untilMidnightUTC(now time.Time) time.Duration {
	now = now.UTC()
	y, m, d := now.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Sub(now)
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
