package x

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// X lets an account hide replies and answer, but not delete another
// user's post: the client is no relais.NetworkDeleter.
var (
	_ relais.NetworkHider   = (*Client)(nil)
	_ relais.NetworkUnhider = (*Client)(nil)
	_ relais.NetworkReplier = (*Client)(nil)
)

// Hide hides a reply in a conversation the account started.
func (c *Client) Hide(ctx context.Context, token string, in relais.Interaction) error {
	return c.setHidden(ctx, token, in, true)
}

// Unhide shows a hidden reply again.
func (c *Client) Unhide(ctx context.Context, token string, in relais.Interaction) error {
	return c.setHidden(ctx, token, in, false)
}

func (c *Client) setHidden(ctx context.Context, token string, in relais.Interaction, hidden bool) error {
	var out struct {
		Data struct {
			Hidden bool `json:"hidden"`
		} `json:"data"`
	}
	op := "hide"
	if !hidden {
		op = "unhide"
	}
	k := call{op: op, method: http.MethodPut, path: "/2/tweets/" + url.PathEscape(in.ID) + "/hidden", token: token, body: map[string]bool{"hidden": hidden}}
	if err := c.do(ctx, k, &out); err != nil {
		return err
	}
	if out.Data.Hidden != hidden {
		return &netcall.Error{Network: relais.X, Op: k.op, Kind: relais.FailPermanent, Status: http.StatusOK, Code: CodeBadAnswer, Err: fmt.Errorf("x answered that the reply is hidden: %v", out.Data.Hidden)}
	}
	return nil
}

// replyBody is POST /2/tweets answering a post.
type replyBody struct {
	Text  string `json:"text"`
	Reply struct {
		InReplyToTweetID string `json:"in_reply_to_tweet_id"`
	} `json:"reply"`
}

// Reply answers a post in its conversation and returns the reply's id; X
// mentions the post's author itself. X honours no idempotency key, so a
// failure after the request went out is ambiguous.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	k := call{op: "reply", method: http.MethodPost, path: "/2/tweets", token: token, creates: true}
	if err := Spec.CheckReply(in, text); err != nil {
		e := k.nc().Refuse(err)
		e.Code = CodeValidation
		return "", e
	}
	b := replyBody{Text: text}
	b.Reply.InReplyToTweetID = in.ID
	k.body = b
	return c.post(ctx, k)
}
