package x

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/x/xfake"
)

func TestPublish(t *testing.T) {
	ctx := context.Background()
	hello := relais.Content{Text: "Bonjour à tous", Link: "https://acme.example/soldes"}
	tests := []struct {
		name     string
		before   *relais.Content // published first on acme
		token    string
		content  relais.Content
		wantText string // the text X got; "" when refused
		// wantCalls is the requests X sees for the content itself.
		wantCalls int64
		wantKind  relais.Failure
		wantCode  Code
		wantMsg   string
	}{
		{name: "text", token: acmeToken, content: relais.Content{Text: "Bonjour"}, wantText: "Bonjour", wantCalls: 1},
		{name: "link composed", token: acmeToken, content: hello, wantText: "Bonjour à tous\n\nhttps://acme.example/soldes", wantCalls: 1},
		{name: "longest text", token: acmeToken, content: relais.Content{Text: strings.Repeat("é", 280)}, wantText: strings.Repeat("é", 280), wantCalls: 1},
		{name: "same text, other account", before: &hello, token: globexToken, content: hello, wantText: hello.Compose(), wantCalls: 1},
		{name: "text too long", token: acmeToken, content: relais.Content{Text: strings.Repeat("é", 281)}, wantKind: relais.FailPermanent, wantCode: CodeValidation, wantMsg: "281 characters; x allows 280"},
		{name: "link makes it too long", token: acmeToken, content: relais.Content{Text: strings.Repeat("a", 260), Link: "https://acme.example/a-long-path"}, wantKind: relais.FailPermanent, wantCode: CodeValidation, wantMsg: "x allows 280"},
		{name: "image description too long", token: acmeToken, content: relais.Content{Text: "Nouveau", ImageURL: "https://cdn.example/a.jpg", ImageAlt: strings.Repeat("é", 1001)}, wantKind: relais.FailPermanent, wantCode: CodeValidation, wantMsg: "the image's description is 1001 characters; x allows 1000"},
		{name: "empty text", token: acmeToken, content: relais.Content{Text: " \n"}, wantKind: relais.FailPermanent, wantCode: CodeValidation, wantMsg: "no text"},
		{name: "revoked token", token: "x-old-secret-token", content: hello, wantCalls: 1, wantKind: relais.FailPermanent, wantCode: CodeInvalidToken, wantMsg: "token expired or revoked: reconnect the account"},
		{name: "no token", token: "", content: hello, wantCalls: 1, wantKind: relais.FailPermanent, wantCode: CodeInvalidToken, wantMsg: "reconnect the account"},
		{name: "duplicate", before: &hello, token: acmeToken, content: hello, wantCalls: 1, wantKind: relais.FailDuplicate, wantCode: CodeDuplicate, wantMsg: xfake.DuplicateDetail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.before != nil {
				if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k0", *tt.before); err != nil {
					t.Fatalf("publish first: %v", err)
				}
			}
			calls := s.calls.Load()
			before := len(s.fake.Posts(acmeID)) + len(s.fake.Posts(globexID))
			id, err := s.client.Publish(ctx, tt.token, acmeID, "k1", tt.content)
			if got, want := s.calls.Load()-calls, tt.wantCalls; got != want {
				t.Errorf("requests X saw: got %d, want %d", got, want)
			}
			if tt.wantKind == "" {
				if err != nil {
					t.Fatalf("publish: %v", err)
				}
				var posts []xfake.Post
				for _, u := range []string{acmeID, globexID} {
					for _, p := range s.fake.Posts(u) {
						if p.ID == id {
							posts = append(posts, p)
						}
					}
				}
				if len(posts) != 1 {
					t.Fatalf("posts with id %q: got %d, want 1", id, len(posts))
				}
				if got, want := posts[0].Text, tt.wantText; got != want {
					t.Errorf("text: got %q, want %q", got, want)
				}
				return
			}
			e := netfake.MustError(t, err)
			if got, want := e.Failure(), tt.wantKind; got != want {
				t.Errorf("failure: got %s, want %s", got, want)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error %q: want it to say %q", msg, tt.wantMsg)
			}
			if msg := err.Error(); strings.Contains(msg, "secret-token") || strings.Contains(msg, "éééé") {
				t.Errorf("error %q carries a token or the body", msg)
			}
			if got, want := len(s.fake.Posts(acmeID))+len(s.fake.Posts(globexID)), before; got != want {
				t.Errorf("posts: got %d, want %d", got, want)
			}
		})
	}
}

// The validation errors are domain errors, so that their message reaches
// the person who wrote the post.
func TestPublishRefusalIsInvalid(t *testing.T) {
	s := newStack(t)
	_, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", relais.Content{Text: strings.Repeat("a", 281)})
	if got, want := relais.ErrorCode(err), relais.EINVALID; got != want {
		t.Errorf("code: got %q, want %q", got, want)
	}
	if got, want := relais.ErrorMessage(err), "the text with its link is 281 characters"; !strings.HasPrefix(got, want) {
		t.Errorf("message: got %q, want it to start with %q", got, want)
	}
}

// A post from Publish(c) is listed with c's hash, although X lists links
// as t.co links and escapes &, < and >.
func TestPublishedPostHasContentHash(t *testing.T) {
	ctx := context.Background()
	tests := []relais.Content{
		{Text: "Bonjour"},
		{Text: "Soldes d'hiver", Link: "https://acme.example/soldes?from=x&lang=fr"},
		{Text: "R&D <3 & &amp; https://acme.example/a and https://acme.example/b", Link: "http://acme.example"},
	}
	for _, c := range tests {
		t.Run(c.Text, func(t *testing.T) {
			s := newStack(t)
			id, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts, err := s.client.RecentPosts(ctx, acmeToken, acmeID, t0.Add(-time.Hour))
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if len(posts) != 1 {
				t.Fatalf("recent posts: got %+v, want one", posts)
			}
			if got, want := posts[0].ID, id; got != want {
				t.Errorf("id: got %q, want %q", got, want)
			}
			if got, want := posts[0].Hash, c.Hash(); got != want {
				t.Errorf("hash: got %s, want %s (content %q)", got, want, c.Compose())
			}
			if got, want := posts[0].CreatedAt, t0; !got.Equal(want) {
				t.Errorf("created at: got %v, want %v", got, want)
			}
		})
	}
}
