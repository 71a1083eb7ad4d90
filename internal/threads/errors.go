package threads

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Graph error codes Threads answers with, which Relais acts on (Meta's
// Graph API error handling guide; Threads documents none of its own).
// graph's codes are the others.
const (
	codeRateLimited = 613
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

// mediaNotFound is how an error names Threads' "Media Not Found".
var mediaNotFound = graph.Code(codeNotFound, subcodeMediaNotFound)

// made names what a call makes, for its errors.
func (k call) made() string { return graph.Made(k.makes) }

// lost says what a call without a usable answer means, in words a person
// can act on.
func (k call) lost(e *netcall.Error) *netcall.Error { return graph.Lost(e, "Threads", k.made()) }

// refused classifies a Threads error answer, by its code first: Threads,
// like Graph, answers most errors with 400 whatever their cause.
func (k call) refused(a netcall.Answer) *netcall.Error {
	ge := graph.ParseError(a.Body)
	code, subcode := ge.Code, ge.Subcode
	e := k.refuse(nil)
	e.Status, e.Code = a.Status, graph.Code(code, subcode)
	var hint string
	switch {
	case code == graph.CodeToken || a.Status == http.StatusUnauthorized:
		hint = "the access token is invalid, expired or revoked: the account must be connected again"
	case code == graph.CodeBlocked:
		hint = "Threads has temporarily blocked the account from this action: a person must check the account before trying again"
	case code == graph.CodePermission || code >= 200 && code <= 299:
		hint = "the token lacks a permission: connect the account again granting it"
	case code == graph.CodeAppThrottled || code == graph.CodeUserThrottled || code == codeRateLimited || a.Status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter, hint = relais.FailTransient, throttleWait, "Threads is throttling calls"
	case code == codeNotFound && subcode == subcodeMediaNotFound && k.container:
		// The container is not made yet or is gone: the post is not
		// either, and the next try makes a new container.
		e.Kind, hint = relais.FailTransient, "Threads cannot find the media container"
	case code == codeNotFound && subcode == subcodeMediaNotFound:
		hint = "Threads cannot find the media: it may have been deleted"
	case code == graph.CodeUnknown || code == graph.CodeService || a.Status >= 500:
		e.Kind, hint = relais.FailTransient, "Threads had a temporary failure"
		if k.creates {
			// Meta's APIs fail some calls after acting on them.
			e.Kind, hint = relais.FailAmbiguous, "Threads failed after receiving the request: "+k.made()+" may exist"
		}
	case ge.IsTransient:
		e.Kind, hint = relais.FailTransient, "Threads had a temporary failure"
	default:
		hint = "Threads refused the request"
	}
	e.Err = ge.Explain(hint, k.token)
	return e
}
