package posts

import (
	"context"
	"errors"

	"github.com/relais-dev/relais/internal/relais"
)

// Pause holds every scheduled post of a client: their schedules are
// deleted, and new posts wait too, until Resume. It returns how many
// posts it held.
func (p *Planner) Pause(ctx context.Context, clientID, by string) (int, error) {
	held, err := p.store.HoldPosts(ctx, clientID, by, "client paused")
	for _, post := range held {
		err = errors.Join(err, p.schedules.CancelPost(ctx, post.ID))
	}
	return len(held), err
}

// Resume schedules a paused client's posts again. Posts whose time went
// by during the pause stay paused: old news going out at once after a
// crisis is what a pause is for avoiding; they are returned for a person
// to reschedule or cancel.
func (p *Planner) Resume(ctx context.Context, clientID, by string) (resumed int, stale []relais.Post, err error) {
	if err := p.store.SetPaused(ctx, clientID, false); err != nil {
		return 0, nil, err
	}
	posts, err := p.store.Posts(ctx, clientID)
	if err != nil {
		return 0, nil, err
	}
	for _, post := range posts {
		if post.Status != relais.StatusPaused {
			continue
		}
		if !post.ScheduledAt.After(p.Now()) {
			stale = append(stale, post)
			continue
		}
		if post, err = p.store.Transition(ctx, post, relais.StatusScheduled, by, "client resumed", ""); err != nil {
			return resumed, stale, err
		}
		if _, err := p.arm(ctx, post, by); err != nil {
			return resumed, stale, err
		}
		resumed++
	}
	return resumed, stale, nil
}
