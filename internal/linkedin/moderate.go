package linkedin

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// LinkedIn lets a page delete and answer comments, but has no way to hide
// one: the client is no relais.NetworkHider.
var (
	_ relais.NetworkDeleter = (*Client)(nil)
	_ relais.NetworkReplier = (*Client)(nil)
)

// commentRef is what a comment URN, urn:li:comment:(<activity>,<id>),
// holds: the activity of the post commented on and the comment's own id.
type commentRef struct{ activity, id string }

// parseComment reads a comment URN; ok is false for any other URN.
func parseComment(urn string) (ref commentRef, ok bool) {
	inner, ok := strings.CutPrefix(urn, "urn:li:comment:(")
	if !ok {
		return ref, false
	}
	inner, ok = strings.CutSuffix(inner, ")")
	i := strings.LastIndexByte(inner, ',')
	if !ok || i < 0 || !strings.HasPrefix(inner, "urn:li:") || !isDigits(inner[i+1:]) {
		return ref, false
	}
	return commentRef{activity: inner[:i], id: inner[i+1:]}, true
}

// socialActions is the path of the comments on a post (or a comment),
// its URN escaped whole as Rest.li wants.
func socialActions(target string) string {
	return "/rest/socialActions/" + url.QueryEscape(target) + "/comments"
}

// Delete deletes a comment on one of the page's posts. in.ID is the
// comment's URN, in.PostID the post's, in.AccountID the page acting.
func (c *Client) Delete(ctx context.Context, token string, in relais.Interaction) error {
	const op = "delete"
	actor, err := authorURN(in.AccountID)
	if err != nil {
		return refuse(op, err)
	}
	ref, ok := parseComment(in.ID)
	if !ok {
		return refuse(op, fmt.Errorf("%q is not a comment URN", netcall.Truncate(in.ID, 120)))
	}
	// The comment's URN names its post's activity, for an interaction that
	// came without its post.
	path := socialActions(cmp.Or(in.PostID, ref.activity)) + "/" + ref.id
	_, err = c.do(ctx, call{op: op, method: http.MethodDelete, path: path, query: url.Values{"actor": {actor}}, token: token})
	return err
}

// commentBody is a new comment as the Comments API takes it.
type commentBody struct {
	Actor   string `json:"actor"`
	Object  string `json:"object"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	ParentComment string `json:"parentComment,omitempty"`
}

// Reply answers a comment, or a post that mentions the page, with a
// comment by the page, and returns the new comment's URN. LinkedIn nests
// comments one level deep, so an answer to a reply goes under the comment
// that reply answers.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	k := call{op: "reply", method: http.MethodPost, token: token, creates: true}
	if err := Spec.CheckReply(in, text); err != nil {
		return "", k.nc().Refuse(err)
	}
	actor, err := authorURN(in.AccountID)
	if err != nil {
		return "", k.nc().Refuse(err)
	}
	b := commentBody{Actor: actor, Object: in.ID}
	b.Message.Text = text
	if ref, ok := parseComment(in.ID); ok {
		b.Object, b.ParentComment = cmp.Or(in.PostID, ref.activity), in.ID
		if _, nested := parseComment(in.ParentID); nested {
			b.ParentComment = in.ParentID
		}
	}
	k.path, k.body = socialActions(b.Object), b
	return c.createComment(ctx, k)
}
