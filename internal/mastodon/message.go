package mastodon

import (
	"context"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkMessenger = (*Client)(nil)

// Message answers a direct message in its thread, as a direct status
// that mentions its author (a direct status reaches only the accounts it
// mentions), and returns the new status's id. Only a status whose
// visibility is direct is answered so, as the instance says when asked,
// whatever the interaction says.
//
// Mastodon sets no window on an answer and takes no tag: tag is not used.
// A repeat of the same answer within the hour gets back the status the
// first attempt made, as for Reply.
func (c *Client) Message(ctx context.Context, token string, in relais.Interaction, text string, _ relais.MessageTag) (string, error) {
	const op = "message"
	if !in.Private {
		return "", refuse(op, relais.Errorf(relais.EINVALID, "interaction %s is public: it is answered in public, never in private", netcall.Truncate(in.ID, 32)))
	}
	if err := checkText(text); err != nil {
		return "", refuse(op, err)
	}
	return c.answer(ctx, op, token, in, text, true)
}
