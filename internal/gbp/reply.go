package gbp

import (
	"context"
	"errors"
	"net/http"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// A business can answer a review and delete its answer, but can neither
// hide nor delete the review: the client is a relais.NetworkReplier only.
// DeleteReply is not the relais.NetworkDeleter port, which deletes the
// comment itself.
var _ relais.NetworkReplier = (*Client)(nil)

// maxReplyBytes is the longest answer, in bytes (ReviewReply.comment).
const maxReplyBytes = 4096

// Reply answers a review in public and returns the answer's name,
// {review}/reply. in.ID is the review's name and in.AccountID its
// location.
//
// A review has one answer, and Google's PUT replaces it: Reply reads the
// review first and refuses to replace an answer someone gave, on Google
// or from Relais, with other words. Finding its own words there, it
// returns the answer as made, so a retry after a lost answer neither
// fails nor posts twice; that is also why a failure after the PUT went
// out is transient, not ambiguous.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	const op = "reply"
	if err := Spec.CheckReply(in, text); err != nil {
		return "", refuse(op, err)
	}
	if n := len(text); n > maxReplyBytes {
		return "", invalid(op, "the answer is %d bytes; Google takes %d at most", n, maxReplyBytes)
	}
	name, err := reviewOf(op, in)
	if err != nil {
		return "", err
	}
	var r review
	if err := c.do(ctx, call{op: op, method: http.MethodGet, path: name, token: token}, &r); err != nil {
		return "", err
	}
	if r.ReviewReply != nil && r.ReviewReply.Comment != "" {
		if r.ReviewReply.Comment == text {
			return replyName(name), nil
		}
		return "", invalid(op, "the review already has an answer (%q); Relais does not replace it", netcall.Truncate(r.ReviewReply.Comment, 80))
	}
	k := call{op: op, method: http.MethodPut, path: replyName(name), token: token, body: map[string]string{"comment": text}}
	if err := c.do(ctx, k, nil); err != nil {
		return "", err
	}
	return replyName(name), nil
}

// DeleteReply deletes the location's answer to a review, named by the
// review's name. An answer already gone (404) is not an error, so that a
// retry after a lost answer succeeds.
func (c *Client) DeleteReply(ctx context.Context, token string, in relais.Interaction) error {
	const op = "delete reply"
	name, err := reviewOf(op, in)
	if err != nil {
		return err
	}
	err = c.do(ctx, call{op: op, method: http.MethodDelete, path: replyName(name), token: token}, nil)
	if e := (*netcall.Error)(nil); errors.As(err, &e) && e.Status == http.StatusNotFound {
		return nil
	}
	return err
}

// reviewOf returns the name of the review in.ID names, refusing one that is
// not a review of in.AccountID's location.
func reviewOf(op string, in relais.Interaction) (string, error) {
	loc, err := ParseLocation(in.AccountID)
	if err != nil {
		return "", invalid(op, "%v", err)
	}
	reviewed, ok := parseReview(in.ID)
	switch {
	case !ok:
		return "", invalid(op, "%q is not a review: only reviews are answered on Google Business Profile", netcall.Truncate(in.ID, 120))
	case reviewed != loc:
		return "", invalid(op, "review %s is not one of %s's", netcall.Truncate(in.ID, 120), loc)
	}
	return in.ID, nil
}
