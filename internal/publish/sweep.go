package publish

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
)

// Input is what the publisher is handed: a post's one-time schedule, the
// recurring safety sweep, the daily token check, or, through the bus, the
// record of an invocation that failed every retry.
type Input struct {
	relais.PublishInput
	relais.SweepInput
	relais.TokenCheckInput
	relais.TokenRenewInput
	FailedInvocation
}

// Run is the Lambda entry: it publishes the post a schedule names, sweeps,
// checks tokens, or flags the post of a failed invocation.
func (p *Publisher) Run(ctx context.Context, in Input) error {
	switch {
	case in.Sweep:
		return p.Sweep(ctx)
	case in.TokenCheck:
		return p.CheckTokens(ctx)
	case in.TokenRenew:
		if p.renewer == nil {
			return nil
		}
		return p.renewer.RenewDue(ctx)
	case in.DetailType == routing.DetailInvocationFailure:
		return p.Abandon(ctx, in.Failure)
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
	now := p.Now()
	due, err := p.store.DuePosts(ctx, now.Add(-Overdue), sweepBatch)
	if err != nil {
		return fmt.Errorf("publish: sweep: %w", err)
	}
	// Posts an attempt died holding (a Lambda timeout, a crash): the
	// takeover looks for the post before posting it.
	held, err := p.store.ExpiredLeases(ctx, now, sweepBatch)
	if err != nil {
		return fmt.Errorf("publish: sweep: %w", err)
	}
	for _, post := range append(due, held...) {
		log := p.log.With("client", post.ClientID, "post", post.ID, "sweep", true)
		if post.Status == relais.StatusPublishing {
			log.Warn("post held by an attempt that died; taking it over", "leaseExpiredAt", post.LeaseExpiresAt)
		} else {
			log.Warn("post overdue; publishing it", "scheduledAt", post.ScheduledAt)
		}
		if err := p.Handle(ctx, relais.PublishInput{ClientID: post.ClientID, PostID: post.ID}); err != nil {
			p.emit(ctx, log, relais.PostNeedsAttention{
				ClientID: post.ClientID, PostID: post.ID, Network: post.Account.Network,
				Reason: "overdue and the safety sweep could not publish it: " + err.Error(),
			})
		}
	}
	return nil
}
