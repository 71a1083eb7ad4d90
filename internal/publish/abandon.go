package publish

import (
	"context"
	"fmt"

	"github.com/relais-dev/relais/internal/relais"
)

// FailedInvocation is the record Lambda puts on the bus, the publisher's
// on-failure destination, once an asynchronous invocation has failed every
// retry (a timeout, a crash, an error), as the bus rule hands it back to
// the publisher: the event, with the failed invocation's input in its
// detail.
type FailedInvocation struct {
	DetailType string            `json:"detail-type"`
	Failure    InvocationFailure `json:"detail"`
}

// InvocationFailure is the detail of a failed invocation's record.
type InvocationFailure struct {
	RequestContext struct {
		Condition              string `json:"condition"`
		ApproximateInvokeCount int    `json:"approximateInvokeCount"`
	} `json:"requestContext"`
	// RequestPayload is the input of the invocation that failed.
	RequestPayload  relais.PublishInput `json:"requestPayload"`
	ResponsePayload struct {
		ErrorMessage string `json:"errorMessage"`
		ErrorType    string `json:"errorType"`
	} `json:"responsePayload"`
}

// Abandon flags for a person the post of an invocation that failed every
// retry, unless it has settled since: a post must not wait unseen in
// scheduled, nor stay held in publishing. Records of anything but a post's
// publishing (the sweep's, or this handler's own failures) are logged and
// dropped, so that a failure here cannot loop.
func (p *Publisher) Abandon(ctx context.Context, f InvocationFailure) error {
	in := f.RequestPayload
	log := p.log.With("client", in.ClientID, "post", in.PostID, "condition", f.RequestContext.Condition,
		"invocations", f.RequestContext.ApproximateInvokeCount)
	if in.ClientID == "" || in.PostID == "" {
		log.Warn("failed invocation names no post; dropped", "error", f.ResponsePayload.ErrorMessage)
		return nil
	}
	post, err := p.store.Post(ctx, in.ClientID, in.PostID)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		log.Warn("failed invocation for a post that does not exist")
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: abandon: %w", err)
	}
	now := p.Now().UTC()
	switch {
	case post.Status == relais.StatusScheduled && !post.ScheduledAt.After(now):
	case post.Status == relais.StatusPublishing && (post.LeaseExpiresAt == nil || now.After(*post.LeaseExpiresAt)):
	default:
		// Published, failed, flagged, moved by a person, or held by a
		// live attempt, which settles it.
		log.Info("failed invocation for a post that moved on; nothing to do", "status", post.Status)
		return nil
	}
	reason := fmt.Sprintf("the publisher gave up after %d invocations (%s)", f.RequestContext.ApproximateInvokeCount, f.ResponsePayload.ErrorMessage)
	if post.Status == relais.StatusPublishing || post.Doubt != "" {
		reason += "; it cannot tell whether the post went out"
	}
	return p.attention(ctx, log, post, reason)
}
