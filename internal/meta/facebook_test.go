package meta

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

func TestFacebookPublish(t *testing.T) {
	tests := []struct {
		name        string
		content     relais.Content
		wantMessage string
		wantLink    string
		wantImage   string
	}{
		{name: "text", content: relais.Content{Text: "Bonjour à tous"}, wantMessage: "Bonjour à tous"},
		{name: "link", content: relais.Content{Text: "Nouveau site", Link: "https://acme.example"},
			wantMessage: "Nouveau site\n\nhttps://acme.example", wantLink: "https://acme.example"},
		{name: "photo", content: relais.Content{Text: "Notre équipe", ImageURL: "https://cdn.example/a.jpg"},
			wantMessage: "Notre équipe", wantImage: "https://cdn.example/a.jpg"},
		{name: "photo with link", content: relais.Content{Text: "Notre équipe", ImageURL: "https://cdn.example/a.jpg", Link: "https://acme.example"},
			wantMessage: "Notre équipe\n\nhttps://acme.example", wantImage: "https://cdn.example/a.jpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id, err := s.fb.Publish(t.Context(), pageToken, pageID, "key-1", tt.content)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(pageID)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			p := posts[0]
			if got, want := id, p.ID; got != want {
				t.Errorf("id: got %q, want %q", got, want)
			}
			if !strings.HasPrefix(id, pageID+"_") {
				t.Errorf("id %q: want a page post id", id)
			}
			if p.Message != tt.wantMessage || p.Link != tt.wantLink || p.ImageURL != tt.wantImage {
				t.Errorf("post: got %q %q %q, want %q %q %q", p.Message, p.Link, p.ImageURL, tt.wantMessage, tt.wantLink, tt.wantImage)
			}
			if got := mustFind(t, s.fb, pageToken, pageID, tt.content); got != id {
				t.Errorf("found id: got %q, want %q", got, id)
			}
			for _, r := range s.seen() {
				if strings.Contains(r, "access_token") {
					t.Errorf("token in a URL: %s", r)
				}
			}
		})
	}
}

func TestFacebookRefusals(t *testing.T) {
	hello := relais.Content{Text: "Bonjour"}
	tests := []struct {
		name        string
		before      *relais.Content
		token       string
		account     string
		content     relais.Content
		wantCode    int
		wantSubcode int
		wantIn      string
		// wantKind is permanent unless set.
		wantKind relais.Failure
	}{
		{name: "duplicate", before: &hello, token: pageToken, account: pageID, content: hello, wantCode: 506, wantIn: "duplicate", wantKind: relais.FailDuplicate},
		{name: "empty", token: pageToken, account: pageID, content: relais.Content{Text: " "}, wantCode: 100, wantIn: "invalid"},
		{name: "wrong token", token: "EAAG-wrong", account: pageID, content: hello, wantCode: 190, wantIn: "renewed"},
		{name: "no token", token: "", account: pageID, content: hello, wantCode: 190, wantIn: "renewed"},
		{name: "other account's token", token: igToken, account: pageID, content: hello, wantCode: 100, wantSubcode: 33},
		{name: "too long", token: pageToken, account: pageID, content: relais.Content{Text: strings.Repeat("é", 63207)}, wantIn: "63206"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.before != nil {
				if _, err := s.fb.Publish(t.Context(), pageToken, pageID, "", *tt.before); err != nil {
					t.Fatalf("publish first: %v", err)
				}
			}
			_, err := s.fb.Publish(t.Context(), tt.token, tt.account, "", tt.content)
			kind := relais.FailPermanent
			if tt.wantKind != "" {
				kind = tt.wantKind
			}
			e := mustMetaError(t, err, kind)
			if want := wantCode(tt.wantCode, tt.wantSubcode); e.Code != want {
				t.Errorf("code: got %q, want %q", e.Code, want)
			}
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("error %q: want it to say %q", err, tt.wantIn)
			}
			want := 0
			if tt.before != nil {
				want = 1
			}
			if got := len(s.fake.Posts(pageID)); got != want {
				t.Errorf("posts: got %d, want %d", got, want)
			}
		})
	}
}

func TestFacebookExpiredToken(t *testing.T) {
	s := newStack(t)
	s.fake.ExpireToken(pageID)
	_, err := s.fb.Publish(t.Context(), pageToken, pageID, "", relais.Content{Text: "Bonjour"})
	e := mustMetaError(t, err, relais.FailPermanent)
	if e.Code != "190/463" {
		t.Errorf("code: got %q, want 190/463", e.Code)
	}
	if !strings.Contains(e.Error(), "token must be renewed") {
		t.Errorf("error %q: want it to say the token must be renewed", e)
	}
}

func TestFacebookRecentPostsPages(t *testing.T) {
	s := newStack(t)
	s.fake.MaxLimit = 2
	var want []string
	for i := 0; i < 5; i++ {
		id, err := s.fb.Publish(t.Context(), pageToken, pageID, "", relais.Content{Text: fmt.Sprintf("post %d", i)})
		if err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
		want = append([]string{id}, want...)
	}
	posts, err := s.fb.RecentPosts(t.Context(), pageToken, pageID, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	var got []string
	for _, p := range posts {
		got = append(got, p.ID)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ids: got %v, want %v (newest first)", got, want)
	}
	for _, r := range s.seen() {
		if strings.Contains(r, "access_token") {
			t.Errorf("token in a URL: %s", r)
		}
	}

	s.client.MaxPages = 2
	posts, err = s.fb.RecentPosts(t.Context(), pageToken, pageID, time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts, 2 pages: %v", err)
	}
	if got, want := len(posts), 4; got != want {
		t.Errorf("posts in 2 pages: got %d, want %d", got, want)
	}
}

func TestFacebookRecentPostsSince(t *testing.T) {
	s := newStack(t)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.fake.Now = func() time.Time { return now }
	old := relais.Content{Text: "old"}
	if _, err := s.fb.Publish(t.Context(), pageToken, pageID, "", old); err != nil {
		t.Fatalf("publish: %v", err)
	}
	now = now.Add(2 * time.Hour)
	recent := relais.Content{Text: "recent"}
	id, err := s.fb.Publish(t.Context(), pageToken, pageID, "", recent)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	posts, err := s.fb.RecentPosts(t.Context(), pageToken, pageID, now.Add(-time.Hour))
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	if len(posts) != 1 || posts[0].ID != id || posts[0].Hash != recent.Hash() || !posts[0].CreatedAt.Equal(now) {
		t.Errorf("posts: got %+v, want only %s at %s", posts, id, now)
	}
}
