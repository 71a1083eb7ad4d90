package pinterest

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

// Codes say why a call to Pinterest failed, for logs and tests; the
// publisher acts on the Failure alone. They are a netcall.Error's Code.
const (
	CodeInvalidToken = "invalid_token" // 401: connect the account again
	CodeForbidden    = "forbidden"     // 403
	CodeNotFound     = "not_found"     // 404: a board or Pin gone
	CodeInvalid      = "invalid"       // 400 and other 4xx: the request as sent
	CodeRateLimited  = "rate_limited"  // 429
	CodeSpam         = "spam"          // 429 whose message says the Pin is spam
	CodeUnavailable  = "unavailable"   // 5xx
	CodeMediaFailed  = "media_failed"  // Pinterest could not process a video
)

// rateLimitWait is how long a 429 waits: Pinterest says nothing of when
// to retry, and an app with Standard access is counted per minute.
const rateLimitWait = time.Minute

// apiError is Pinterest's error body.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// refused classifies Pinterest's error answer.
func refused(k call, a netcall.Answer) *netcall.Error {
	var ae apiError
	_ = json.Unmarshal(a.Body, &ae) // a body that is not Pinterest's leaves the status alone to decide
	e := k.nc().Refuse(nil)
	e.Status = a.Status
	var why string
	switch s := a.Status; {
	case s == http.StatusUnauthorized:
		e.Code, why = CodeInvalidToken, "token expired or revoked; connect the Pinterest account again"
	case s == http.StatusTooManyRequests && strings.Contains(strings.ToLower(ae.Message), "spam"):
		// Pinterest blocks what it takes for spam, a link's site often:
		// the same Pin would be blocked again.
		e.Code, why = CodeSpam, "pinterest refused the pin as spam"
	case s == http.StatusTooManyRequests:
		e.Kind, e.Code, e.RetryAfter = relais.FailTransient, CodeRateLimited, rateLimitWait
		why = "rate limit reached"
	case s == http.StatusForbidden:
		e.Code, why = CodeForbidden, "the token may not do this on the board"
	case s == http.StatusNotFound:
		e.Code = CodeNotFound
	case s >= 500 && k.creates:
		// The request arrived: the Pin may exist although Pinterest failed.
		e.Kind, e.Code = relais.FailAmbiguous, CodeUnavailable
	case s >= 500:
		e.Kind, e.Code = relais.FailTransient, CodeUnavailable
	default:
		e.Code = CodeInvalid
	}
	msg := http.StatusText(a.Status)
	if ae.Message != "" {
		msg = ae.Message
	}
	if ae.Code != 0 {
		msg += " (code " + strconv.Itoa(ae.Code) + ")"
	}
	if why != "" {
		msg = why + ": " + msg
	}
	e.Err = errors.New(netcall.Message(msg, k.token))
	return e
}
