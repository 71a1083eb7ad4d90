package mastodon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// An account can neither hide nor delete another's status on Mastodon
// (only instance moderators can): the client only answers.
var _ relais.NetworkReplier = (*Client)(nil)

// Reply answers a status in its thread and returns the new status's id.
//
// The text starts with the author's @acct, as Mastodon's own clients
// write it, so that the author is notified. The answer takes the
// original's visibility, read from the status itself: an answer to a
// followers-only status stays among followers, and a direct message, which
// the interaction should have said was private, is refused still.
//
// Its Idempotency-Key is derived from the account, the status and the
// text: for an hour, a retry of the same answer gets back the status the
// first attempt made.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	const op = "reply"
	if err := relais.CheckReply(in, text); err != nil {
		return "", refuse(op, err)
	}
	a, err := ParseAccount(in.AccountID)
	if err != nil {
		return "", refuse(op, err)
	}
	var orig struct {
		Visibility string `json:"visibility"`
		Account    struct {
			Acct string `json:"acct"`
		} `json:"account"`
	}
	k := call{op: op, method: http.MethodGet, url: c.base(a) + "/api/v1/statuses/" + url.PathEscape(in.ID), token: token}
	if _, err := c.do(ctx, k, &orig); err != nil {
		return "", err
	}
	switch orig.Visibility {
	case "public", "unlisted", "private":
	case "direct":
		return "", refuse(op, relais.Errorf(relais.EINVALID, "status %s is a direct message: it is never answered in public", netcall.Truncate(in.ID, 32)))
	default:
		return "", refuse(op, relais.Errorf(relais.EINVALID, "status %s has an unknown visibility %q", netcall.Truncate(in.ID, 32), netcall.Truncate(orig.Visibility, 20)))
	}
	if orig.Account.Acct == "" {
		return "", k.nc().Refusef("the instance did not say who wrote status %s", netcall.Truncate(in.ID, 32))
	}
	sum := sha256.Sum256([]byte(a.String() + "\x00" + in.ID + "\x00" + text))
	return c.postStatus(ctx, call{
		op: op, method: http.MethodPost, url: c.base(a) + "/api/v1/statuses", token: token, creates: true,
		key: "reply-" + hex.EncodeToString(sum[:16]),
		form: url.Values{
			"status":         {"@" + orig.Account.Acct + " " + text},
			"visibility":     {orig.Visibility},
			"in_reply_to_id": {in.ID},
		},
	})
}
