package posts

import (
	"context"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Approve approves a post waiting for approval and schedules it, or holds
// it when its client is paused, with the approver's comment in its audit
// trail. Only the client's approvers may, when it names some.
func (p *Planner) Approve(ctx context.Context, postID, comment, by string) (relais.Post, error) {
	post, err := p.store.FindPost(ctx, postID)
	if err != nil {
		return post, err
	}
	if post.Status != relais.StatusPendingApproval {
		return post, relais.Errorf(relais.ECONFLICT, "post %s is %s, not waiting for approval", postID, post.Status)
	}
	client, err := p.store.Client(ctx, post.ClientID)
	if err != nil {
		return post, err
	}
	if len(client.Approvers) > 0 && !slices.Contains(client.Approvers, by) {
		return post, relais.Errorf(relais.EUNAUTHORIZED, "%s may not approve posts of %s (approvers: %s)", by, client.ID, strings.Join(client.Approvers, ", "))
	}
	if !post.ScheduledAt.After(p.Now()) {
		return post, relais.Errorf(relais.EINVALID, "post %s was due at %s %s; reschedule it first", postID, post.LocalTime, post.TimeZone)
	}
	post.ApprovedBy = by
	to := relais.StatusScheduled
	if client.Paused {
		to = relais.StatusPaused
	}
	if post, err = p.store.Transition(ctx, post, to, by, withComment("approved", comment), ""); err != nil || to != relais.StatusScheduled {
		return post, err
	}
	return p.arm(ctx, post, by)
}

// Reschedule moves a post to a new local time, runs its guards again, and
// moves its schedule. A failed post, or one that needs attention, is
// scheduled again this way. A post waiting for approval is approved
// first, and a paused one waits for its client to resume.
func (p *Planner) Reschedule(ctx context.Context, postID, at, by string) (relais.Post, error) {
	post, err := p.store.FindPost(ctx, postID)
	if err != nil {
		return post, err
	}
	if !relais.CanTransition(post.Status, relais.StatusScheduled) || post.Status == relais.StatusPendingApproval || post.Status == relais.StatusPaused {
		return post, relais.Errorf(relais.ECONFLICT, "post %s is %s and cannot be rescheduled", postID, post.Status)
	}
	client, err := p.store.Client(ctx, post.ClientID)
	if err != nil {
		return post, err
	}
	when, local, err := p.when(at, client)
	if err != nil {
		return post, err
	}
	c := post.Content()
	if err := p.guard(ctx, client, post.Account.Network, c, post.Overrides); err != nil {
		return post, err
	}
	from := post.LocalTime
	post.LocalTime, post.ScheduledAt, post.FailureReason = local, when, ""
	if post, err = p.store.Transition(ctx, post, relais.StatusScheduled, by, "rescheduled from "+from, ""); err != nil {
		return post, err
	}
	return p.arm(ctx, post, by)
}

// Cancel cancels a post the state machine lets go, then deletes its
// schedule; should the schedule fire in between, the publisher finds the
// post cancelled.
func (p *Planner) Cancel(ctx context.Context, postID, by string) (relais.Post, error) {
	post, err := p.store.FindPost(ctx, postID)
	if err != nil {
		return post, err
	}
	if !relais.CanTransition(post.Status, relais.StatusCancelled) {
		return post, relais.Errorf(relais.ECONFLICT, "post %s is %s and cannot be cancelled", postID, post.Status)
	}
	post, err = p.store.Transition(ctx, post, relais.StatusCancelled, by, "cancelled", "")
	if err != nil {
		return post, err
	}
	return post, p.schedules.CancelPost(ctx, postID)
}

// Reject sends a post waiting for approval back to draft, with the
// reviewer's comment in its audit trail: nothing is scheduled until it is
// planned again.
func (p *Planner) Reject(ctx context.Context, postID, comment, by string) (relais.Post, error) {
	post, err := p.store.FindPost(ctx, postID)
	if err != nil {
		return post, err
	}
	if post.Status != relais.StatusPendingApproval {
		return post, relais.Errorf(relais.ECONFLICT, "post %s is %s, not waiting for approval", postID, post.Status)
	}
	return p.store.Transition(ctx, post, relais.StatusDraft, by, withComment("rejected", comment), "")
}

// withComment is an audit entry's reason with the person's comment.
func withComment(why, comment string) string {
	if comment = strings.TrimSpace(comment); comment != "" {
		return why + ": " + comment
	}
	return why
}
