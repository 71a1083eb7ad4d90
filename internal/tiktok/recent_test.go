package tiktok

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestAmbiguousPublishIsFound is the reconciliation the publisher does
// after a lost answer: the post made is listed with the content's hash,
// link included, for a video's caption and a photo post's description.
func TestAmbiguousPublishIsFound(t *testing.T) {
	ctx := context.Background()
	for _, format := range []string{"video", "photos"} {
		t.Run(format, func(t *testing.T) {
			s := newStack(t)
			c := s.video("Nouveau : #brunch 🥐 (samedi)")
			if format == "photos" {
				c = s.photos("Nouveau : #brunch 🥐 (samedi)", "/p1.jpg", "/p2.webp")
			}
			c.Link = "https://acme.example/brunch?utm=tiktok"
			s.fake.Faults.FailNext(1, netfake.None) // creator info
			s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
			_, err := s.client.PublishWith(ctx, acmeToken, c, public)
			if got := netfake.MustError(t, err, acmeToken).Kind; got != relais.FailAmbiguous {
				t.Fatalf("kind: got %s, want %s", got, relais.FailAmbiguous)
			}
			got, err := s.client.RecentPosts(ctx, acmeToken, acmeID, start.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			want := []relais.PublishedPost{{ID: s.fake.Posts(acmeID)[0].VideoID, Hash: c.Hash(), CreatedAt: start}}
			if len(got) != 1 || got[0] != want[0] {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestRecentPosts: public videos since a time, newest first, paged; not
// another account's, and not a post TikTok does not list (not public).
func TestRecentPosts(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.client.MaxPolls = 1
	var made []relais.Content
	for i := range 45 {
		c := s.video("post " + strconv.Itoa(i))
		if _, err := s.client.PublishWith(ctx, acmeToken, c, public); err != nil {
			t.Fatal(err)
		}
		made = append(made, c)
		s.clock.Advance(time.Minute)
	}
	if _, err := s.client.PublishWith(ctx, acmeToken, s.video("private"), PostOptions{Privacy: SelfOnly}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.PublishWith(ctx, globexToken, s.video("globex"), public); err != nil {
		t.Fatal(err)
	}
	posts := s.fake.Posts(acmeID)
	tests := []struct {
		name         string
		since        time.Time
		wantPosts    int
		wantRequests int64
	}{
		{"all", start.Add(-time.Hour), 45, 3},
		{"the newest 10", posts[35].CreatedAt, 10, 1},
		{"into the second page", posts[20].CreatedAt, 25, 2},
		{"none", start.Add(24 * time.Hour), 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.requests.Store(0)
			got, err := s.client.RecentPosts(ctx, acmeToken, acmeID, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantPosts {
				t.Fatalf("posts: got %d, want %d", len(got), tt.wantPosts)
			}
			if r := s.requests.Load(); r != tt.wantRequests {
				t.Errorf("requests: got %d, want %d", r, tt.wantRequests)
			}
			for i, p := range got {
				n := 44 - i
				want := relais.PublishedPost{ID: posts[n].VideoID, Hash: made[n].Hash(), CreatedAt: posts[n].CreatedAt}
				if p != want {
					t.Errorf("post %d: got %+v, want %+v", i, p, want)
				}
			}
		})
	}
}

func TestRecentPostsFailures(t *testing.T) {
	tests := []struct {
		name     string
		token    string
		fault    netfake.Fault
		wantKind relais.Failure
		wantWait time.Duration
		wantCode string
	}{
		{"server error", acmeToken, netfake.ServerError, relais.FailTransient, 0, CodeInternal},
		{"timeout", acmeToken, netfake.Timeout, relais.FailTransient, 0, ""},
		{"rate limited", acmeToken, netfake.RateLimit, relais.FailTransient, time.Minute, CodeRateLimited},
		{"bad token", "act.nope", netfake.None, relais.FailPermanent, 0, CodeTokenInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.RecentPosts(context.Background(), tt.token, acmeID, start)
			e := netfake.MustError(t, err, acmeToken, tt.token)
			if e.Kind != tt.wantKind || e.Wait() != tt.wantWait || e.Code != tt.wantCode {
				t.Errorf("got %s %q (wait %v), want %s %q (wait %v)", e.Kind, e.Code, e.Wait(), tt.wantKind, tt.wantCode, tt.wantWait)
			}
		})
	}
}
