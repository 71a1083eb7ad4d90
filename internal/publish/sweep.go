package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Input is what the publisher's schedules hand it: a post's one-time
// schedule, the recurring safety sweep, or the daily token check.
type Input struct {
	relais.PublishInput
	relais.SweepInput
	relais.TokenCheckInput
}

// Run is the Lambda entry: it publishes the post a schedule names, sweeps,
// or checks tokens.
func (p *Publisher) Run(ctx context.Context, in Input) error {
	switch {
	case in.Sweep:
		return p.Sweep(ctx)
	case in.TokenCheck:
		return p.CheckTokens(ctx)
	}
	return p.Handle(ctx, in.PublishInput)
}

// Overdue is how late a scheduled post must be before the sweep takes it:
// later than any schedule firing on time with its retries under way.
const Overdue = 2 * time.Minute

// sweepBatch bounds the posts one sweep takes; the next sweep takes the
// rest.
const sweepBatch = 100

// Sweep publishes the scheduled posts a schedule missed, and alerts a
// person for each one it cannot publish.
func (p *Publisher) Sweep(ctx context.Context) error {
	due, err := p.store.DuePosts(ctx, p.Now().Add(-Overdue), sweepBatch)
	if err != nil {
		return fmt.Errorf("publish: sweep: %w", err)
	}
	for _, post := range due {
		log := p.log.With("client", post.ClientID, "post", post.ID, "sweep", true)
		log.Warn("post overdue; publishing it", "scheduledAt", post.ScheduledAt)
		if err := p.Handle(ctx, relais.PublishInput{ClientID: post.ClientID, PostID: post.ID}); err != nil {
			p.emit(ctx, log, relais.PostNeedsAttention{
				ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network,
				Reason: "overdue and the safety sweep could not publish it: " + err.Error(),
			})
		}
	}
	return nil
}
