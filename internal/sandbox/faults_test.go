package sandbox_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

func TestFaultsThroughClient(t *testing.T) {
	ctx := context.Background()
	content := sandbox.Content{Text: "Nouvelle collection", Link: "https://acme.example/new"}
	publish := func(f *fake) error {
		_, err := f.client.Publish(ctx, acmeToken, "acme", content)
		return err
	}
	postsMade := func(want int) func(*testing.T, *fake) {
		return func(t *testing.T, f *fake) {
			if got := len(f.net.Posts()); got != want {
				t.Errorf("posts made: got %d, want %d", got, want)
			}
		}
	}
	tests := []struct {
		name           string
		fault          sandboxfake.Fault
		call           func(f *fake) error
		wantKind       relais.Failure
		wantStatus     int
		wantRetryAfter time.Duration
		check          func(*testing.T, *fake)
	}{
		{name: "5xx on publish", fault: sandboxfake.Fail5xx, call: publish, wantKind: relais.FailAmbiguous, wantStatus: 503, check: postsMade(0)},
		// The server hangs after reading the request, so the client knows
		// it was written: it cannot tell whether the post was made.
		{name: "timeout on publish", fault: sandboxfake.Timeout, call: publish, wantKind: relais.FailAmbiguous, check: postsMade(0)},
		{name: "timeout after post", fault: sandboxfake.TimeoutAfterPost, call: publish, wantKind: relais.FailAmbiguous, check: func(t *testing.T, f *fake) {
			posts, err := f.client.RecentPosts(ctx, acmeToken, "acme", f.clock.Now().Add(-time.Hour))
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if got, want := len(posts), 1; got != want {
				t.Fatalf("recent posts: got %d, want %d", got, want)
			}
			if got, want := posts[0].Hash(), content.Hash(); got != want {
				t.Errorf("content hash: got %s, want %s", got, want)
			}
		}},
		{name: "rate limit on publish", fault: sandboxfake.RateLimit, call: publish, wantKind: relais.FailTransient, wantStatus: 429, wantRetryAfter: sandboxfake.RateLimitRetryAfter, check: postsMade(0)},
		{name: "5xx on recent posts", fault: sandboxfake.Fail5xx, call: func(f *fake) error {
			_, err := f.client.RecentPosts(ctx, acmeToken, "acme", time.Time{})
			return err
		}, wantKind: relais.FailTransient, wantStatus: 503},
		{name: "timeout on hide", fault: sandboxfake.Timeout, call: func(f *fake) error {
			return f.client.Hide(ctx, acmeToken, f.comment(t))
		}, wantKind: relais.FailTransient, check: func(t *testing.T, f *fake) {
			if got := len(f.net.Actions()); got != 0 {
				t.Errorf("actions: got %d, want 0", got)
			}
		}},
		{name: "timeout after reply", fault: sandboxfake.TimeoutAfterPost, call: func(f *fake) error {
			_, err := f.client.Reply(ctx, acmeToken, f.comment(t), "Merci !")
			return err
		}, wantKind: relais.FailAmbiguous, check: func(t *testing.T, f *fake) {
			if got := f.net.Comments()[0].Replies; len(got) != 1 {
				t.Errorf("replies: got %v, want one", got)
			}
		}},
		{name: "rate limit on delete", fault: sandboxfake.RateLimit, call: func(f *fake) error {
			return f.client.Delete(ctx, acmeToken, f.comment(t))
		}, wantKind: relais.FailTransient, wantStatus: 429, wantRetryAfter: sandboxfake.RateLimitRetryAfter, check: func(t *testing.T, f *fake) {
			if f.net.Comments()[0].Deleted {
				t.Error("comment deleted despite the rate limit")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			// Comments the calls make do not go through the API, so they
			// leave the fault for the call.
			f.net.FailNext(1, tt.fault)
			err := tt.call(f)
			e := netfake.MustError(t, err)
			if got, want := e.Kind, tt.wantKind; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if got, want := e.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
			if got, want := e.RetryAfter, tt.wantRetryAfter; got != want {
				t.Errorf("retry after: got %s, want %s", got, want)
			}
			if tt.check != nil {
				tt.check(t, f)
			}
		})
	}
}

// TestFailuresBeforeSending checks that calls the network cannot have seen
// are transient, even those that create.
func TestFailuresBeforeSending(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	f := newFake(t)
	tests := []struct {
		name   string
		client *sandbox.Client
		ctx    context.Context
	}{
		{"connection refused", sandbox.NewClient(closed.URL, nil), context.Background()},
		{"context canceled", f.client, canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.Publish(tt.ctx, acmeToken, "acme", sandbox.Content{Text: "hello"})
			if got, want := netfake.MustError(t, err).Kind, relais.FailTransient; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if tt.ctx.Err() != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want it to wrap context.Canceled", err)
			}
		})
	}
	if got := len(f.net.Posts()); got != 0 {
		t.Errorf("posts made: got %d, want 0", got)
	}
}
