package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestFaultsThroughClient(t *testing.T) {
	ctx := context.Background()
	content := Content{Text: "Nouvelle collection", Link: "https://acme.example/new"}
	publish := func(s *stack) error {
		_, err := s.client.Publish(ctx, acmeToken, "acme", content)
		return err
	}
	postsMade := func(want int) func(*testing.T, *stack) {
		return func(t *testing.T, s *stack) {
			if got := len(s.net.Posts()); got != want {
				t.Errorf("posts made: got %d, want %d", got, want)
			}
		}
	}
	tests := []struct {
		name           string
		fault          Fault
		call           func(s *stack) error
		wantKind       relais.Failure
		wantStatus     int
		wantRetryAfter time.Duration
		check          func(*testing.T, *stack)
	}{
		{name: "5xx on publish", fault: Fail5xx, call: publish, wantKind: relais.FailAmbiguous, wantStatus: 503, check: postsMade(0)},
		// The server hangs after reading the request, so the client knows
		// it was written: it cannot tell whether the post was made.
		{name: "timeout on publish", fault: Timeout, call: publish, wantKind: relais.FailAmbiguous, check: postsMade(0)},
		{name: "timeout after post", fault: TimeoutAfterPost, call: publish, wantKind: relais.FailAmbiguous, check: func(t *testing.T, s *stack) {
			posts, err := s.client.RecentPosts(ctx, acmeToken, "acme", s.clock.Now().Add(-time.Hour))
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if got, want := len(posts), 1; got != want {
				t.Fatalf("recent posts: got %d, want %d", got, want)
			}
			if got, want := posts[0].Hash(), content.Hash(); got != want {
				t.Errorf("content hash: got %s, want %s", got, want)
			}
		}},
		{name: "rate limit on publish", fault: RateLimit, call: publish, wantKind: relais.FailTransient, wantStatus: 429, wantRetryAfter: RateLimitRetryAfter, check: postsMade(0)},
		{name: "5xx on recent posts", fault: Fail5xx, call: func(s *stack) error {
			_, err := s.client.RecentPosts(ctx, acmeToken, "acme", time.Time{})
			return err
		}, wantKind: relais.FailTransient, wantStatus: 503},
		{name: "timeout on hide", fault: Timeout, call: func(s *stack) error {
			return s.client.Hide(ctx, acmeToken, s.mustComment(t, "hello"))
		}, wantKind: relais.FailTransient, check: func(t *testing.T, s *stack) {
			if got := len(s.net.Actions()); got != 0 {
				t.Errorf("actions: got %d, want 0", got)
			}
		}},
		{name: "timeout after reply", fault: TimeoutAfterPost, call: func(s *stack) error {
			_, err := s.client.Reply(ctx, acmeToken, s.mustComment(t, "hello"), "Merci !")
			return err
		}, wantKind: relais.FailAmbiguous, check: func(t *testing.T, s *stack) {
			if got := s.net.Comments()[0].Replies; len(got) != 1 {
				t.Errorf("replies: got %v, want one", got)
			}
		}},
		{name: "rate limit on delete", fault: RateLimit, call: func(s *stack) error {
			return s.client.Delete(ctx, acmeToken, s.mustComment(t, "hello"))
		}, wantKind: relais.FailTransient, wantStatus: 429, wantRetryAfter: RateLimitRetryAfter, check: func(t *testing.T, s *stack) {
			if s.net.Comments()[0].Deleted {
				t.Error("comment deleted despite the rate limit")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			// Comments the calls make do not go through the API, so they
			// leave the fault for the call.
			s.net.FailNext(1, tt.fault)
			err := tt.call(s)
			e := netfake.MustError(t, err)
			if got, want := e.Kind, tt.wantKind; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if got, want := e.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
			if got, want := e.RetryAfter, tt.wantRetryAfter; got != want {
				t.Errorf("retry after: got %s, want %s", got, want)
			}
			if tt.check != nil {
				tt.check(t, s)
			}
		})
	}
}

func TestFaultsAreConsumedInOrder(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.net.FailNext(2, Fail5xx)
	s.net.FailNext(1, RateLimit)
	s.net.FailNext(0, Timeout) // nothing to add
	var got []int
	for i := range 4 {
		_, err := s.client.Publish(ctx, acmeToken, "acme", Content{Text: "post " + string(rune('a'+i))})
		status := http.StatusCreated
		if err != nil {
			status = netfake.MustError(t, err).Status
		}
		got = append(got, status)
	}
	want := []int{503, 503, 429, 201}
	if !slices.Equal(got, want) {
		t.Errorf("statuses: got %v, want %v", got, want)
	}
}

func TestFaultControlEndpoint(t *testing.T) {
	tests := []struct {
		body       string
		wantStatus int
		wantCode   string
		wantFault  bool
	}{
		{`{"fault":"rate_limit","count":1}`, http.StatusNoContent, "", true},
		{`{"fault":"5xx","count":1}`, http.StatusNoContent, "", true},
		{`{"fault":"fire","count":1}`, http.StatusUnprocessableEntity, CodeValidation, false},
		{`{"fault":"timeout","count":0}`, http.StatusUnprocessableEntity, CodeValidation, false},
		{`{"fault":"timeout","count":1001}`, http.StatusUnprocessableEntity, CodeValidation, false},
		{`{"fault":`, http.StatusBadRequest, CodeInvalidRequest, false},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			s := newStack(t)
			status, code := s.send(t, http.MethodPost, Prefix+"faults", "", tt.body)
			if status != tt.wantStatus || code != tt.wantCode {
				t.Fatalf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
			_, err := s.client.Publish(context.Background(), acmeToken, "acme", Content{Text: "hello"})
			if got := err != nil; got != tt.wantFault {
				t.Errorf("publish failed: got %v, want %v (%v)", got, tt.wantFault, err)
			}
		})
	}
}

func TestFailNextRefusesUnknownFault(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("FailNext accepted an unknown fault")
		}
	}()
	NewNetwork("", nil).FailNext(1, Fault("fire"))
}

// TestFailuresBeforeSending checks that calls the network cannot have seen
// are transient, even those that create.
func TestFailuresBeforeSending(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	s := newStack(t)
	tests := []struct {
		name   string
		client *Client
		ctx    context.Context
	}{
		{"connection refused", NewClient(closed.URL, nil), context.Background()},
		{"context canceled", s.client, canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Publish(tt.ctx, acmeToken, "acme", Content{Text: "hello"})
			if got, want := netfake.MustError(t, err).Kind, relais.FailTransient; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if tt.ctx.Err() != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want it to wrap context.Canceled", err)
			}
		})
	}
	if got := len(s.net.Posts()); got != 0 {
		t.Errorf("posts made: got %d, want 0", got)
	}
}

// TestUnreadableAnswers checks that a post whose answer is lost or garbled
// counts as ambiguous, since the network did make it.
func TestUnreadableAnswers(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"not JSON", `<html>ok</html>`},
		{"no id", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusCreated)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			_, err := NewClient(srv.URL, nil).Publish(context.Background(), acmeToken, "acme", Content{Text: "hello"})
			if got, want := netfake.MustError(t, err).Kind, relais.FailAmbiguous; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{"-1", 0},
		{"soon", 0},
		{time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.header); got != tt.want {
			t.Errorf("retryAfter(%q): got %s, want %s", tt.header, got, tt.want)
		}
	}
	future := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	if got := retryAfter(future); got < 58*time.Minute || got > time.Hour {
		t.Errorf("retryAfter(%q): got %s, want about 1h", future, got)
	}
}
