package networks

import (
	"context"
	"errors"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// sandboxAdapter presents the sandbox network's client in Relais' terms.
type sandboxAdapter struct{ c *sandbox.Client }

func (s sandboxAdapter) Publish(ctx context.Context, token, account, _ string, c relais.Content) (string, error) {
	id, err := s.c.Publish(ctx, token, account, sandbox.Content(c))
	return id, classify(err)
}

func (s sandboxAdapter) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	posts, err := s.c.RecentPosts(ctx, token, account, since)
	if err != nil {
		return nil, classify(err)
	}
	out := make([]relais.PublishedPost, len(posts))
	for i, p := range posts {
		out[i] = relais.PublishedPost{ID: p.ID, Hash: p.Content.Hash(), CreatedAt: p.CreatedAt}
	}
	return out, nil
}

func (s sandboxAdapter) Hide(ctx context.Context, token, commentID string) error {
	return classify(s.c.Hide(ctx, token, commentID))
}

// sandboxFailure carries the sandbox client's classification of an error.
type sandboxFailure struct{ err *sandbox.Error }

func (f sandboxFailure) Error() string           { return f.err.Error() }
func (f sandboxFailure) Unwrap() error           { return f.err }
func (f sandboxFailure) Failure() relais.Failure { return relais.Failure(f.err.Kind) }
func (f sandboxFailure) Wait() time.Duration     { return f.err.RetryAfter }

func classify(err error) error {
	var e *sandbox.Error
	if errors.As(err, &e) {
		return sandboxFailure{e}
	}
	return err
}
