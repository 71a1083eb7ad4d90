package linkedin

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkCommenter = (*Client)(nil)

// maxComment is the longest comment Relais sends: 1,250 characters, what
// LinkedIn's comment box takes and what schedulers report of the Comments
// API. LinkedIn's Comments API reference states no number (unconfirmed).
const maxComment = 1250

// Comment comments under one of the page's posts, as the page, and returns
// the comment's URN: POST /rest/socialActions/{post URN}/comments with
// {actor, object, message: {text}}. postID is the post's URN as Publish
// returned it (urn:li:share:… or urn:li:ugcPost:…), both the path's
// target and the comment's object. The text goes as it is: a comment's
// message is text with attributes, not the little text of a post's
// commentary.
func (c *Client) Comment(ctx context.Context, token, account, postID, text string) (string, error) {
	k := call{op: "comment", method: http.MethodPost, token: token, creates: true}
	if err := checkComment(postID, text); err != nil {
		return "", k.nc().Refuse(err)
	}
	actor, err := authorURN(account)
	if err != nil {
		return "", k.nc().Refuse(err)
	}
	b := commentBody{Actor: actor, Object: postID}
	b.Message.Text = text
	k.path, k.body = socialActions(postID), b
	return c.createComment(ctx, k)
}

// checkComment refuses, with an EINVALID error, a comment LinkedIn would
// refuse for its text, or one under something that is no post.
func checkComment(postID, text string) error {
	switch chars := Spec.Counting.Length(text); {
	case !isPost(postID):
		return relais.Errorf(relais.EINVALID, "%q is not a post URN (urn:li:share: or urn:li:ugcPost:)", netcall.Truncate(postID, 80))
	case strings.TrimSpace(text) == "":
		return relais.Errorf(relais.EINVALID, "a comment needs text")
	case chars > maxComment:
		return relais.Errorf(relais.EINVALID, "the comment is %d characters; LinkedIn allows %d", chars, maxComment)
	}
	return nil
}

// isPost reports whether urn names a post, as the Posts API does.
func isPost(urn string) bool {
	for _, kind := range []string{"urn:li:share:", "urn:li:ugcPost:"} {
		if id, ok := strings.CutPrefix(urn, kind); ok && isDigits(id) {
			return true
		}
	}
	return false
}

// createComment makes a comment and returns its URN, which LinkedIn gives
// in the answer's commentUrn and in its x-restli-id header. A comment is
// made like a post: a failure after the request went out is ambiguous.
func (c *Client) createComment(ctx context.Context, k call) (string, error) {
	a, err := c.do(ctx, k)
	if err != nil {
		return "", err
	}
	var made struct {
		CommentURN string `json:"commentUrn"`
	}
	_ = json.Unmarshal(a.Body, &made) // an unreadable body leaves the header to name the comment
	if id := cmp.Or(made.CommentURN, a.Header.Get("X-Restli-Id")); id != "" {
		return id, nil
	}
	return "", &netcall.Error{Network: relais.LinkedIn, Op: k.op, Kind: relais.FailAmbiguous, Status: a.Status,
		Err: errors.New("linkedin made the comment but did not name it")}
}

// listedComment is one comment in a list answer.
type listedComment struct {
	ID            string `json:"id"`
	CommentURN    string `json:"commentUrn"`
	Actor         string `json:"actor"`
	ParentComment string `json:"parentComment"`
	Message       struct {
		Text string `json:"text"`
	} `json:"message"`
	Created struct {
		Time int64 `json:"time"`
	} `json:"created"`
}

// RecentComments lists the page's own top-level comments under one of its
// posts (those whose actor is the page), each with the hash of its text,
// so that the publisher can find the comment an ambiguous attempt may
// have made: GET /rest/socialActions/{post URN}/comments, pageSize at a
// time.
func (c *Client) RecentComments(ctx context.Context, token, account, postID string) ([]relais.PublishedPost, error) {
	const op = "recent comments"
	actor, err := authorURN(account)
	if err != nil {
		return nil, refuse(op, err)
	}
	if !isPost(postID) {
		return nil, refuse(op, relais.Errorf(relais.EINVALID, "%q is not a post URN", netcall.Truncate(postID, 80)))
	}
	var out []relais.PublishedPost
	for page, start := 0, 0; page < maxPages; page++ {
		q := url.Values{"start": {strconv.Itoa(start)}, "count": {strconv.Itoa(pageSize)}}
		k := call{op: op, method: http.MethodGet, path: socialActions(postID), query: q, token: token}
		a, err := c.do(ctx, k)
		if err != nil {
			return nil, err
		}
		var list struct {
			Elements []listedComment `json:"elements"`
		}
		if err := k.nc().Decode(a, &list); err != nil {
			return nil, err
		}
		for _, m := range list.Elements {
			if m.Actor != actor || m.ParentComment != "" {
				continue
			}
			out = append(out, relais.PublishedPost{ID: cmp.Or(m.CommentURN, m.ID), Hash: relais.Content{Text: m.Message.Text}.Hash(),
				CreatedAt: time.UnixMilli(m.Created.Time).UTC()})
		}
		if len(list.Elements) < pageSize {
			return out, nil
		}
		start += len(list.Elements)
	}
	// Its first comment may be on a page not read: saying none would
	// have the publisher comment twice.
	return nil, refuse(op, fmt.Errorf("the post has more than %d comments", maxPages*pageSize))
}
