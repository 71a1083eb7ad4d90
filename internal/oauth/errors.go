package oauth

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	// ErrReconnect is in the chain of a renewal the network refused for
	// good: the grant expired or was revoked, or the person removed the
	// app. Only the person can connect the account again.
	ErrReconnect = errors.New("the account must be connected again")
	// ErrDenied is a consent the person, or the network, refused.
	ErrDenied = errors.New("the consent was refused")
)

// maxCode bounds a network's error code kept in an error.
const maxCode = 64

// call is one OAuth call, with the secrets it carries, which its errors
// must not show.
type call struct {
	netcall.Call
	secrets []string
	// renews is set for a renewal, whose refusal means ErrReconnect.
	renews bool
}

func (c *Client) newCall(op string, renews bool, secrets ...string) call {
	return call{
		Call:    netcall.Call{Network: c.network, Op: "oauth " + op},
		secrets: append(secrets, c.clientSecret),
		renews:  renews,
	}
}

// scrub removes the call's secrets from a network's text and shortens it.
func (k call) scrub(s string, n int) string {
	for _, secret := range k.secrets {
		s = netcall.Scrub(s, secret)
	}
	return netcall.Truncate(s, n)
}

// refusef is Relais' own refusal: nothing was sent.
func (k call) refusef(format string, args ...any) *netcall.Error {
	return k.Refuse(fmt.Errorf(format, args...))
}

// reconnect is a renewal Relais cannot make: the person must connect the
// account again.
func (k call) reconnect(why string) *netcall.Error {
	return k.Refuse(fmt.Errorf("%w: %s", ErrReconnect, why))
}

// refused classifies an error answer: 429 and 5xx are transient, a
// renewal refused with invalid_grant, 400 or 401 needs the person, any
// other refusal is permanent. A refusal of the app's own credentials
// (invalid_client, unauthorized_client) is the operator's to fix, not
// the person's.
func (k call) refused(status int, header http.Header, a answer) *netcall.Error {
	e := k.Refuse(nil)
	e.Status, e.Code = status, k.scrub(a.Error.Code, maxCode)
	appRefused := a.Error.Code == "invalid_client" || a.Error.Code == "unauthorized_client"
	reconnect := false
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind, e.RetryAfter = relais.FailTransient, retryAfter(header)
	case status >= 500 || a.Error.Code == "server_error" || a.Error.Code == "temporarily_unavailable":
		e.Kind = relais.FailTransient
	case k.renews && !appRefused && (a.Error.Code == "invalid_grant" || status == http.StatusBadRequest || status == http.StatusUnauthorized):
		reconnect = true
	}
	msg := a.Error.Description
	if msg == "" {
		msg = a.ErrorDescription
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	msg = k.scrub(msg, netcall.MaxMessage)
	if reconnect {
		e.Err = fmt.Errorf("%w: %s", ErrReconnect, msg)
	} else {
		e.Err = errors.New(msg)
	}
	return e
}

// retryAfter reads a Retry-After header in seconds; zero when there is
// none.
func retryAfter(h http.Header) time.Duration {
	n, err := strconv.Atoi(h.Get("Retry-After"))
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
