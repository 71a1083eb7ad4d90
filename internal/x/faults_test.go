package x

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestFaults checks how each fault X can show is classified, call by
// call: only a publish that may have reached X is ambiguous. A publish
// with an image makes its upload's requests first (initialize, append,
// finalize, a GIF's status looks, the description): none of them posts.
func TestFaults(t *testing.T) {
	ctx := context.Background()
	post := relais.Content{Text: "Bonjour", Link: "https://acme.example"}
	publishImage := func(path string) func(s *stack) error {
		return func(s *stack) error {
			c := post
			c.ImageURL, c.ImageAlt = s.imageURL(path), "Un chat"
			_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
			return err
		}
	}
	calls := map[string]func(s *stack) error{
		"publish": func(s *stack) error {
			_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", post)
			return err
		},
		"publish image": publishImage("/photo.png"),
		"publish GIF":   publishImage("/anim.gif"),
		"recent posts": func(s *stack) error {
			_, err := s.client.RecentPosts(ctx, acmeToken, acmeID, t0.Add(-time.Hour))
			return err
		},
		"hide": func(s *stack) error {
			s.fake.AddReply(acmeID, "9001")
			return s.client.Hide(ctx, acmeToken, relais.Interaction{Network: relais.X, ID: "9001"})
		},
		"reply": func(s *stack) error {
			s.fake.AddReply(acmeID, "9001")
			_, err := s.client.Reply(ctx, acmeToken, relais.Interaction{Network: relais.X, ID: "9001"}, "Merci !")
			return err
		},
	}
	// The requests of a publish with an image, in order.
	imageOps := map[string][]string{
		"publish image": {opUpload, opUpload, opUpload, opDescription, "publish"},
		"publish GIF":   {opUpload, opUpload, opUpload, opProcessing},
	}
	tests := []struct {
		call      string
		skip      int // requests that go through before the fault
		fault     netfake.Fault
		wantKind  relais.Failure
		wantCode  Code
		wantWait  time.Duration
		wantPosts int // acme's posts afterwards
	}{
		{"publish", 0, netfake.ServerError, relais.FailAmbiguous, CodeUnavailable, 0, 0},
		{"publish", 0, netfake.RateLimit, relais.FailTransient, CodeRateLimited, 15 * time.Minute, 0},
		{"publish", 0, netfake.Timeout, relais.FailAmbiguous, CodeNoAnswer, 0, 0},
		{"publish", 0, netfake.TimeoutAfterEffect, relais.FailAmbiguous, CodeNoAnswer, 0, 1},
		{"recent posts", 0, netfake.ServerError, relais.FailTransient, CodeUnavailable, 0, 0},
		{"recent posts", 0, netfake.Timeout, relais.FailTransient, CodeNoAnswer, 0, 0},
		{"recent posts", 0, netfake.RateLimit, relais.FailTransient, CodeRateLimited, 15 * time.Minute, 0},
		{"hide", 0, netfake.ServerError, relais.FailTransient, CodeUnavailable, 0, 0},
		{"hide", 0, netfake.TimeoutAfterEffect, relais.FailTransient, CodeNoAnswer, 0, 0},
		// A reply makes a post: only a refusal before acting is not ambiguous.
		{"reply", 0, netfake.ServerError, relais.FailAmbiguous, CodeUnavailable, 0, 0},
		{"reply", 0, netfake.RateLimit, relais.FailTransient, CodeRateLimited, 15 * time.Minute, 0},
		{"reply", 0, netfake.TimeoutAfterEffect, relais.FailAmbiguous, CodeNoAnswer, 0, 1},
		{"publish image", 0, netfake.ServerError, relais.FailTransient, CodeUnavailable, 0, 0},
		{"publish image", 0, netfake.Timeout, relais.FailTransient, CodeNoAnswer, 0, 0},
		{"publish image", 1, netfake.RateLimit, relais.FailTransient, CodeRateLimited, 15 * time.Minute, 0},
		{"publish image", 1, netfake.TimeoutAfterEffect, relais.FailTransient, CodeNoAnswer, 0, 0},
		{"publish image", 2, netfake.ServerError, relais.FailTransient, CodeUnavailable, 0, 0},
		{"publish image", 3, netfake.TimeoutAfterEffect, relais.FailTransient, CodeNoAnswer, 0, 0},
		{"publish GIF", 3, netfake.ServerError, relais.FailTransient, CodeUnavailable, 0, 0},
		{"publish image", 4, netfake.ServerError, relais.FailAmbiguous, CodeUnavailable, 0, 0},
		{"publish image", 4, netfake.TimeoutAfterEffect, relais.FailAmbiguous, CodeNoAnswer, 0, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s after %d", tt.call, tt.fault, tt.skip), func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newStack(t)
			s.fake.Faults.FailNext(tt.skip, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			err := calls[tt.call](s)
			e := netfake.MustError(t, err, acmeToken, "secret-signature")
			if ops, ok := imageOps[tt.call]; ok && e.Op != ops[tt.skip] {
				t.Errorf("failed request: got %q, want %q", e.Op, ops[tt.skip])
			}
			gotKind, gotWait := relais.FailureOf(err)
			if gotKind != tt.wantKind {
				t.Errorf("failure: got %s, want %s (%v)", gotKind, tt.wantKind, err)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
			if gotWait != tt.wantWait {
				t.Errorf("wait: got %v, want %v", gotWait, tt.wantWait)
			}
			if got, want := len(s.fake.Posts(acmeID)), tt.wantPosts; got != want {
				t.Errorf("posts: got %d, want %d", got, want)
			}
		})
	}
}

// After an answer lost on its way back, the publisher finds the post: X
// lists a post with an image ending with a link to it, which its hash
// leaves out.
func TestLostAnswerIsFound(t *testing.T) {
	tests := []struct {
		name  string
		image string // a path on the stack's image server
		skip  int    // requests before the post call: the image's upload
	}{
		{name: "text and link"},
		{name: "with an image", image: "/photo.png", skip: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := newStack(t)
			post := relais.Content{Text: "Soldes & surprises", Link: "https://acme.example/soldes"}
			if tt.image != "" {
				post.ImageURL, post.ImageAlt = s.imageURL(tt.image), "Une vitrine"
			}
			s.fake.Faults.FailNext(tt.skip, netfake.None)
			s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
			_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", post)
			if got, _ := relais.FailureOf(err); got != relais.FailAmbiguous {
				t.Fatalf("publish: got %s (%v), want ambiguous", got, err)
			}
			posts, err := s.client.RecentPosts(ctx, acmeToken, acmeID, t0.Add(-time.Hour))
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			made := s.fake.Posts(acmeID)
			if len(made) != 1 || len(posts) != 1 {
				t.Fatalf("posts: got %d made and %d listed, want 1 and 1", len(made), len(posts))
			}
			if got, want := posts[0].ID, made[0].ID; got != want {
				t.Errorf("id: got %q, want %q", got, want)
			}
			if got, want := posts[0].Hash, post.Hash(); got != want {
				t.Errorf("hash: got %s, want %s", got, want)
			}
		})
	}
}

func TestRefusedConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := New("http://"+addr, &http.Client{Timeout: time.Second})
	_, err = c.Publish(context.Background(), acmeToken, acmeID, "k", relais.Content{Text: "Bonjour"})
	e := netfake.MustError(t, err)
	if got, want := e.Failure(), relais.FailTransient; got != want {
		t.Errorf("failure: got %s, want %s (%v)", got, want, err)
	}
	if got, want := e.Code, CodeNoAnswer; got != want {
		t.Errorf("code: got %q, want %q", got, want)
	}
}

// The fake's own window: the wait runs to the window's reset, read
// against the client's clock.
func TestRateLimitWindow(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.fake.SetLimit(2)
	for i, text := range []string{"un", "deux"} {
		if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", relais.Content{Text: text}); err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
	}
	s.clock.Advance(5 * time.Minute)
	_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", relais.Content{Text: "trois"})
	if got, wait := relais.FailureOf(err); got != relais.FailTransient || wait != 10*time.Minute {
		t.Errorf("over the limit: got %s after %v (%v), want transient after 10m", got, wait, err)
	}
	if _, err := s.client.Publish(ctx, globexToken, globexID, "k", relais.Content{Text: "trois"}); err != nil {
		t.Errorf("other user: %v", err)
	}
	s.clock.Advance(10 * time.Minute)
	if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", relais.Content{Text: "trois"}); err != nil {
		t.Errorf("next window: %v", err)
	}
}
