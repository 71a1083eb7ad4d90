package meta

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	pageID    = "1001"
	pageToken = "EAAG-page-token-secret"
	igID      = "17841400000000001"
	igToken   = "EAAG-ig-token-secret"
)

// stack is a fake Graph API with a page and an Instagram account, and a
// client talking to it under a version path as in production.
type stack struct {
	tb     testing.TB
	fake   *metafake.Server
	srv    *httptest.Server
	client *Client
	fb     *Facebook
	ig     *Instagram

	mu       sync.Mutex
	requests []*http.Request
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{tb: t, fake: metafake.New()}
	s.fake.RegisterPage(pageID, pageToken)
	s.fake.RegisterInstagram(igID, igToken)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Clone(r.Context()))
		s.mu.Unlock()
		s.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(s.srv.URL+"/v21.0", &http.Client{Timeout: time.Second})
	s.client.PollInterval = time.Millisecond
	s.fb, s.ig = s.client.Facebook(), s.client.Instagram()
	return s
}

// seen returns the requests the fake received, as "METHOD path?query".
func (s *stack) seen() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.requests))
	for i, r := range s.requests {
		out[i] = r.Method + " " + r.URL.RequestURI()
	}
	return out
}

// mustMetaError checks that err is a *netcall.Error with the failure.
func mustMetaError(t *testing.T, err error, want relais.Failure) *netcall.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %s one", want)
	}
	e := netfake.MustError(t, err, pageToken, igToken)
	if got, _ := relais.FailureOf(err); got != want {
		t.Fatalf("failure: got %s, want %s (%v)", got, want, err)
	}
	return e
}

// wantCode is how an error names Meta's code and subcode.
func wantCode(code, subcode int) string {
	switch {
	case code == 0:
		return ""
	case subcode == 0:
		return fmt.Sprint(code)
	}
	return fmt.Sprintf("%d/%d", code, subcode)
}

// mustFind checks that RecentPosts lists a post with c's hash.
func mustFind(t *testing.T, p relais.NetworkPublisher, token, account string, c relais.Content) string {
	t.Helper()
	posts, err := p.RecentPosts(t.Context(), token, account, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	for _, x := range posts {
		if x.Hash == c.Hash() {
			return x.ID
		}
	}
	t.Fatalf("recent posts: no post with the content's hash among %d", len(posts))
	return ""
}
