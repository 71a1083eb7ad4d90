package mastodon

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestRecentPostsHash: a post made by Publish lists, through the fake's
// HTML, with the hash of the content it was made from.
func TestRecentPostsHash(t *testing.T) {
	contents := []relais.Content{
		{Text: "Hello, fediverse"},
		{Text: "Café crème à 8 € — ça vous dit ?", Link: "https://acme.example/café?jour=lundi&x=1"},
		{Text: "Two lines\nand a second one\n\nthen a paragraph"},
		{Text: `Markup stays text: <b>bold</b> & "quotes" 'too'`},
		{Text: "Long link, cut on screen:", Link: "https://www.acme.example/events/2026/03/soiree-jazz-du-vendredi?utm_source=relais"},
		{Text: "A link in a sentence: https://acme.example/a. Then more (https://acme.example/b)!"},
		{Text: "Emoji 🎷🎺 and #jazz"},
	}
	ctx := context.Background()
	f := newFixture(t, nil)
	want := map[string]string{} // id -> hash
	for i, c := range contents {
		id, err := f.client.Publish(ctx, testToken, testAccount, fmt.Sprint("post-", i), c)
		if err != nil {
			t.Fatalf("publish %q: %v", c.Text, err)
		}
		want[id] = c.Hash()
	}
	recent, err := f.client.RecentPosts(ctx, testToken, testAccount, start)
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	if len(recent) != len(contents) {
		t.Fatalf("posts: got %d, want %d", len(recent), len(contents))
	}
	for _, p := range recent {
		if p.Hash != want[p.ID] {
			for _, st := range f.fake.Statuses(testUser) {
				if st.ID == p.ID {
					t.Errorf("post %s: read back as %q, want %q", p.ID, plainText(st.Content), st.Text)
				}
			}
		}
		if !p.CreatedAt.Equal(start) {
			t.Errorf("post %s: created at %v, want %v", p.ID, p.CreatedAt, start)
		}
	}
}

func TestRecentPostsPages(t *testing.T) {
	tests := []struct {
		name      string
		statuses  int
		since     func(first time.Time) time.Time // statuses are a minute apart from first
		wantPosts int
		wantPages int
		wantErr   bool
	}{
		{name: "one page", statuses: 5, since: func(t0 time.Time) time.Time { return t0 }, wantPosts: 5, wantPages: 1},
		{name: "stops at since", statuses: 100, since: func(t0 time.Time) time.Time { return t0.Add(59 * time.Minute) }, wantPosts: 41, wantPages: 2},
		{name: "to the last page", statuses: 100, since: func(t0 time.Time) time.Time { return t0.Add(-time.Hour) }, wantPosts: 100, wantPages: 3},
		{name: "full last page, then an empty one", statuses: 80, since: func(t0 time.Time) time.Time { return t0.Add(-time.Hour) }, wantPosts: 80, wantPages: 3},
		{name: "too many to look through", statuses: 250, since: func(t0 time.Time) time.Time { return t0.Add(-time.Hour) }, wantPages: maxPages, wantErr: true},
		{name: "no since: as far as the bound", statuses: 250, since: func(time.Time) time.Time { return time.Time{} }, wantPosts: maxPages * pageSize, wantPages: maxPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			for i := 0; i < tt.statuses; i++ {
				f.fake.Post(testUser, fmt.Sprint("status ", i))
				f.clock.Advance(time.Minute)
			}
			f.fake.Post("other", "not ours")
			id := f.fake.RegisterAccount(testUser, testToken)
			list := "GET /api/v1/accounts/" + id + "/statuses"

			posts, err := f.client.RecentPosts(context.Background(), testToken, testAccount, tt.since(start))
			if got := f.count(list); got != tt.wantPages {
				t.Errorf("pages read: got %d, want %d", got, tt.wantPages)
			}
			if tt.wantErr {
				if got := mustFailure(t, err).Kind; got != relais.FailPermanent {
					t.Errorf("failure: got %s, want permanent (%v)", got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if len(posts) != tt.wantPosts {
				t.Fatalf("posts: got %d, want %d", len(posts), tt.wantPosts)
			}
			for i, p := range posts {
				n := tt.statuses - 1 - i // newest first
				if want := (relais.Content{Text: fmt.Sprint("status ", n)}).Hash(); p.Hash != want {
					t.Errorf("post %d: hash of another status", i)
				}
				if want := start.Add(time.Duration(n) * time.Minute); !p.CreatedAt.Equal(want) {
					t.Errorf("post %d: created at %v, want %v", i, p.CreatedAt, want)
				}
			}
		})
	}
}

func TestRecentPostsAccount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	for i := 0; i < 3; i++ {
		if _, err := f.client.RecentPosts(ctx, testToken, testAccount, start); err != nil {
			t.Fatalf("recent posts: %v", err)
		}
	}
	if got := f.count("GET /api/v1/accounts/verify_credentials"); got != 1 {
		t.Errorf("account id lookups: got %d, want 1 (cached)", got)
	}

	_, err := f.client.RecentPosts(ctx, otherToken, testAccount, start)
	e := mustFailure(t, err)
	if e.Kind != relais.FailPermanent || !strings.Contains(err.Error(), "belongs to @other") {
		t.Errorf("another account's token: got %s %q, want permanent, belongs to @other", e.Kind, err)
	}
}

// TestRecentPostsTimeout: listing makes nothing, so a lost answer is safe
// to retry.
func TestRecentPostsTimeout(t *testing.T) {
	for _, fault := range []netfake.Fault{netfake.ServerError, netfake.Timeout, netfake.TimeoutAfterEffect} {
		t.Run(string(fault), func(t *testing.T) {
			f := newFixture(t, nil)
			f.fake.Faults.FailNext(1, fault)
			ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
			defer cancel()
			_, err := f.client.RecentPosts(ctx, testToken, testAccount, start)
			if got := mustFailure(t, err).Kind; got != relais.FailTransient {
				t.Errorf("failure: got %s, want transient (%v)", got, err)
			}
		})
	}
}
