package mastodon

import (
	"context"

	"github.com/relais-dev/relais/internal/relais"
)

// An account can neither hide nor delete another's status on Mastodon
// (only instance moderators can): the client only answers.
var _ relais.NetworkReplier = (*Client)(nil)

// Reply answers a status in its thread and returns the new status's id.
//
// The text starts with the author's @acct, as Mastodon's own clients
// write it, so that the author is notified. The answer takes the
// original's visibility, read from the status itself: public or
// unlisted. A followers-only status or a direct message, which the
// interaction should have said was private, is refused still.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	const op = "reply"
	if err := Spec.CheckReply(in, text); err != nil {
		return "", refuse(op, err)
	}
	return c.answer(ctx, op, token, in, text, false)
}
