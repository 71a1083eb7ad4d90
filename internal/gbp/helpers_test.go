package gbp

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/gbp/gbpfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	acme        = "accounts/111/locations/222"
	acmeToken   = "tok-acme-secret"
	globex      = "accounts/111/locations/333"
	globexToken = "tok-globex-secret"
)

var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// stack is a client talking to a fake Google with two locations of one
// business account, each with its own token.
type stack struct {
	fake     *gbpfake.Server
	client   *Client
	clock    *netfake.Clock
	requests atomic.Int64 // requests that reached the fake
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: gbpfake.New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterAccount(acme, acmeToken)
	s.fake.RegisterAccount(globex, globexToken)
	srv := netfake.Serve(t, s.fake, &s.requests)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(srv.URL, &http.Client{Timeout: time.Second})
	s.client.Now = s.clock.Now
	return s
}

// mustFail checks err's failure and status (0: none came) and returns it.
func mustFail(t *testing.T, err error, kind relais.Failure, status int) error {
	t.Helper()
	e := netfake.MustError(t, err, acmeToken, globexToken)
	if e.Kind != kind || e.Status != status {
		t.Errorf("got %s with status %d, want %s with %d (%v)", e.Kind, e.Status, kind, status, err)
	}
	return e
}
