package bluesky

import (
	"fmt"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestRecentPosts(t *testing.T) {
	s := newStack(t)
	start := s.clock.Now()
	// 250 posts a minute apart, written as they were published, so that
	// their record keys sort so and listRecords serves them newest first
	// in three pages.
	key := func(i int) string {
		return fmt.Sprintf("p%s%04x", start.Add(time.Duration(i)*time.Minute).UTC().Format("20060102150405"), i)
	}
	for i := range 250 {
		s.mustPublish(t, key(i), relais.Content{Text: fmt.Sprintf("post %d", i), Link: "https://acme.example"})
		s.clock.Advance(time.Minute)
	}
	tests := []struct {
		name      string
		since     time.Time
		wantFirst int // the newest post returned
		wantLast  int // the oldest
		wantPages int
	}{
		{name: "all", since: time.Time{}, wantFirst: 249, wantLast: 0, wantPages: 3},
		{name: "within the first page", since: start.Add(200 * time.Minute), wantFirst: 249, wantLast: 200, wantPages: 2},
		{name: "across pages", since: start.Add(120 * time.Minute), wantFirst: 249, wantLast: 120, wantPages: 3},
		{name: "none", since: start.Add(time.Hour * 24), wantFirst: -1, wantPages: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.count("com.atproto.repo.listRecords")
			posts, err := s.client.RecentPosts(t.Context(), password, handle, tt.since)
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if got, want := s.count("com.atproto.repo.listRecords")-before, tt.wantPages; got != want {
				t.Errorf("pages read: got %d, want %d", got, want)
			}
			want := tt.wantFirst - tt.wantLast + 1
			if tt.wantFirst < 0 {
				want = 0
			}
			if len(posts) != want {
				t.Fatalf("posts: got %d, want %d", len(posts), want)
			}
			for j, p := range posts {
				i := tt.wantFirst - j
				c := relais.Content{Text: fmt.Sprintf("post %d", i), Link: "https://acme.example"}
				if p.ID != s.postURI(key(i)) || p.Hash != c.Hash() || !p.CreatedAt.Equal(start.Add(time.Duration(i)*time.Minute)) {
					t.Fatalf("post %d: got %+v, want post %d with hash %s", j, p, i, c.Hash())
				}
			}
		})
	}
}

// TestRecentPostsOutOfOrder has a post whose key sorts after an older
// post's: Relais' keys follow when a post was written, not when it went
// out, so one older record must not end the search.
func TestRecentPostsOutOfOrder(t *testing.T) {
	s := newStack(t)
	written := s.clock.Now().UTC()
	first, last := "p"+written.Format("20060102150405")+"0001", "p"+written.Add(time.Hour).Format("20060102150405")+"0002"
	late := relais.Content{Text: "written first, published last"}
	s.mustPublish(t, last, relais.Content{Text: "written last, published first"})
	s.clock.Advance(2 * time.Hour)
	s.mustPublish(t, first, late)
	posts, err := s.client.RecentPosts(t.Context(), password, handle, s.clock.Now().Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	if len(posts) != 1 || posts[0].ID != s.postURI(first) || posts[0].Hash != late.Hash() {
		t.Errorf("posts: got %+v, want only the post written first", posts)
	}
}

func TestRecentPostsFailures(t *testing.T) {
	tests := []struct {
		name     string
		fault    netfake.Fault
		expire   bool
		wantKind relais.Failure // "" for success
		wantWait time.Duration
	}{
		{name: "expired token", expire: true},
		{name: "server error", fault: netfake.ServerError, wantKind: relais.FailTransient},
		{name: "rate limited", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantWait: 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.mustPublish(t, postKey, relais.Content{Text: "Bonjour"})
			if tt.expire {
				s.pds.ExpireAccessTokens()
			}
			if tt.fault != netfake.None {
				s.pds.Faults.FailNext(1, tt.fault)
			}
			posts, err := s.client.RecentPosts(t.Context(), password, handle, time.Time{})
			checkNoSecret(t, s.pds, err)
			if tt.wantKind == "" {
				if err != nil || len(posts) != 1 {
					t.Fatalf("recent posts: got %d posts, %v; want 1", len(posts), err)
				}
				return
			}
			kind, wait := relais.FailureOf(err)
			if kind != tt.wantKind || wait != tt.wantWait {
				t.Errorf("failure: got %s after %v, want %s after %v (%v)", kind, wait, tt.wantKind, tt.wantWait, err)
			}
		})
	}
	t.Run("refused connection", func(t *testing.T) {
		_, err := New(refusedURL(t), nil).RecentPosts(t.Context(), password, handle, time.Time{})
		if kind, _ := relais.FailureOf(err); kind != relais.FailTransient {
			t.Errorf("failure: got %s, want %s (%v)", kind, relais.FailTransient, err)
		}
	})
}
