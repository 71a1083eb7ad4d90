package linkedin

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
)

const (
	acmeOrg     = "2414183"
	acmeURN     = "urn:li:organization:" + acmeOrg
	acmeToken   = "tok-acme-secret"
	globexOrg   = "1337"
	globexToken = "tok-globex-secret"
)

// start is 21:30 UTC: LinkedIn's daily reset is 2 h 30 min away.
var start = time.Date(2026, 11, 20, 21, 30, 0, 0, time.UTC)

// stack is a client talking to a fake LinkedIn with two pages.
type stack struct {
	fake     *linkedinfake.Server
	client   *Client
	clock    *clock
	requests atomic.Int64 // requests that reached the fake
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: linkedinfake.New(), clock: &clock{t: start}}
	s.fake.Now = s.clock.Now
	s.fake.RegisterOrganization(acmeOrg, acmeToken)
	s.fake.RegisterOrganization(globexOrg, globexToken)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(srv.URL, &http.Client{Timeout: 300 * time.Millisecond})
	s.client.Now = s.clock.Now
	return s
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mustError returns err as an *Error after checking it leaks no token, or
// fails the test.
func mustError(t *testing.T, err error) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want a *linkedin.Error", err, err)
	}
	if msg := err.Error(); strings.Contains(msg, acmeToken) || strings.Contains(msg, globexToken) {
		t.Errorf("error %q carries a token", msg)
	}
	return e
}
