package meta

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// defaultThrottleWait is the wait after a throttling answer that does not
// say how long the block lasts.
const defaultThrottleWait = time.Minute

// igLimitWait is the wait after Instagram's 50-posts-a-day limit. Meta
// counts a rolling 24 hours and does not say when a slot frees; an hour
// keeps the publisher from hammering while the post stays scheduled.
const igLimitWait = time.Hour

// Graph API error codes that Relais acts on (networks.md, Meta section).
// Those Threads shares are graph's.
const (
	codeInvalid   = 100
	codeAppLimit  = 341
	codeDuplicate = 506
	// codeIGLimit with subcodeIGLimit is Instagram's "maximum number of
	// posts in 24 hours" (unconfirmed: taken from Meta's content publishing
	// error table, not seen on the wire).
	codeIGLimit    = 9
	subcodeIGLimit = 2207042
	// Messenger Platform refusals of a private answer: a message outside
	// the conversation's window (10 with this subcode, or Instagram's
	// 2534022, seen on the wire but not in Meta's table), a person who
	// cannot be messaged, and a comment already answered in private (10900:
	// seen on the wire and in open-source clients, not in Meta's table);
	// codeSendThrottled is the Send API's own rate limit.
	subcodeOutsideWindow   = 2018278
	subcodeIGOutsideWindow = 2534022
	codeUnavailable        = 551
	codeAlreadyReplied     = 10900
	codeSendThrottled      = 613
)

// failed classifies a call that got no usable answer.
func (k call) failed(status int, written bool, err error) *netcall.Error {
	return k.lost(k.nc().Failed(status, written, err))
}

// lost says what a call without a usable answer means, in words a person
// can act on.
func (k call) lost(e *netcall.Error) *netcall.Error { return graph.Lost(e, "Meta", k.made()) }

// made names what a call makes, for its errors.
func (k call) made() string { return graph.Made(k.makes) }

// refused classifies Meta's error answer, by its code first: Meta answers
// most errors with 400 whatever their cause.
func (k call) refused(a netcall.Answer) *netcall.Error {
	ge := graph.ParseError(a.Body)
	code, subcode := ge.Code, ge.Subcode
	e := k.nc().Refuse(nil)
	e.Status, e.Code = a.Status, graph.Code(code, subcode)
	var hint string
	switch {
	case code == graph.CodeToken:
		e.Kind, hint = relais.FailPermanent, "the access token is invalid or expired: the account's token must be renewed"
	case code == graph.CodeBlocked:
		e.Kind, hint = relais.FailPermanent, "Meta has temporarily blocked the account from this action: a person must check the account before trying again"
	case code == graph.CodePermission && (subcode == subcodeOutsideWindow || subcode == subcodeIGOutsideWindow):
		e.Kind, hint = relais.FailPermanent, "the private-answer window is closed: Meta lets an account answer within 24 hours of the customer's last message, "+
			"7 days for a person with the human-agent tag, and a comment in private within 7 days"
	case code == codeUnavailable:
		e.Kind, hint = relais.FailPermanent, "the person cannot receive messages from the account: they may have blocked it or left the network"
	case code == codeAlreadyReplied:
		e.Kind, hint = relais.FailPermanent, "the comment was already answered in private: Meta allows one private reply per comment"
	case code == graph.CodePermission || code >= 200 && code <= 299:
		e.Kind, hint = relais.FailPermanent, "the token lacks a permission: reconnect the account granting it"
	case code == codeDuplicate && k.creates:
		// After a lost answer, the post the publisher looks for.
		e.Kind, hint = relais.FailDuplicate, "duplicate post: the page already has this message"
	case code == codeDuplicate:
		e.Kind, hint = relais.FailPermanent, "duplicate: Meta already has this"
	case code == codeInvalid:
		e.Kind, hint = relais.FailPermanent, "Meta refused the request as invalid"
	case code == graph.CodeAppThrottled || code == graph.CodeUserThrottled || code == codeAppLimit || code == codeSendThrottled || a.Status == http.StatusTooManyRequests:
		e.Kind, hint = relais.FailTransient, "Meta is throttling calls"
		e.RetryAfter = throttleWait(a.Header)
	case code == codeIGLimit && subcode == subcodeIGLimit:
		e.Kind, hint = relais.FailTransient, "the Instagram account reached Meta's limit of 50 posts in 24 hours"
		e.RetryAfter = igLimitWait
	case code == graph.CodeUnknown || code == graph.CodeService || a.Status >= 500:
		e.Kind, hint = relais.FailTransient, "Meta had a temporary failure"
		if k.creates {
			// Meta fails some calls after acting on them.
			e.Kind, hint = relais.FailAmbiguous, "Meta failed after receiving the request: "+k.made()+" may exist"
		}
	default:
		e.Kind, hint = relais.FailPermanent, "Meta refused the request"
	}
	e.Err = ge.Explain(hint, k.token)
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
