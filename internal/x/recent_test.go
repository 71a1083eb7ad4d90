package x

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestRecentPosts(t *testing.T) {
	tests := []struct {
		name      string
		posts     int // published by acme, one a second from t0
		since     time.Time
		wantPosts int
		wantCalls int64
	}{
		{name: "none", posts: 0, since: t0, wantPosts: 0, wantCalls: 1},
		{name: "one page", posts: 3, since: t0, wantPosts: 3, wantCalls: 1},
		{name: "three pages", posts: 250, since: t0, wantPosts: 250, wantCalls: 3},
		{name: "since cuts", posts: 10, since: t0.Add(4*time.Second + 300*time.Millisecond), wantPosts: 6, wantCalls: 1},
		{name: "zero since lists all", posts: 10, wantPosts: 10, wantCalls: 1},
		{name: "bounded", posts: 1050, since: t0, wantPosts: maxPages * pageSize, wantCalls: maxPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t)
			s.fake.SetLimit(0)
			for i := 0; i < tt.posts; i++ {
				if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", relais.Content{Text: fmt.Sprintf("post %d", i)}); err != nil {
					t.Fatalf("publish %d: %v", i, err)
				}
				s.clock.Advance(time.Second)
			}
			calls := s.calls.Load()
			posts, err := s.client.RecentPosts(ctx, acmeToken, acmeID, tt.since)
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if got, want := len(posts), tt.wantPosts; got != want {
				t.Errorf("posts: got %d, want %d", got, want)
			}
			if got, want := s.calls.Load()-calls, tt.wantCalls; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			// Newest first, each with its own content's hash.
			for i, p := range posts {
				n := tt.posts - 1 - i
				if got, want := p.Hash, (relais.Content{Text: fmt.Sprintf("post %d", n)}).Hash(); got != want {
					t.Fatalf("post %d: hash of another post's content", i)
				}
				if got, want := p.CreatedAt, t0.Add(time.Duration(n)*time.Second); !got.Equal(want) {
					t.Fatalf("post %d: created at %v, want %v", i, got, want)
				}
			}
		})
	}
}

// X answers 200 with only errors for a user it cannot show: that is not
// an empty list.
func TestRecentPostsUnknownUser(t *testing.T) {
	s := newStack(t)
	_, err := s.client.RecentPosts(context.Background(), acmeToken, "4040", t0)
	e := netfake.MustError(t, err)
	if got, want := e.Failure(), relais.FailPermanent; got != want {
		t.Errorf("failure: got %s, want %s", got, want)
	}
	if got, want := e.Code, CodeNotFound; got != want {
		t.Errorf("code: got %q, want %q (%v)", got, want, err)
	}
}
