package linkedin

import (
	"net/http"
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

// newStack's client gives up on a call after a second, which keeps the
// tests of hanging faults fast.
func newStack(t *testing.T) *stack {
	t.Helper()
	return newStackTimeout(t, time.Second)
}

// newStackTimeout is newStack with a client that gives up on a call after
// timeout: a video's 4 MB parts are given more on a busy machine.
func newStackTimeout(t *testing.T, timeout time.Duration) *stack {
	t.Helper()
	s := &stack{fake: linkedinfake.New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterOrganization(acmeOrg, acmeToken)
	s.fake.RegisterOrganization(globexOrg, globexToken)
	srv := netfake.Serve(t, s.fake, &s.requests)
	s.client = New(srv.URL, &http.Client{Timeout: timeout})
	s.client.Now = s.clock.Now
	// The fake's processing is counted in reads, not time.
	s.client.ImagePoll, s.client.VideoPoll = 0, 0
	return s
}
