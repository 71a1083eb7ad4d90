package posts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// Draft is a post as a person asks for it.
type Draft struct {
	ClientID string
	Account  relais.AccountRef
	// At is a wall-clock time in the client's time zone.
	At      string
	Content relais.Content
	// Overrides are the guards the person accepted for this post.
	Overrides []relais.Guard
}

// Schedule stores a post and creates its schedule, once its guards pass.
// A post that needs approval, or whose client is paused, waits without a
// schedule. A post whose schedule cannot be created is cancelled, so that
// none waits for a schedule that does not exist.
func (p *Planner) Schedule(ctx context.Context, d Draft, by string) (relais.Post, error) {
	client, err := p.store.Client(ctx, d.ClientID)
	if err != nil {
		return relais.Post{}, err
	}
	when, local, err := p.when(d.At, client)
	if err != nil {
		return relais.Post{}, err
	}
	if d.Content.ImageURL != "" && len(d.Content.Media) > 0 {
		return relais.Post{}, relais.Errorf(relais.EINVALID, "give an image URL or uploaded media, not both")
	}
	images, err := media.Attachable(ctx, p.store, d.ClientID, d.Content.Media, d.Account.Network)
	if err != nil {
		return relais.Post{}, err
	}
	if len(images) > 0 && d.Content.ImageAlt == "" {
		// The description given at upload goes with the image.
		d.Content.ImageAlt = images[0].Alt
	}
	if err := p.guard(ctx, client, d.Account.Network, d.Content, d.Overrides); err != nil {
		return relais.Post{}, err
	}
	post := relais.Post{
		ID: relais.NewID("p", p.Now(), 4), ClientID: d.ClientID, Account: d.Account,
		Text: d.Content.Text, ImageURL: d.Content.ImageURL, ImageAlt: d.Content.ImageAlt, Link: d.Content.Link, Media: d.Content.Media, Options: d.Content.Options, FirstComment: d.Content.FirstComment, Overrides: d.Overrides,
		LocalTime: local, TimeZone: client.TimeZone, ScheduledAt: when, Status: relais.StatusScheduled,
	}
	switch {
	case client.Approval == relais.ApprovalRequired:
		post.Status = relais.StatusPendingApproval
	case client.Paused:
		post.Status = relais.StatusPaused
	}
	if err := p.store.CreatePost(ctx, post, by, "created"); err != nil {
		return relais.Post{}, err
	}
	if post.Status != relais.StatusScheduled {
		return p.store.Post(ctx, d.ClientID, post.ID)
	}
	return p.arm(ctx, post, by)
}

// when resolves a local time for a client, refusing the past.
func (p *Planner) when(at string, client relais.Client) (time.Time, string, error) {
	when, local, err := relais.ScheduleLocal(at, client.Location())
	if err != nil {
		return when, local, err
	}
	if when.Before(p.Now()) {
		return when, local, relais.Errorf(relais.EINVALID, "%s in %s is in the past", at, client.TimeZone)
	}
	return when, local, nil
}

// guard refuses content that fails a guard the person did not accept.
func (p *Planner) guard(ctx context.Context, client relais.Client, n relais.Network, c relais.Content, overrides []relais.Guard) error {
	clients, err := p.store.Clients(ctx)
	if err != nil {
		return err
	}
	if findings := relais.CheckPost(c, n, client, clients, overrides, score.CheckOutgoing); len(findings) > 0 {
		return relais.Refuse(findings)
	}
	return nil
}

// arm creates the schedule of a post now stored as scheduled. When that
// fails, the post is cancelled rather than left waiting for nothing; if
// even that fails, both errors are returned, for the post then waits in
// scheduled until the sweep finds it due.
func (p *Planner) arm(ctx context.Context, post relais.Post, by string) (relais.Post, error) {
	if err := p.schedules.SchedulePost(ctx, post); err != nil {
		err = fmt.Errorf("create the schedule of post %s: %w", post.ID, err)
		stored, gerr := p.store.Post(ctx, post.ClientID, post.ID)
		if gerr == nil {
			_, gerr = p.store.Transition(ctx, stored, relais.StatusCancelled, by, "schedule could not be created", "")
		}
		if gerr != nil {
			err = errors.Join(err, fmt.Errorf("cancel post %s without a schedule: %w", post.ID, gerr))
		}
		return relais.Post{}, err
	}
	return p.store.Post(ctx, post.ClientID, post.ID)
}
