package threads

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/threads/threadsfake"
)

const (
	acct       = "17841409876543210"
	acctToken  = "THAA-acct-token-secret"
	otherAcct  = "17841400000000002"
	otherToken = "THAA-other-token-secret"
)

// start is when every test's clock begins.
var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// stack is a client talking to a fake Threads with two accounts, under
// the version path as in production, on a clock the test moves.
type stack struct {
	fake   *threadsfake.Server
	srv    *httptest.Server
	client *Client
	clock  *netfake.Clock

	mu       sync.Mutex
	requests []string
	// publishFirst makes the next threads_publish reach the fake twice,
	// as if another process had published the container first: the
	// client sees only the second answer.
	publishFirst bool
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: threadsfake.New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterAccount(acct, acctToken)
	s.fake.RegisterAccount(otherAcct, otherToken)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(s.srv.URL+"/v1.0", &http.Client{Timeout: 500 * time.Millisecond})
	s.client.PollInterval = 0
	s.client.Now = s.clock.Now
	return s
}

func (s *stack) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+strings.TrimPrefix(r.URL.Path, "/v1.0"))
	first := s.publishFirst && strings.HasSuffix(r.URL.Path, "/threads_publish")
	if first {
		s.publishFirst = false
	}
	s.mu.Unlock()
	if first {
		body, _ := io.ReadAll(r.Body)
		ahead := r.Clone(r.Context())
		ahead.Body = io.NopCloser(bytes.NewReader(body))
		s.fake.ServeHTTP(httptest.NewRecorder(), ahead)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	s.fake.ServeHTTP(w, r)
}

// seen returns the requests the fake received, as "METHOD path", the
// version left out.
func (s *stack) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// count returns how many requests were "METHOD path".
func (s *stack) count(request string) int {
	n := 0
	for _, r := range s.seen() {
		if r == request {
			n++
		}
	}
	return n
}

// mustFail checks that err is a classified *netcall.Error of the failure
// that shows no token.
func mustFail(t *testing.T, err error, want relais.Failure) *netcall.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %s one", want)
	}
	e := netfake.MustError(t, err, acctToken, otherToken)
	if got := e.Kind; got != want {
		t.Fatalf("failure: got %s, want %s (%v)", got, want, err)
	}
	return e
}

// image and video are attachments as the publisher hands them.
func image(name string) relais.Attachment {
	return relais.Attachment{URL: "https://media.relais.example/" + name + ".jpg", Kind: relais.FormatImage, ContentType: "image/jpeg", Bytes: 240_000, Alt: "photo " + name}
}

func video(name string) relais.Attachment {
	return relais.Attachment{URL: "https://media.relais.example/" + name + ".mp4", Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: 12_000_000, Alt: "video " + name}
}
