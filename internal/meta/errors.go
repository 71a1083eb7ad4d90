package meta

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

// failed classifies a call that got no usable answer.
func (k call) failed(status int, written bool, err error) *netcall.Error {
	return k.lost(k.nc().Failed(status, written, err))
}

// lost says what a call without a usable answer means, in words a person
// can act on.
func (k call) lost(e *netcall.Error) *netcall.Error {
	switch e.Kind {
	case relais.FailTransient:
		e.Err = fmt.Errorf("no usable answer from Meta: %w", e.Err)
	case relais.FailAmbiguous:
		e.Err = fmt.Errorf("no usable answer from Meta after the request was sent: %s may exist: %w", k.made(), e.Err)
	}
	return e
}

// made names what a call makes, for its errors.
func (k call) made() string {
	if k.makes == "" {
		return "the post"
	}
	return k.makes
}

// graphCode names Meta's error code with its subcode, such as "190/463".
func graphCode(code, subcode int) string {
	switch {
	case code == 0:
		return ""
	case subcode == 0:
		return strconv.Itoa(code)
	}
	return fmt.Sprintf("%d/%d", code, subcode)
}

// refused classifies Meta's error answer, by its code first: Meta answers
// most errors with 400 whatever their cause.
func (k call) refused(a netcall.Answer) *netcall.Error {
	var eb errorBody
	_ = json.Unmarshal(a.Body, &eb)
	code, subcode := eb.Error.Code, eb.Error.Subcode
	e := k.nc().Refuse(nil)
	e.Status, e.Code = a.Status, graphCode(code, subcode)
	var hint string
	switch {
	case code == codeToken:
		e.Kind, hint = relais.FailPermanent, "the access token is invalid or expired: the account's token must be renewed"
	case code == codeBlocked:
		e.Kind, hint = relais.FailPermanent, "Meta has temporarily blocked the account from this action: a person must check the account before trying again"
	case code == codePermission && (subcode == subcodeOutsideWindow || subcode == subcodeIGOutsideWindow):
		e.Kind, hint = relais.FailPermanent, "the private-answer window is closed: Meta lets an account answer within 24 hours of the customer's last message, "+
			"7 days for a person with the human-agent tag, and a comment in private within 7 days"
	case code == codeUnavailable:
		e.Kind, hint = relais.FailPermanent, "the person cannot receive messages from the account: they may have blocked it or left the network"
	case code == codeAlreadyReplied:
		e.Kind, hint = relais.FailPermanent, "the comment was already answered in private: Meta allows one private reply per comment"
	case code == codePermission || code >= 200 && code <= 299:
		e.Kind, hint = relais.FailPermanent, "the token lacks a permission: reconnect the account granting it"
	case code == codeDuplicate && k.creates:
		// After a lost answer, the post the publisher looks for.
		e.Kind, hint = relais.FailDuplicate, "duplicate post: the page already has this message"
	case code == codeDuplicate:
		e.Kind, hint = relais.FailPermanent, "duplicate: Meta already has this"
	case code == codeInvalid:
		e.Kind, hint = relais.FailPermanent, "Meta refused the request as invalid"
	case code == codeAppThrottled || code == codeUserThrottled || code == codeAppLimit || code == codeSendThrottled || a.Status == http.StatusTooManyRequests:
		e.Kind, hint = relais.FailTransient, "Meta is throttling calls"
		e.RetryAfter = throttleWait(a.Header)
	case code == codeIGLimit && subcode == subcodeIGLimit:
		e.Kind, hint = relais.FailTransient, "the Instagram account reached Meta's limit of 50 posts in 24 hours"
		e.RetryAfter = igLimitWait
	case code == codeUnknown || code == codeService || a.Status >= 500:
		e.Kind, hint = relais.FailTransient, "Meta had a temporary failure"
		if k.creates {
			// Meta fails some calls after acting on them.
			e.Kind, hint = relais.FailAmbiguous, "Meta failed after receiving the request: "+k.made()+" may exist"
		}
	default:
		e.Kind, hint = relais.FailPermanent, "Meta refused the request"
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
