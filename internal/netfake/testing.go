package netfake

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
)

// Clock is a clock tests set, shared by a fake and the client talking to
// it. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock that reads t until advanced.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// T is the part of testing.TB the helpers here use; taking it keeps
// package testing out of the binaries that serve the fakes.
type T interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(func())
}

// Serve serves a fake on a test server closed when the test ends,
// counting in requests those that reach the fake.
func Serve(t T, fake http.Handler, requests *atomic.Int64) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		fake.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Send sends req with the default client and reads the answer, or fails
// the test.
func Send(t T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read the answer: %v", req.Method, req.URL.Path, err)
	}
	return resp, b
}

// SendJSON sends a request with a JSON body, as token unless it is "",
// with the default client and reads the answer, or fails the test.
func SendJSON(t T, method, url, token, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	return Send(t, req)
}

// PostForm posts form with the default client and reads the answer, or
// fails the test.
func PostForm(t T, url string, form url.Values) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return Send(t, req)
}

// MustError returns err as a *netcall.Error after checking that it shows
// none of the secrets, or fails the test.
func MustError(t T, err error, secrets ...string) *netcall.Error {
	t.Helper()
	var e *netcall.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want a *netcall.Error", err, err)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error %q shows a secret", err.Error())
		}
	}
	return e
}

// noFollow answers a redirect as it is.
var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Consent opens a fake's consent page as the person's browser would, and
// returns where the fake sends them back: the redirect URI with the code
// and the state, or the refusal.
func Consent(tb testing.TB, consentURL string) *url.URL {
	tb.Helper()
	resp, err := noFollow.Get(consentURL)
	if err != nil {
		tb.Fatalf("consent page: %v", err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode/100 != 3 {
		tb.Fatalf("consent page: got %d to %q, want a redirect", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back
}
