package sandboxfake

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

func TestPublish(t *testing.T) {
	ctx := context.Background()
	hello := sandbox.Content{Text: "Bonjour à tous", ImageURL: "https://cdn.example/a.jpg", Link: "https://acme.example"}
	tests := []struct {
		name       string
		before     *sandbox.Content // published first on acme
		token      string
		account    string
		content    sandbox.Content
		wantID     string
		wantKind   relais.Failure
		wantStatus int
		wantCode   string
	}{
		{name: "ok", token: acmeToken, account: "acme", content: hello, wantID: "acme_1"},
		{name: "longest text", token: acmeToken, account: "acme", content: sandbox.Content{Text: strings.Repeat("é", MaxText)}, wantID: "acme_1"},
		{name: "second post", before: &sandbox.Content{Text: "first"}, token: acmeToken, account: "acme", content: hello, wantID: "acme_2"},
		{name: "same text, other link", before: &sandbox.Content{Text: hello.Text}, token: acmeToken, account: "acme", content: hello, wantID: "acme_2"},
		{name: "same content, other account", before: &hello, token: globexToken, account: "globex", content: hello, wantID: "globex_1"},
		{name: "duplicate", before: &hello, token: acmeToken, account: "acme", content: hello, wantKind: relais.FailDuplicate, wantStatus: 409, wantCode: sandbox.CodeDuplicate},
		{name: "empty text", token: acmeToken, account: "acme", content: sandbox.Content{Text: "  \n"}, wantKind: relais.FailPermanent, wantStatus: 422, wantCode: CodeValidation},
		{name: "text too long", token: acmeToken, account: "acme", content: sandbox.Content{Text: strings.Repeat("é", MaxText+1)}, wantKind: relais.FailPermanent, wantStatus: 422, wantCode: CodeValidation},
		{name: "wrong token", token: "nope", account: "acme", content: hello, wantKind: relais.FailPermanent, wantStatus: 401, wantCode: CodeInvalidToken},
		{name: "no token", token: "", account: "acme", content: hello, wantKind: relais.FailPermanent, wantStatus: 401, wantCode: CodeInvalidToken},
		{name: "other account's token", token: globexToken, account: "acme", content: hello, wantKind: relais.FailPermanent, wantStatus: 401, wantCode: CodeInvalidToken},
		{name: "unknown account", token: acmeToken, account: "initech", content: hello, wantKind: relais.FailPermanent, wantStatus: 401, wantCode: CodeInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.before != nil {
				if _, err := s.client.Publish(ctx, acmeToken, "acme", *tt.before); err != nil {
					t.Fatalf("publish first: %v", err)
				}
			}
			id, err := s.client.Publish(ctx, tt.token, tt.account, tt.content)
			if tt.wantKind == "" {
				if err != nil {
					t.Fatalf("publish: %v", err)
				}
				if got, want := id, tt.wantID; got != want {
					t.Errorf("id: got %q, want %q", got, want)
				}
				return
			}
			e := netfake.MustError(t, err)
			if got, want := e.Kind, tt.wantKind; got != want {
				t.Errorf("kind: got %s, want %s", got, want)
			}
			if got, want := e.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
			if msg := err.Error(); strings.Contains(msg, acmeToken) || strings.Contains(msg, globexToken) || strings.Contains(msg, "éééé") {
				t.Errorf("error %q carries a token or the body", msg)
			}
			if got, want := len(s.net.Posts()), 0; tt.before == nil && got != want {
				t.Errorf("posts made: got %d, want %d", got, want)
			}
		})
	}
}

func TestDuplicateWindow(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	c := sandbox.Content{Text: "Soldes d'hiver"}
	if _, err := s.client.Publish(ctx, acmeToken, "acme", c); err != nil {
		t.Fatalf("publish: %v", err)
	}
	s.clock.Advance(23 * time.Hour)
	_, err := s.client.Publish(ctx, acmeToken, "acme", c)
	if got, want := netfake.MustError(t, err).Code, sandbox.CodeDuplicate; got != want {
		t.Errorf("after 23 h: got code %q, want %q", got, want)
	}
	s.clock.Advance(time.Hour)
	id, err := s.client.Publish(ctx, acmeToken, "acme", c)
	if err != nil {
		t.Fatalf("after 24 h: %v", err)
	}
	if got, want := id, "acme_2"; got != want {
		t.Errorf("after 24 h: got id %q, want %q", got, want)
	}
}

