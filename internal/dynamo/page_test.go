package dynamo_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// TestPostsPages: pages cover a client's posts once each, newest first,
// and end with an empty cursor.
func TestPostsPages(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	for i := range 7 {
		mustOK(t, s.CreatePost(ctx, relais.Post{ID: fmt.Sprintf("p%02d", i), ClientID: "acme", Account: relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"},
			Text: "x", LocalTime: "2026-12-01T09:00:00", TimeZone: "Europe/Paris", ScheduledAt: now.Add(time.Hour), Status: relais.StatusScheduled}, "test", "created"))
	}
	mustOK(t, s.CreatePost(ctx, relais.Post{ID: "g1", ClientID: "globex", Account: relais.AccountRef{Network: relais.Sandbox, ID: "globex-page"},
		Text: "x", LocalTime: "2026-12-01T09:00:00", TimeZone: "Europe/Paris", ScheduledAt: now.Add(time.Hour), Status: relais.StatusScheduled}, "test", "created"))
	var got []string
	cursor, pages := "", 0
	for {
		page, err := s.PostsPage(ctx, "acme", cursor, 3)
		mustOK(t, err)
		pages++
		for _, p := range page.Items {
			got = append(got, p.ID)
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if want := "p06 p05 p04 p03 p02 p01 p00"; strings.Join(got, " ") != want {
		t.Errorf("posts: got %v, want %s", got, want)
	}
	if pages > 3 {
		t.Errorf("pages: got %d, want at most 3", pages)
	}
}

// TestCursorStaysWithItsClient: a cursor is opaque and cannot be turned
// into a key of another client or list.
func TestCursorStaysWithItsClient(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	forge := func(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }
	tests := []struct {
		name   string
		cursor string
	}{
		{"not base64", "!!!"},
		{"not JSON", forge("x")},
		{"another client's partition", forge(`{"PK":"CLIENT#globex","SK":"POST#g1"}`)},
		{"a key of another list", forge(`{"SK":"PROFILE"}`)},
		{"an unknown attribute", forge(`{"SK":"POST#p1","GSI1PK":"CLIENT#globex#INBOX"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.PostsPage(ctx, "acme", tt.cursor, 10)
			wantCode(t, "posts", err, relais.EINVALID)
			_, err = s.InboxPage(ctx, "acme", dynamo.InboxFilter{}, tt.cursor)
			wantCode(t, "inbox", err, relais.EINVALID)
		})
	}
}

// TestInboxPages: filtered pages cover the kept interactions once each,
// in at most two queries a page.
func TestInboxPages(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var ins []relais.Interaction
	for i := range 30 {
		n := relais.Sandbox
		if i%3 == 0 {
			n = relais.X
		}
		ins = append(ins, relais.Interaction{ClientID: "acme", Network: n, AccountID: "acme-page", ID: fmt.Sprintf("c%02d", i),
			Kind: relais.KindComment, PostID: "p", ParentID: "p", Text: "t", CreatedAt: now, ReceivedAt: now.Add(time.Duration(i) * time.Second)})
	}
	_, err := s.Ingest(ctx, ins, zones)
	mustOK(t, err)
	seen := map[string]bool{}
	cursor := ""
	for range 40 {
		page, err := s.InboxPage(ctx, "acme", dynamo.InboxFilter{Limit: 4, Network: relais.X}, cursor)
		mustOK(t, err)
		if len(page.Items) > 4 {
			t.Fatalf("page of %d, want at most 4", len(page.Items))
		}
		for _, e := range page.Items {
			if seen[e.ID] || e.Network != relais.X {
				t.Errorf("entry %s %s: seen twice or filtered out", e.Network, e.ID)
			}
			seen[e.ID] = true
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if got, want := len(seen), 10; got != want {
		t.Errorf("entries on x: got %d, want %d", got, want)
	}
}

// TestInboxStates: the state filters keep what moderation decided, or
// what it has not seen yet, and the network filter combines with them.
func TestInboxStates(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var ins []relais.Interaction
	for i := range 8 {
		n := relais.Sandbox
		if i%2 == 0 {
			n = relais.X
		}
		ins = append(ins, relais.Interaction{ClientID: "acme", Network: n, AccountID: "acme-page", ID: fmt.Sprintf("c%d", i),
			Kind: relais.KindComment, PostID: "p", ParentID: "p", Text: "t", CreatedAt: now, ReceivedAt: now.Add(time.Duration(i) * time.Second)})
	}
	_, err := s.Ingest(ctx, ins, zones)
	mustOK(t, err)
	for _, i := range []int{1, 2, 5} {
		_, _, err := s.SaveDecision(ctx, relais.Decision{ClientID: "acme", Network: ins[i].Network, InteractionID: ins[i].ID, Action: relais.ActionHide, DecidedAt: now}, "Europe/Paris")
		mustOK(t, err)
	}
	tests := []struct {
		state   string
		network relais.Network
		want    string
	}{
		{"hide", "", "c5 c2 c1"},
		{"pending", "", "c7 c6 c4 c3 c0"},
		{"allow", "", ""},
		{"hide", relais.X, "c2"},
		{"pending", relais.Sandbox, "c7 c3"},
	}
	for _, tt := range tests {
		f := dynamo.InboxFilter{Network: tt.network}
		mustOK(t, f.SetState(tt.state))
		page, err := s.InboxPage(ctx, "acme", f, "")
		mustOK(t, err)
		var got []string
		for _, e := range page.Items {
			got = append(got, e.ID)
		}
		if strings.Join(got, " ") != tt.want || page.Next != "" {
			t.Errorf("state %s network %q: got %v (next %q), want %s", tt.state, tt.network, got, page.Next, tt.want)
		}
	}
}
