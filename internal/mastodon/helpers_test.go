package mastodon

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	testToken    = "tok-relais-s3cret"
	otherToken   = "tok-other-s3cret"
	testUser     = "relais"
	testInstance = "social.example"
	testAccount  = testUser + "@" + testInstance
)

var start = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// fixture is a fake instance behind an httptest server, counting the
// requests it gets, and a client pointed at it.
type fixture struct {
	fake   *mastodonfake.Server
	clock  *netfake.Clock
	srv    *httptest.Server
	client *Client

	mu       sync.Mutex
	requests map[string]int // by "METHOD path"
}

// newFixture starts a fixture; front, if set, wraps the fake (to fail
// in ways netfake does not).
func newFixture(t *testing.T, front func(http.Handler) http.Handler) *fixture {
	t.Helper()
	f := &fixture{fake: mastodonfake.New(), clock: netfake.NewClock(start), requests: map[string]int{}}
	f.fake.Now = f.clock.Now
	f.fake.Domain = testInstance
	f.fake.RegisterAccount(testUser, testToken)
	f.fake.RegisterAccount("other", otherToken)
	var h http.Handler = f.fake
	if front != nil {
		h = front(h)
	}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests[r.Method+" "+r.URL.Path]++
		f.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	f.client = New(f.srv.Client())
	f.client.BaseURL = func(instance string) string {
		if instance != testInstance {
			t.Errorf("instance: got %q, want %q", instance, testInstance)
		}
		return f.srv.URL
	}
	f.client.Now = f.clock.Now
	return f
}

// count returns how many requests reached "METHOD path", or all of them
// for "".
func (f *fixture) count(key string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if key != "" {
		return f.requests[key]
	}
	n := 0
	for _, c := range f.requests {
		n += c
	}
	return n
}

const postStatuses = "POST /api/v1/statuses"

// mustFailure checks err is the adapter's classified error, never shows a
// token, and is short.
func mustFailure(t *testing.T, err error) *netcall.Error {
	t.Helper()
	e := netfake.MustError(t, err, testToken, otherToken)
	if n := len([]rune(err.Error())); n > 400 {
		t.Errorf("error is %d characters long: %q", n, err.Error())
	}
	if got, _ := relais.FailureOf(err); got != e.Kind {
		t.Errorf("FailureOf: got %s, want %s", got, e.Kind)
	}
	return e
}
