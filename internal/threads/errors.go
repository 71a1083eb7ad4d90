package threads

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Graph error codes Threads answers with, which Relais acts on (Meta's
// Graph API error handling guide; Threads documents none of its own).
const (
	codeUnknown       = 1
	codeService       = 2
	codeAppThrottled  = 4
	codePermission    = 10
	codeUserThrottled = 17
	codeToken         = 190
	codeBlocked       = 368
	codeRateLimited   = 613
	// codeNotFound with subcodeMediaNotFound is Threads' "Media Not
	// Found": threads_publish answers it for a container Threads has not
	// finished making (seen on the wire and confirmed by Meta's staff in
	// fbsamples/threads_api#70, not in the documentation).
	codeNotFound         = 24
	subcodeMediaNotFound = 4279009
)

// throttleWait is the wait after a throttling answer: Threads counts
// calls over a rolling 24 hours and sends no header saying when they
// free up.
const throttleWait = time.Minute

// errorBody is a Threads error answer, in Graph's shape.
type errorBody struct {
	Error struct {
		Message     string `json:"message"`
		Type        string `json:"type"`
		Code        int    `json:"code"`
		Subcode     int    `json:"error_subcode"`
		IsTransient bool   `json:"is_transient"`
		FBTraceID   string `json:"fbtrace_id"`
	} `json:"error"`
}

// graphCode names a Graph code with its subcode, such as "190/463".
func graphCode(code, subcode int) string {
	switch {
	case code == 0:
		return ""
	case subcode == 0:
		return strconv.Itoa(code)
	}
	return fmt.Sprintf("%d/%d", code, subcode)
}

// mediaNotFound is how an error names Threads' "Media Not Found".
var mediaNotFound = graphCode(codeNotFound, subcodeMediaNotFound)

// made names what a call makes, for its errors.
func (k call) made() string {
	if k.makes == "" {
		return "the post"
	}
	return k.makes
}

// lost says what a call without a usable answer means, in words a person
// can act on.
func (k call) lost(e *netcall.Error) *netcall.Error {
	switch e.Kind {
	case relais.FailTransient:
		e.Err = fmt.Errorf("no usable answer from Threads: %w", e.Err)
	case relais.FailAmbiguous:
		e.Err = fmt.Errorf("no usable answer from Threads after the request was sent: %s may exist: %w", k.made(), e.Err)
	}
	return e
}

// refused classifies a Threads error answer, by its code first: Threads,
// like Graph, answers most errors with 400 whatever their cause.
func (k call) refused(a netcall.Answer) *netcall.Error {
	var eb errorBody
	_ = json.Unmarshal(a.Body, &eb) // a body of another shape leaves the status to decide
	code, subcode := eb.Error.Code, eb.Error.Subcode
	e := k.refuse(nil)
	e.Status, e.Code = a.Status, graphCode(code, subcode)
	var hint string
	switch {
	case code == codeToken || a.Status == http.StatusUnauthorized:
		hint = "the access token is invalid, expired or revoked: the account must be connected again"
	case code == codeBlocked:
		hint = "Threads has temporarily blocked the account from this action: a person must check the account before trying again"
	case code == codePermission || code >= 200 && code <= 299:
		hint = "the token lacks a permission: connect the account again granting it"
	case code == codeAppThrottled || code == codeUserThrottled || code == codeRateLimited || a.Status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter, hint = relais.FailTransient, throttleWait, "Threads is throttling calls"
	case code == codeNotFound && subcode == subcodeMediaNotFound && k.container:
		// The container is not made yet or is gone: the post is not
		// either, and the next try makes a new container.
		e.Kind, hint = relais.FailTransient, "Threads cannot find the media container"
	case code == codeNotFound && subcode == subcodeMediaNotFound:
		hint = "Threads cannot find the media: it may have been deleted"
	case code == codeUnknown || code == codeService || a.Status >= 500:
		e.Kind, hint = relais.FailTransient, "Threads had a temporary failure"
		if k.creates {
			// Meta's APIs fail some calls after acting on them.
			e.Kind, hint = relais.FailAmbiguous, "Threads failed after receiving the request: "+k.made()+" may exist"
		}
	case eb.Error.IsTransient:
		e.Kind, hint = relais.FailTransient, "Threads had a temporary failure"
	default:
		hint = "Threads refused the request"
	}
	msg := hint
	if m := netcall.Message(eb.Error.Message, k.token); m != "" {
		msg += ": " + m
	}
	// Meta's support asks for the fbtrace_id.
	if id := eb.Error.FBTraceID; id != "" {
		msg += " (fbtrace_id " + netcall.Truncate(id, 64) + ")"
	}
	e.Err = errors.New(msg)
	return e
}
