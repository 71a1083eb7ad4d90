package meta

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/relais-dev/relais/internal/relais"
)

var (
	_ relais.NetworkHider   = (*Facebook)(nil)
	_ relais.NetworkDeleter = (*Facebook)(nil)
	_ relais.NetworkReplier = (*Facebook)(nil)
	_ relais.NetworkHider   = (*Instagram)(nil)
	_ relais.NetworkDeleter = (*Instagram)(nil)
	_ relais.NetworkReplier = (*Instagram)(nil)
)

// Hide hides a comment on the page from everyone but its author and their
// friends.
func (f *Facebook) Hide(ctx context.Context, token string, in relais.Interaction) error {
	return f.c.hide(ctx, relais.Facebook, "is_hidden", token, in.ID, true)
}

// Unhide shows a hidden comment on the page to everyone again.
func (f *Facebook) Unhide(ctx context.Context, token string, in relais.Interaction) error {
	return f.c.hide(ctx, relais.Facebook, "is_hidden", token, in.ID, false)
}

// Delete deletes a comment on the page.
func (f *Facebook) Delete(ctx context.Context, token string, in relais.Interaction) error {
	return f.c.deleteComment(ctx, relais.Facebook, token, in.ID)
}

// Reply answers a comment on the page, as the page, and returns the new
// comment's id.
func (f *Facebook) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	return f.c.reply(ctx, relais.Facebook, node(in.ID, "comments"), token, in, text)
}

// Hide hides a comment on one of the account's media from everyone but
// its author.
func (ig *Instagram) Hide(ctx context.Context, token string, in relais.Interaction) error {
	return ig.c.hide(ctx, relais.Instagram, "hide", token, in.ID, true)
}

// Unhide shows a hidden comment on one of the account's media again.
func (ig *Instagram) Unhide(ctx context.Context, token string, in relais.Interaction) error {
	return ig.c.hide(ctx, relais.Instagram, "hide", token, in.ID, false)
}

// Delete deletes a comment on one of the account's media.
func (ig *Instagram) Delete(ctx context.Context, token string, in relais.Interaction) error {
	return ig.c.deleteComment(ctx, relais.Instagram, token, in.ID)
}

// Reply answers a comment on one of the account's media and returns the
// new comment's id. Instagram takes replies under top-level comments only,
// so an answer to a reply goes under the comment it answers, where the
// app puts it too.
func (ig *Instagram) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	target := in.ID
	if in.Kind == relais.KindReply && in.ParentID != "" {
		target = in.ParentID
	}
	return ig.c.reply(ctx, relais.Instagram, node(target, "replies"), token, in, text)
}

// hide sets a comment's hidden parameter, named differently by each
// network, to true.
func (c *Client) hide(ctx context.Context, n relais.Network, param, token, commentID string, hidden bool) error {
	op := "hide"
	if !hidden {
		op = "unhide"
	}
	k := call{network: n, op: op, method: http.MethodPost, path: node(commentID), form: url.Values{param: {strconv.FormatBool(hidden)}}, token: token}
	return c.do(ctx, k, nil)
}

func (c *Client) deleteComment(ctx context.Context, n relais.Network, token, commentID string) error {
	k := call{network: n, op: "delete", method: http.MethodDelete, path: node(commentID), token: token}
	return c.do(ctx, k, nil)
}

// reply posts text as a comment at path (a comment's reply edge). A reply
// is something made: a failure after the request went out is ambiguous.
func (c *Client) reply(ctx context.Context, n relais.Network, path, token string, in relais.Interaction, text string) (string, error) {
	k := call{network: n, op: "reply", method: http.MethodPost, path: path, form: url.Values{"message": {text}}, token: token, creates: true}
	if err := specOf(in.Network).CheckReply(in, text); err != nil {
		return "", k.nc().Refuse(err)
	}
	return c.create(ctx, k)
}
