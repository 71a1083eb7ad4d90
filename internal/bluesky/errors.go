package bluesky

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// maxMessage bounds the network's message kept in an error.
const maxMessage = 300

// Error is a failed call to a Bluesky PDS. It never holds the app password,
// a session token or a whole answer: Err is the transport error, the
// network's short message or Relais' own reason.
type Error struct {
	Op   string
	Kind relais.Failure
	// Status is the HTTP status, or zero when no answer came.
	Status int
	// Code is the XRPC error name, such as ExpiredToken or RecordNotFound.
	Code string
	// RetryAfter is the wait the network asked for, if any.
	RetryAfter time.Duration
	Err        error
}

var _ relais.NetworkFailure = (*Error)(nil)

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bluesky: %s: %s error", e.Op, e.Kind)
	if e.Status != 0 {
		fmt.Fprintf(&b, " (status %d", e.Status)
		if e.Code != "" {
			fmt.Fprintf(&b, ", %s", e.Code)
		}
		b.WriteString(")")
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Failure tells the publisher whether a retry is safe.
func (e *Error) Failure() relais.Failure { return e.Kind }

// Wait is how long the network asked Relais to wait before a retry.
func (e *Error) Wait() time.Duration { return e.RetryAfter }

// permanent is a refusal Relais makes itself, before any call.
func permanent(op, format string, args ...any) *Error {
	return &Error{Op: op, Kind: relais.FailPermanent, Err: fmt.Errorf(format, args...)}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
