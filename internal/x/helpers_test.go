package x

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
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

// The videos posts point to, by path on the stack's media server.
var videos = map[string]struct {
	typ   string
	bytes []byte
}{
	// Three segments, the last one short.
	"/clip.mp4": {"video/mp4", movieOf("mp42", 2*videoSegmentBytes+1<<20+123)},
	"/clip.mov": {"video/quicktime", movieOf("qt  ", 1<<20)},
	// Said to be an MP4, which X fails to process.
	"/noise.mp4": {"video/mp4", bytes.Repeat([]byte("noise"), 100_000)},
}

// movieOf is a file of n bytes that starts as an MP4 or QuickTime movie
// of a brand does, and whose bytes differ from segment to segment.
func movieOf(brand string, n int) []byte {
	b := make([]byte, n)
	copy(b, "\x00\x00\x00\x14ftyp"+brand+"\x00\x00\x00\x00")
	for i := 20; i < n; i++ {
		b[i] = byte(i / 1000)
	}
	return b
}

// stack is the fake X API behind an httptest server, counting the
// requests that reach it, with a client talking to it; both share a clock.
// The client waits on that clock, and images serves the images and videos
// above (any other path is gone).
type stack struct {
	fake   *xfake.Server
	srv    *httptest.Server
	client *Client
	clock  *netfake.Clock
	calls  atomic.Int64
	images *httptest.Server

	mu sync.Mutex
	// seen lists the requests X saw, as "METHOD /path".
	seen []string
	// fault, when set, picks the fault of each request X is about to
	// see.
	fault func(r *http.Request) netfake.Fault
	// ranges lists the Range header of each GET of a video, "" for the
	// whole file.
	ranges []string
	// cutAt, when positive, ends the next answer with a video after that
	// many bytes.
	cutAt int
	// noRange makes the media server send whole files, whatever the
	// Range asked.
	noRange bool
}

// count is how many requests X saw with a method and a path ending in
// suffix.
func (s *stack) count(method, suffix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.seen {
		m, path, _ := strings.Cut(r, " ")
		if m == method && strings.HasSuffix(path, suffix) {
			n++
		}
	}
	return n
}

// failNth makes the nth request with a method and a path ending in
// suffix fail with f.
func (s *stack) failNth(method, suffix string, n int, f netfake.Fault) {
	s.setFault(func(r *http.Request) netfake.Fault {
		if r.Method == method && strings.HasSuffix(r.URL.Path, suffix) && s.count(method, suffix) == n {
			return f
		}
		return netfake.None
	})
}

func (s *stack) setFault(f func(r *http.Request) netfake.Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault = f
}

// videoURL is the URL of a video on the stack's media server, signed as
// an uploaded video's URL is.
func (s *stack) videoURL(path string) string { return s.imageURL(path) }

// videoGets returns the Range of each GET of a video so far.
func (s *stack) videoGets() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ranges...)
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
		s.mu.Lock()
		s.seen = append(s.seen, r.Method+" "+r.URL.Path)
		fault := s.fault
		s.mu.Unlock()
		if fault != nil {
			if f := fault(r); f != netfake.None {
				s.fake.Faults.FailNext(1, f)
			}
		}
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
		if img, ok := images[r.URL.Path]; ok {
			w.Header().Set("Content-Type", img.typ)
			w.Write(img.bytes)
			return
		}
		v, ok := videos[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.mu.Lock()
		s.ranges = append(s.ranges, r.Header.Get("Range"))
		cut, whole := s.cutAt, s.noRange
		s.cutAt = 0
		s.mu.Unlock()
		w.Header().Set("Content-Type", v.typ)
		switch {
		case cut > 0:
			// Fewer bytes than announced: the connection breaks off.
			w.Header().Set("Content-Length", strconv.Itoa(len(v.bytes)))
			w.Write(v.bytes[:cut])
		case whole:
			w.Write(v.bytes)
		default:
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(v.bytes))
		}
	}))
	t.Cleanup(s.images.Close)
	return s
}
