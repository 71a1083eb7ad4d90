package inbox

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Schedules make the one-time schedule that checks a thread shortly
// before it is due.
type Schedules interface {
	ScheduleOverdue(ctx context.Context, in relais.OverdueInput, at time.Time) error
}

// watch schedules the check of a thread that started waiting for an
// answer, a little before its due time so that someone can still answer.
func (s *Service) watch(ctx context.Context, t relais.Thread, target relais.ServiceTarget) error {
	if s.Schedules == nil {
		return nil
	}
	at := t.DueAt.Add(-target.OverdueWarning())
	if now := s.Now(); at.Before(now) {
		// Already late when it arrived (a late delivery): check at once.
		at = now.Add(time.Minute)
	}
	in := relais.OverdueInput{ClientID: t.ClientID, Network: t.Network, ThreadID: t.ID, AwaitingSince: t.AwaitingSince}
	if err := s.Schedules.ScheduleOverdue(ctx, in, at); err != nil {
		return fmt.Errorf("inbox: watch thread %s: %w", t.ID, err)
	}
	return nil
}

// Overdue is a thread's check, when its schedule fires: Reply Overdue
// goes on the bus if the message it watches is still unanswered; a thread
// answered, done or reopened since has nothing to say.
func (s *Service) Overdue(ctx context.Context, in relais.OverdueInput) error {
	t, err := s.store.ThreadHead(ctx, in.ClientID, in.Network, in.ThreadID)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return nil
	}
	if err != nil {
		return fmt.Errorf("inbox: overdue check of %s: %w", in.ThreadID, err)
	}
	if t.AwaitingSince.IsZero() || !t.AwaitingSince.Equal(in.AwaitingSince) || t.Status == relais.ThreadDone {
		s.log.Info("thread answered in time", "client", in.ClientID, "network", in.Network, "thread", in.ThreadID)
		return nil
	}
	// A check delivered twice announces once.
	claimed, err := s.store.ClaimOverdue(ctx, t.ClientID, t.Network, t.ID, t.AwaitingSince)
	if err != nil || !claimed {
		return err
	}
	err = s.Bus.Put(ctx, relais.ReplyOverdue{ClientID: t.ClientID, Network: t.Network, ThreadID: t.ID,
		AwaitingSince: t.AwaitingSince, DueAt: t.DueAt, Target: t.Target, Assignee: t.Assignee})
	if err != nil {
		// The schedule's retries try again, with the claim given back.
		if rerr := s.store.ReleaseOverdue(context.WithoutCancel(ctx), t.ClientID, t.Network, t.ID, t.AwaitingSince); rerr != nil {
			err = fmt.Errorf("%w (and the claim stays: %v)", err, rerr)
		}
		return fmt.Errorf("inbox: announce overdue thread %s: %w", t.ID, err)
	}
	s.log.Warn("reply overdue", "client", t.ClientID, "network", t.Network, "thread", t.ID, "due", t.DueAt, "assignee", t.Assignee)
	return nil
}
