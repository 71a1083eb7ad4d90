package mastodon

import (
	"net/http"
	"net/http/httptest"
	"strings"
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
	// Looks at an image still processing follow each other at once.
	f.client.PollInterval = 0
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
	e := netfake.MustError(t, err, testToken, otherToken, imageSignature)
	if n := len([]rune(err.Error())); n > 400 {
		t.Errorf("error is %d characters long: %q", n, err.Error())
	}
	if got, _ := relais.FailureOf(err); got != e.Kind {
		t.Errorf("FailureOf: got %s, want %s", got, e.Kind)
	}
	return e
}

// imageSignature signs every image URL the tests hand the adapter, as a
// pre-signed S3 URL is: no error may show it.
const imageSignature = "sig-s3cret"

// pngImage is a PNG as the image host serves it: its signature, then
// filler.
var pngImage = []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 2000))

// imageHost serves the images posts carry, by path: /photo.png, a BMP
// (which Mastodon does not take), a file over Mastodon's 16 MB, a web page,
// a host too busy to answer, and a link expired (anything else).
func imageHost(t *testing.T) func(path string) string {
	t.Helper()
	big := make([]byte, Spec.Limits.MaxImageBytes+1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serve := func(typ string, b []byte) {
			w.Header().Set("Content-Type", typ)
			w.Write(b)
		}
		switch r.URL.Path {
		case "/photo.png":
			serve("image/png", pngImage)
		case "/photo.bmp":
			serve("image/bmp", []byte("BM"+strings.Repeat("x", 100)))
		case "/big.jpg":
			serve("image/jpeg", big)
		case "/page":
			serve("text/html", []byte("<html>"))
		case "/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	t.Cleanup(srv.Close)
	return func(path string) string { return srv.URL + path + "?X-Amz-Signature=" + imageSignature }
}
