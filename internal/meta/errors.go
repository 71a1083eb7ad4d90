package meta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// maxMessage bounds Meta's message kept in an error.
const maxMessage = 300

// defaultThrottleWait is the wait after a throttling answer that does not
// say how long the block lasts.
const defaultThrottleWait = time.Minute

// igLimitWait is the wait after Instagram's 50-posts-a-day limit. Meta
// counts a rolling 24 hours and does not say when a slot frees; an hour
// keeps the publisher from hammering while the post stays scheduled.
const igLimitWait = time.Hour

// Graph API error codes that Relais acts on (networks.md, Meta section).
const (
	codeUnknown       = 1
	codeService       = 2
	codeAppThrottled  = 4
	codePermission    = 10
	codeUserThrottled = 17
	codeInvalid       = 100
	codeToken         = 190
	codeAppLimit      = 341
	codeBlocked       = 368
	codeDuplicate     = 506
	// codeIGLimit with subcodeIGLimit is Instagram's "maximum number of
	// posts in 24 hours" (unconfirmed: taken from Meta's content publishing
	// error table, not seen on the wire).
	codeIGLimit    = 9
	subcodeIGLimit = 2207042
)

// Error is a failed Graph API call. Kind says what a retry would do. It
// never holds the token or a whole answer: Message is what Relais makes of
// the failure followed by Meta's own short message, and Err a transport
// error without the URL.
type Error struct {
	Network relais.Network
	Op      string
	Kind    relais.Failure
	Status  int
	Code    int
	Subcode int
	Message string
	// TraceID is Meta's fbtrace_id, which Meta's support asks for.
	TraceID    string
	RetryAfter time.Duration
	Err        error
}

// Failure implements relais.NetworkFailure.
func (e *Error) Failure() relais.Failure { return e.Kind }

// Wait implements relais.NetworkFailure.
func (e *Error) Wait() time.Duration { return e.RetryAfter }

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s error", e.Network, e.Op, e.Kind)
	if e.Status != 0 || e.Code != 0 {
		fmt.Fprintf(&b, " (status %d", e.Status)
		if e.Code != 0 {
			fmt.Fprintf(&b, ", code %d", e.Code)
			if e.Subcode != 0 {
				fmt.Fprintf(&b, "/%d", e.Subcode)
			}
		}
		if e.TraceID != "" {
			fmt.Fprintf(&b, ", fbtrace_id %s", e.TraceID)
		}
		b.WriteString(")")
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

// errorBody is Meta's error answer.
type errorBody struct {
	Error struct {
		Message   string `json:"message"`
		Type      string `json:"type"`
		Code      int    `json:"code"`
		Subcode   int    `json:"error_subcode"`
		FBTraceID string `json:"fbtrace_id"`
	} `json:"error"`
}

// invalid is a call Relais refuses before sending it.
func (k call) invalid(format string, args ...any) *Error {
	return &Error{Network: k.network, Op: k.op, Kind: relais.FailPermanent, Message: fmt.Sprintf(format, args...)}
}

// failed classifies a call that got no usable answer. Whether the request
// was written tells a failure Meta cannot have seen (safe to retry) from
// one it may have acted on.
func (k call) failed(status int, written bool, err error) *Error {
	e := &Error{Network: k.network, Op: k.op, Kind: relais.FailTransient, Status: status, Message: "no usable answer from Meta"}
	if written && k.creates {
		e.Kind = relais.FailAmbiguous
		e.Message = "no usable answer from Meta after the request was sent: the post may exist"
	}
	// url.Error repeats the URL; keep only its cause.
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	e.Err = err
	return e
}

// refused classifies Meta's error answer, by its code first: Meta answers
// most errors with 400 whatever their cause.
func (k call) refused(resp *http.Response, body []byte) *Error {
	var eb errorBody
	_ = json.Unmarshal(body, &eb)
	code, subcode := eb.Error.Code, eb.Error.Subcode
	e := &Error{
		Network: k.network, Op: k.op, Status: resp.StatusCode,
		Code: code, Subcode: subcode, TraceID: truncate(eb.Error.FBTraceID, 64),
	}
	var hint string
	switch {
	case code == codeToken:
		e.Kind, hint = relais.FailPermanent, "the access token is invalid or expired: the account's token must be renewed"
	case code == codeBlocked:
		e.Kind, hint = relais.FailPermanent, "Meta has temporarily blocked the account from this action: a person must check the account before trying again"
	case code == codePermission || code >= 200 && code <= 299:
		e.Kind, hint = relais.FailPermanent, "the token lacks a permission: reconnect the account granting it"
	case code == codeDuplicate:
		e.Kind, hint = relais.FailPermanent, "duplicate post: the page already has this message"
	case code == codeInvalid:
		e.Kind, hint = relais.FailPermanent, "Meta refused the request as invalid"
	case code == codeAppThrottled || code == codeUserThrottled || code == codeAppLimit || resp.StatusCode == http.StatusTooManyRequests:
		e.Kind, hint = relais.FailTransient, "Meta is throttling calls"
		e.RetryAfter = throttleWait(resp.Header)
	case code == codeIGLimit && subcode == subcodeIGLimit:
		e.Kind, hint = relais.FailTransient, "the Instagram account reached Meta's limit of 50 posts in 24 hours"
		e.RetryAfter = igLimitWait
	case code == codeUnknown || code == codeService || resp.StatusCode >= 500:
		e.Kind, hint = relais.FailTransient, "Meta had a temporary failure"
		if k.creates {
			// Meta fails some calls after acting on them.
			e.Kind, hint = relais.FailAmbiguous, "Meta failed after receiving the request: the post may exist"
		}
	default:
		e.Kind, hint = relais.FailPermanent, "Meta refused the request"
	}
	e.Message = hint
	if msg := redact(eb.Error.Message, k.token); msg != "" {
		e.Message += ": " + truncate(msg, maxMessage)
	}
	return e
}

// throttleWait reads how long Meta blocks the calls from the
// X-Business-Use-Case-Usage header (estimated_time_to_regain_access, in
// minutes, per business and use case), the longest one.
func throttleWait(h http.Header) time.Duration {
	var usage map[string][]struct {
		Minutes float64 `json:"estimated_time_to_regain_access"`
	}
	if json.Unmarshal([]byte(h.Get("X-Business-Use-Case-Usage")), &usage) != nil {
		return defaultThrottleWait
	}
	var most float64
	for _, uses := range usage {
		for _, u := range uses {
			most = max(most, u.Minutes)
		}
	}
	if most <= 0 {
		return defaultThrottleWait
	}
	return time.Duration(most * float64(time.Minute))
}

// redact removes the token from a message Meta may have echoed it in.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
