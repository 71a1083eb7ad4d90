package x

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

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
	clock  *fakeClock
	calls  atomic.Int64
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: xfake.New(), clock: &fakeClock{t: t0}}
	s.fake.Now = s.clock.Now
	s.fake.RegisterUser(acmeID, acmeToken)
	s.fake.RegisterUser(globexID, globexToken)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		s.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(s.srv.URL, &http.Client{Timeout: 300 * time.Millisecond})
	s.client.Now = s.clock.Now
	return s
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mustXError returns err as an *Error, or fails the test.
func mustXError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want an *x.Error", err, err)
	}
	return e
}
