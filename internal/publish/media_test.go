package publish_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// signer stands for the media bucket: each URL it signs differs, as a
// URL signed at another time does.
type signer struct {
	mu    sync.Mutex
	calls []string
}

func (s *signer) Link(_ context.Context, key string, ttl time.Duration) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, key)
	return fmt.Sprintf("https://media.example/%s?expires=%d&n=%d", key, int(ttl.Seconds()), len(s.calls)), nil
}

// withImage stores, in place of the fixture's post, one that carries an
// uploaded image.
func withImage(t *testing.T, f *fixture) {
	t.Helper()
	relaistest.MustOK(t, f.store.PutMedia(context.Background(), media.Item{ID: "m1", ClientID: "acme", Type: "image/jpeg", Size: 2048,
		Alt: "Two croissants", Status: media.Ready, CreatedBy: "camille", CreatedAt: now}))
	f.post.ID, f.post.Media = "p-image", []string{"m1"}
	relaistest.MustOK(t, f.store.CreatePost(context.Background(), f.post, "cli", "scheduled"))
}

// TestPublishesUploadedImage: the network is handed a URL of the post's
// image signed for an hour; an attempt that cannot tell whether its post
// went out finds it on the retry, though the retry's URL differs, and
// the post is made once.
func TestPublishesUploadedImage(t *testing.T) {
	f := newFixture(t)
	images := &signer{}
	f.publisher = publish.New(f.store, f.bus, f.params, f.adapters.Publishers, settings, f.logs.Logger(), publish.WithMedia(images))
	f.publisher.Now, f.publisher.Tries, f.publisher.ListingLag = func() time.Time { return now }, 1, 10*time.Millisecond
	withImage(t, f)
	f.network.FailNext(1, sandboxfake.TimeoutAfterPost)
	f.network.FailNext(2, sandboxfake.StaleListing)
	if err := f.handle(context.Background()); err == nil {
		t.Fatal("first attempt: got no error, want the post released for a retry")
	}
	err := f.handle(context.Background())
	// The fixture's first post is there too, never published.
	if got := f.stored(t).Status; err != nil || got != relais.StatusPublished {
		t.Fatalf("after the retry: got %s (%v), want published", got, err)
	}
	posts := f.network.Posts()
	if len(posts) != 1 {
		t.Fatalf("posts on the network: got %d, want 1: %+v", len(posts), posts)
	}
	if got := posts[0].ImageURL; !strings.HasPrefix(got, "https://media.example/media/acme/m1?expires=3600&n=1") {
		t.Errorf("image URL handed to the network: got %q, want the first attempt's, signed for an hour", got)
	}
	if len(images.calls) != 2 {
		t.Errorf("URLs signed: got %d, want one per attempt", len(images.calls))
	}
}

// TestImageWithoutMediaBucket: a publisher that cannot sign the image's
// URL fails the post with the reason rather than post it without its
// image.
func TestImageWithoutMediaBucket(t *testing.T) {
	f := newFixture(t)
	withImage(t, f)
	err := f.handle(context.Background())
	if p := f.stored(t); err != nil || p.Status != relais.StatusFailed || !strings.Contains(p.FailureReason, "no media bucket") {
		t.Errorf("got %s %q (%v), want failed for the missing media bucket", p.Status, p.FailureReason, err)
	}
	if got := len(f.network.Posts()); got != 0 {
		t.Errorf("posts on the network: got %d, want 0", got)
	}
}
