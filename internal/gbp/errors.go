package gbp

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// quotaWait is how long a call refused for quota waits when Google says
// nothing: the Business Profile quotas are per minute.
const quotaWait = time.Minute

// apiError is Google's error answer.
type apiError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Details []struct {
			Type            string `json:"@type"`
			Reason          string `json:"reason"`
			FieldViolations []struct {
				Field       string `json:"field"`
				Description string `json:"description"`
			} `json:"fieldViolations"`
		} `json:"details"`
	} `json:"error"`
}

// refused classifies Google's error answer. Code is Google's status name
// (INVALID_ARGUMENT, RESOURCE_EXHAUSTED...); Err carries a relais error
// code a person can act on, and Google's message without the token.
func refused(k call, a netcall.Answer) *netcall.Error {
	var ae apiError
	_ = json.Unmarshal(a.Body, &ae) // a body that is not Google's shape leaves the status alone to decide
	e := k.nc().Refuse(nil)
	e.Status, e.Code = a.Status, ae.Error.Status
	msg := ae.Error.Message
	if msg == "" {
		msg = http.StatusText(a.Status)
	}
	// A validation error names the field at fault in its details.
	for _, d := range ae.Error.Details {
		for _, v := range d.FieldViolations {
			msg += " (" + v.Field + ": " + v.Description + ")"
		}
	}
	msg = netcall.Message(msg, k.token)
	code, why := relais.EINVALID, "Google refused the request"
	switch s := a.Status; {
	case s == http.StatusUnauthorized:
		code, why = relais.EUNAUTHORIZED, "the token expired or was revoked; refresh it, or connect the profile again"
	case s == http.StatusForbidden:
		code, why = relais.EUNAUTHORIZED, "the Google account does not manage this location, or the app lacks access to the API"
	case s == http.StatusNotFound:
		code, why = relais.ENOTFOUND, "Google has no such location or review"
	case s == http.StatusTooManyRequests:
		// Over quota, Google refuses the call before acting on it.
		e.Kind, e.RetryAfter = relais.FailTransient, retryAfter(a.Header)
		code, why = relais.EINTERNAL, "over the API's quota"
	case ae.Error.Status == "ABORTED":
		// A conflict with a concurrent change: nothing was applied.
		e.Kind, code, why = relais.FailTransient, relais.EINTERNAL, "Google aborted the request"
	case s >= 500 && k.creates:
		// The request arrived: the post may exist although Google failed.
		e.Kind, code, why = relais.FailAmbiguous, relais.EINTERNAL, "Google failed"
	case s >= 500:
		e.Kind, code, why = relais.FailTransient, relais.EINTERNAL, "Google failed"
	}
	e.Err = relais.Errorf(code, "%s: %s", why, msg)
	return e
}

// retryAfter is how long Google asked to wait, in seconds, or quotaWait.
func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return quotaWait
}
