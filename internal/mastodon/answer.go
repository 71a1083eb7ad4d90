package mastodon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// answered is the part of the status being answered that an answer needs.
type answered struct {
	Visibility string `json:"visibility"`
	Account    struct {
		Acct string `json:"acct"`
	} `json:"account"`
}

// answer reads the status in answers from the instance, checks that its
// visibility is one an answer of this kind may go under (a direct one for
// a private answer, a public or unlisted one for a public answer: a
// followers-only status is never answered before others, whatever the
// interaction says), and posts text under it with the same visibility,
// addressed to its author.
//
// Its Idempotency-Key is derived from op, the account, the status and the
// text: for an hour, a retry of the same answer gets back the status the
// first attempt made.
func (c *Client) answer(ctx context.Context, op, token string, in relais.Interaction, text string, private bool) (string, error) {
	a, err := ParseAccount(in.AccountID)
	if err != nil {
		return "", refuse(op, err)
	}
	id := netcall.Truncate(in.ID, 32)
	var orig answered
	k := call{op: op, method: http.MethodGet, url: c.base(a) + "/api/v1/statuses/" + url.PathEscape(in.ID), token: token}
	if _, err := c.do(ctx, k, &orig); err != nil {
		return "", err
	}
	switch v := orig.Visibility; {
	case private && v == "direct", !private && (v == "public" || v == "unlisted"):
	case private && (v == "public" || v == "unlisted" || v == "private"):
		return "", refuse(op, relais.Errorf(relais.EINVALID, "status %s is not a direct message (its visibility is %s): it is answered in public, never in private", id, v))
	case v == "direct":
		return "", refuse(op, relais.Errorf(relais.EINVALID, "status %s is a direct message: it is never answered in public", id))
	case v == "private":
		return "", refuse(op, relais.Errorf(relais.EINVALID, "status %s is for its author's followers only: Relais does not answer it in public", id))
	default:
		return "", refuse(op, relais.Errorf(relais.EINVALID, "status %s has an unknown visibility %q", id, netcall.Truncate(v, 20)))
	}
	if orig.Account.Acct == "" {
		return "", k.nc().Refusef("the instance did not say who wrote status %s", id)
	}
	sum := sha256.Sum256([]byte(a.String() + "\x00" + in.ID + "\x00" + text))
	return c.postStatus(ctx, call{
		op: op, method: http.MethodPost, url: c.base(a) + "/api/v1/statuses", token: token, creates: true,
		key: op + "-" + hex.EncodeToString(sum[:16]),
		form: url.Values{
			"status":         {addressed(text, orig.Account.Acct, a.Instance)},
			"visibility":     {orig.Visibility},
			"in_reply_to_id": {in.ID},
		},
	})
}

// addressed is text starting with a mention of acct, which is what
// notifies the author and, for a direct status, the only thing that
// delivers it; a text that already mentions them is left as it is. A
// local author's acct is a bare username, which the text may also
// qualify with the instance.
func addressed(text, acct, instance string) string {
	forms := []string{"@" + acct}
	if !strings.Contains(acct, "@") {
		forms = append(forms, "@"+acct+"@"+instance)
	}
	for _, word := range strings.Fields(text) {
		word = strings.TrimRight(word, ".,;:!?)")
		for _, f := range forms {
			if strings.EqualFold(word, f) {
				return text
			}
		}
	}
	return "@" + acct + " " + text
}

// checkText refuses, before any call, a private answer with no text or
// longer than an instance takes by default.
func checkText(text string) error {
	if strings.TrimSpace(text) == "" {
		return relais.Errorf(relais.EINVALID, "a message needs text")
	}
	if chars, most := Spec.Counting.Length(text), Spec.Limits.MaxText; chars > most {
		return relais.Errorf(relais.EINVALID, "the message is %d characters; Mastodon allows %d", chars, most)
	}
	return nil
}
