package x

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/x/xfake"
)

const (
	acmeID      = "1001"
	acmeToken   = "x-acme-secret-token"
	globexID    = "2002"
	globexToken = "x-globex-secret-token"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// stack is the fake X API behind an httptest server, counting the
// requests that reach it, with a client talking to it; both share a clock.
type stack struct {
	fake   *xfake.Server
	srv    *httptest.Server
	client *Client
	clock  *netfake.Clock
	calls  atomic.Int64
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: xfake.New(), clock: netfake.NewClock(t0)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterUser(acmeID, acmeToken)
	s.fake.RegisterUser(globexID, globexToken)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		s.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(s.srv.URL, &http.Client{Timeout: time.Second})
	s.client.Now = s.clock.Now
	return s
}
