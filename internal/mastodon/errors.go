package mastodon

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// refused classifies an error answer.
func (k call) refused(a netcall.Answer, now time.Time) *netcall.Error {
	msg := http.StatusText(a.Status)
	var eb struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(a.Body, &eb) == nil && eb.Error != "" {
		msg = eb.Error
	}
	// Mastodon never echoes a token, but a proxy in front of it might.
	msg = netcall.Message(msg, k.token)
	e := k.nc().Refuse(errors.New(msg))
	e.Status = a.Status
	switch s := a.Status; {
	case s == http.StatusUnauthorized:
		e.Err = relais.Errorf(relais.EUNAUTHORIZED, "the instance refused the token (%s); connect the account again", msg)
	case s == http.StatusForbidden:
		e.Err = relais.Errorf(relais.EUNAUTHORIZED, "the instance forbids this (%s)", msg)
	case s == http.StatusUnprocessableEntity:
		e.Err = relais.Errorf(relais.EINVALID, "%s", msg)
	case s == http.StatusTooManyRequests:
		// Mastodon's rate limiter refuses a call before acting on it.
		e.Kind = relais.FailTransient
		e.RetryAfter = rateLimitWait(a.Header, now)
	case s >= 500 && k.creates:
		// The request arrived: the status may have been made before the
		// failure (or behind a proxy that gave up waiting).
		e.Kind = relais.FailAmbiguous
	case s >= 500:
		e.Kind = relais.FailTransient
	}
	return e
}

// rateLimitWait reads when Mastodon's rate limit resets: X-RateLimit-Reset
// is an ISO 8601 time; Retry-After (seconds) is read if a proxy sent it.
func rateLimitWait(h http.Header, now time.Time) time.Duration {
	if t, err := time.Parse(time.RFC3339, h.Get("X-RateLimit-Reset")); err == nil {
		return max(t.Sub(now), 0)
	}
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return 0
}
