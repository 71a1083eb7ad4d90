package linkedin

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// CodeDuplicatePost is LinkedIn's code for a post whose commentary the page
// already posted: retrying cannot help.
const CodeDuplicatePost = "DUPLICATE_POST"

// refuse is Relais' own refusal of a call LinkedIn would refuse anyway:
// nothing was sent.
func refuse(op string, err error) *netcall.Error {
	return netcall.Call{Network: relais.LinkedIn, Op: op}.Refuse(err)
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
func (c *Client) refused(k call, status int, body []byte) *netcall.Error {
	var ae apiError
	_ = json.Unmarshal(body, &ae) // a body that is not LinkedIn's shape leaves the status alone to decide
	e := k.nc().Refuse(nil)
	e.Status, e.Code = status, ae.Code
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
		e.Kind, why = relais.FailDuplicate, "the page already has a post with this text"
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
	e.Err = errors.New(netcall.Message(msg, k.token))
	return e
}

// untilMidnightUTC is the time from now to LinkedIn's next daily reset.
func untilMidnightUTC(now time.Time) time.Duration {
	now = now.UTC()
	y, m, d := now.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC).Sub(now)
}
