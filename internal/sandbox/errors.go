package sandbox

import (
	"fmt"
	"strings"
	"time"
)

// ErrorKind tells the publisher and the moderator what to do after a
// failed call.
type ErrorKind string

const (
	// Transient: the network did not act; trying again later is safe.
	Transient ErrorKind = "transient"
	// Permanent: trying again gives the same answer (bad token, duplicate,
	// validation, unknown comment).
	Permanent ErrorKind = "permanent"
	// Ambiguous: the request reached the network and may have created
	// something. Look for it before trying again.
	Ambiguous ErrorKind = "ambiguous"
)

// Error is a failed call to the sandbox network. It never holds the token
// or a whole body: Err is the transport error or the network's short
// message.
type Error struct {
	Op     string
	Kind   ErrorKind
	Status int
	Code   string
	// RetryAfter is the wait the network asked for, if any.
	RetryAfter time.Duration
	Err        error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "sandbox: %s: %s error", e.Op, e.Kind)
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
