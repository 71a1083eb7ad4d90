package sandboxfake

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/relais-dev/relais/internal/sandbox"
)

// TestConcurrentUse drives every entry point at once; run it with -race.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	id := s.mustComment(t, "hello")
	// The stack's short timeout would turn slow answers under -race into
	// ambiguous failures, and blur the count of posts below.
	client := sandbox.NewClient(s.srv.URL, nil)
	const workers = 16
	var wg sync.WaitGroup
	published := make(chan string, workers)
	for i := range workers {
		wg.Go(func() {
			if postID, err := client.Publish(ctx, acmeToken, "acme", sandbox.Content{Text: fmt.Sprintf("post %d", i)}); err == nil {
				published <- postID
			}
		})
		wg.Go(func() { _ = client.Hide(ctx, acmeToken, id) })
		wg.Go(func() { _, _ = client.Reply(ctx, acmeToken, id, fmt.Sprintf("reply %d", i)) })
		wg.Go(func() {
			_, _ = s.net.SendComment(ctx, Comment{Account: "acme", PostID: "acme_1", AuthorID: "u", Text: "hi"})
		})
		wg.Go(func() { s.net.FailNext(1, Fail5xx) })
		wg.Go(func() { s.net.FailNext(1, DuplicateWebhooks) })
		wg.Go(func() { s.net.RegisterAccount(fmt.Sprintf("other-%d", i), "t") })
		wg.Go(func() {
			_ = s.net.Posts()
			_ = s.net.Actions()
			_ = s.net.Comments()
			_, _ = s.net.Comment(id)
			for _, path := range []string{Prefix + "comments", Prefix + "posts"} {
				resp, err := http.Get(s.srv.URL + path)
				if err != nil {
					t.Errorf("GET %s: %v", path, err)
					continue
				}
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	close(published)

	ids := map[string]bool{}
	for postID := range published {
		if ids[postID] {
			t.Errorf("post id %s given twice", postID)
		}
		ids[postID] = true
	}
	if got, want := len(s.net.Posts()), len(ids); got != want {
		t.Errorf("posts: got %d, want %d (one per successful publish)", got, want)
	}
	if got, want := len(s.net.Comments()), workers+1; got != want {
		t.Errorf("comments: got %d, want %d", got, want)
	}
}
