package linkedin

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/netfake"
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
	clock    *netfake.Clock
	requests atomic.Int64 // requests that reached the fake
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: linkedinfake.New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterOrganization(acmeOrg, acmeToken)
	s.fake.RegisterOrganization(globexOrg, globexToken)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(srv.URL, &http.Client{Timeout: time.Second})
	s.client.Now = s.clock.Now
	// The fake's processing is counted in reads, not time.
	s.client.ImagePoll = 0
	return s
}