func TestRecentPosts(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	start := s.clock.Now()
	for _, text := range []string{"one", "two", "three"} {
		if _, err := s.client.Publish(ctx, acmeToken, "acme", sandbox.Content{Text: text}); err != nil {
			t.Fatalf("publish %s: %v", text, err)
		}
		if _, err := s.client.Publish(ctx, globexToken, "globex", sandbox.Content{Text: text}); err != nil {
			t.Fatalf("publish %s on globex: %v", text, err)
		}
		s.clock.Advance(time.Hour)
	}

	tests := []struct {
		name  string
		since time.Time
		want  []string
	}{
		{"all", time.Time{}, []string{"acme_3", "acme_2", "acme_1"}},
		{"since the second", start.Add(time.Hour), []string{"acme_3", "acme_2"}},
		{"since later", start.Add(5 * time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posts, err := s.client.RecentPosts(ctx, acmeToken, "acme", tt.since)
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			var got []string
			for _, p := range posts {
				got = append(got, p.ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	posts, err := s.client.RecentPosts(ctx, acmeToken, "acme", start)
	if err != nil {
		t.Fatalf("recent posts: %v", err)
	}
	want := sandbox.PublishedPost{ID: "acme_1", Content: sandbox.Content{Text: "one"}, CreatedAt: start}
	if got := posts[len(posts)-1]; !reflect.DeepEqual(got, want) {
		t.Errorf("oldest post: got %+v, want %+v", got, want)
	}

	_, err = s.client.RecentPosts(ctx, globexToken, "acme", start)
	if got, want := netfake.MustError(t, err).Code, CodeInvalidToken; got != want {
		t.Errorf("with globex's token: got code %q, want %q", got, want)
	}
}

func TestListPostsQuery(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		query      string
		wantStatus int
	}{
		{"?limit=10", http.StatusOK},
		{"?since=2026-11-20T09:00:00Z", http.StatusOK},
		{"?limit=0", http.StatusBadRequest},
		{"?limit=101", http.StatusBadRequest},
		{"?limit=ten", http.StatusBadRequest},
		{"?since=yesterday", http.StatusBadRequest},
	}
	for _, tt := range tests {
		status, code := s.send(t, http.MethodGet, apiPath+"accounts/acme/posts"+tt.query, acmeToken, "")
		if status != tt.wantStatus {
			t.Errorf("%s: got status %d (%s), want %d", tt.query, status, code, tt.wantStatus)
		}
	}
}

func TestPublicPostListing(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	status, body := s.get(t, Prefix+"posts")
	if got, want := strings.TrimSpace(string(body)), "[]"; status != http.StatusOK || got != want {
		t.Errorf("empty listing: got %d %s, want 200 %s", status, got, want)
	}
	if _, err := s.client.Publish(ctx, acmeToken, "acme", sandbox.Content{Text: "one"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.Publish(ctx, globexToken, "globex", sandbox.Content{Text: "two", Link: "https://globex.example"}); err != nil {
		t.Fatal(err)
	}
	_, body = s.get(t, Prefix+"posts")
	var got []map[string]any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("listing: %v", err)
	}
	want := []map[string]any{
		{"account": "acme", "id": "acme_1", "text": "one", "createdAt": "2026-11-20T09:00:00Z"},
		{"account": "globex", "id": "globex_1", "text": "two", "link": "https://globex.example", "createdAt": "2026-11-20T09:00:00Z"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("listing: got %v, want %v", got, want)
	}
}

func TestMountedUnderPrefix(t *testing.T) {
	// The client calls the API at sandbox.APIPath, which mounting the
	// network under Prefix must reach.
	if !strings.HasPrefix(apiPath, Prefix) {
		t.Fatalf("the API's path %s is not below the prefix %s", apiPath, Prefix)
	}
	s := newStack(t)
	tests := []struct {
		method, path string
		wantStatus   int
		wantCode     string
	}{
		{http.MethodGet, Prefix + "nothing-here", http.StatusNotFound, CodeNotFound},
		{http.MethodPut, apiPath + "accounts/acme/posts", http.StatusNotFound, CodeNotFound},
		{http.MethodGet, "/somewhere-else", http.StatusTeapot, ""},
	}
	for _, tt := range tests {
		status, code := s.send(t, tt.method, tt.path, acmeToken, "")
		if status != tt.wantStatus || code != tt.wantCode {
			t.Errorf("%s %s: got %d %q, want %d %q", tt.method, tt.path, status, code, tt.wantStatus, tt.wantCode)
		}
	}
}
