package threads

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/relais-dev/relais/internal/relais"
)

// Hide hides a reply to one of the account's posts, and the replies under
// it, from everyone but its author.
func (c *Client) Hide(ctx context.Context, token string, in relais.Interaction) error {
	return c.manageReply(ctx, token, in, true)
}

// Unhide shows a hidden reply, and the replies under it, again.
func (c *Client) Unhide(ctx context.Context, token string, in relais.Interaction) error {
	return c.manageReply(ctx, token, in, false)
}

// manageReply sets a reply's hide state. Threads hides only top-level
// replies (a reply to the account's post, Relais' comment), taking the
// replies under them along; a deeper reply cannot be hidden on its own,
// and one on someone else's post (a mention) not at all, so both are
// refused before any call.
func (c *Client) manageReply(ctx context.Context, token string, in relais.Interaction, hide bool) error {
	op := "hide"
	if !hide {
		op = "unhide"
	}
	k := call{op: op, method: http.MethodPost, path: node(in.ID, "manage_reply"),
		form: url.Values{"hide": {strconv.FormatBool(hide)}}, token: token}
	if in.Kind != relais.KindComment {
		return k.refuse(relais.Errorf(relais.EINVALID, "Threads hides only the replies made to the account's own posts, with the replies under them; this interaction is a %s", in.Kind))
	}
	var out struct {
		Success bool `json:"success"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return err
	}
	if !out.Success {
		return k.refuse(errors.New("Threads answered without success"))
	}
	return nil
}

// Reply answers an interaction in public, under it, and returns the
// reply's media id. A reply is a post that answers: a TEXT container with
// reply_to_id, published like a post once Threads has processed it, and
// counted against the account's 1,000 replies a day.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	k := call{op: "reply", token: token}
	if err := Spec.CheckReply(in, text); err != nil {
		return "", k.refuse(err)
	}
	if err := checkText(text); err != nil {
		return "", k.refuse(err)
	}
	if err := c.checkQuota(ctx, token, in.AccountID, replyQuota); err != nil {
		return "", err
	}
	k.op, k.method, k.path = "reply: create container", http.MethodPost, node(in.AccountID, "threads")
	k.form = url.Values{"media_type": {"TEXT"}, "text": {text}, "reply_to_id": {in.ID}}
	container, err := c.create(ctx, k)
	if err != nil {
		return "", err
	}
	return c.publish(ctx, token, in.AccountID, "reply", container, "the reply")
}
