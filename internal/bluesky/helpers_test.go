package bluesky

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	handle   = "acme.bsky.social"
	password = "abcd-efgh-ijkl-mnop"
	postKey  = "p20261122224418886d2173"
)

// stack is a fake PDS behind a request counter, and a client talking to
// it, both on one clock.
type stack struct {
	pds    *blueskyfake.Server
	srv    *httptest.Server
	hc     *http.Client
	client *Client
	clock  *netfake.Clock
	did    string

	mu    sync.Mutex
	calls map[string]int // by NSID
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{clock: netfake.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)), calls: map[string]int{}}
	s.pds = blueskyfake.New()
	s.pds.Now = s.clock.Now
	s.did = s.pds.RegisterAccount(handle, password)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.calls[strings.TrimPrefix(r.URL.Path, "/xrpc/")]++
		s.mu.Unlock()
		s.pds.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.hc = &http.Client{Timeout: time.Second}
	s.client = New(s.srv.URL, s.hc)
	s.client.Now = s.clock.Now
	// The fake serves the video service too; its jobs are looked at
	// without a pause.
	s.client.VideoURL = s.srv.URL
	s.client.PollInterval = 0
	s.client.UploadTimeout = 5 * time.Second
	return s
}

// count returns how many calls the PDS got for an NSID.
func (s *stack) count(nsid string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[nsid]
}

func (s *stack) totalCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		n += c
	}
	return n
}

// postURI is the at:// URI of the post under a record key.
// postURI is the URI of the post Relais publishes under key.
func (s *stack) postURI(key string) string {
	return "at://" + s.did + "/app.bsky.feed.post/" + rkeyOf(key)
}

// rkeyOf is the record key of the post Relais publishes under key.
func rkeyOf(key string) string {
	rkey, err := recordKey(key)
	if err != nil {
		panic(err)
	}
	return rkey
}

// mustPublish publishes or fails the test.
func (s *stack) mustPublish(t *testing.T, key string, c relais.Content) string {
	t.Helper()
	uri, err := s.client.Publish(t.Context(), password, handle, key, c)
	if err != nil {
		t.Fatalf("publish %s: %v", key, err)
	}
	return uri
}

// checkNoSecret fails the test when an error shows the app password or a
// token the PDS issued.
func checkNoSecret(t *testing.T, pds *blueskyfake.Server, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	secrets := []string{password}
	if pds != nil {
		secrets = append(secrets, pds.IssuedTokens()...)
	}
	for _, secret := range secrets {
		if strings.Contains(msg, secret) {
			t.Errorf("error %q shows a secret", msg)
		}
	}
}

// refusedURL is an address where nothing listens.
func refusedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
