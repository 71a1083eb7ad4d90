package x

import (
	"bytes"
	"context"
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

// The images posts point to, by path on the stack's image server.
var images = map[string]struct {
	typ   string
	bytes []byte
}{
	"/photo.png": {"image/png", pngOf(3000)},
	// Three chunks.
	"/large.png": {"image/png", pngOf(2*segmentBytes + 100)},
	"/anim.gif":  {"image/gif", append([]byte("GIF89a"), make([]byte, 3000)...)},
	// A type X does not take.
	"/scan.bmp": {"image/bmp", append([]byte("BM"), make([]byte, 3000)...)},
	// Over X's 5 MB.
	"/huge.jpg": {"image/jpeg", append([]byte("\xff\xd8\xff"), make([]byte, 5<<20)...)},
	// Said to be a GIF, which X fails to process.
	"/fake.gif": {"image/gif", pngOf(3000)},
}

func pngOf(n int) []byte {
	return append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{'p'}, n-8)...)
}

// stack is the fake X API behind an httptest server, counting the
// requests that reach it, with a client talking to it; both share a clock.
// The client waits on that clock, and images serves the images above (any
// other path is gone).
type stack struct {
	fake   *xfake.Server
	srv    *httptest.Server
	client *Client
	clock  *netfake.Clock
	calls  atomic.Int64
	images *httptest.Server
}

// imageURL is the URL of an image on the stack's image server, signed as
// an uploaded image's URL is.
func (s *stack) imageURL(path string) string {
	return s.images.URL + path + "?X-Amz-Signature=secret-signature"
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
	s.client.sleep = func(_ context.Context, d time.Duration) error {
		s.clock.Advance(d)
		return nil
	}
	s.images = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		img, ok := images[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", img.typ)
		w.Write(img.bytes)
	}))
	t.Cleanup(s.images.Close)
	return s
}
