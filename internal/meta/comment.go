package meta

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

var (
	_ relais.NetworkCommenter = (*Facebook)(nil)
	_ relais.NetworkCommenter = (*Instagram)(nil)
)

// Limits on a comment's text, checked before any call. Meta's Graph
// reference states none for comments. maxFacebookComment is what
// Facebook's comment box takes, as guides to its limits report
// (unconfirmed by Meta). Instagram's are its caption's, "Maximum 2200
// characters, 30 hashtags, and 20 @ tags" (IG User Media reference),
// which Meta states for captions only: Relais holds a comment to them
// rather than learn Instagram's rule from a refused first comment.
const (
	maxFacebookComment   = 8000
	maxInstagramComment  = 2200
	maxInstagramHashtags = 30
	maxInstagramMentions = 20
	// igCommentPage is the most comments one read of a media's comments
	// returns: "a maximum of 50 comments per query" (IG Media Comments
	// reference).
	igCommentPage = "50"
)

// Comment comments under one of the page's posts, as the page (token is
// the Page's), and returns the comment's id: POST /{post-id}/comments
// with message. postID is what Publish returned: a post's id
// ("<page>_<post>", a photo's post_id among them), or a Page video's id,
// whose comments are its post's.
func (f *Facebook) Comment(ctx context.Context, token, account, postID, text string) (string, error) {
	return f.c.comment(ctx, relais.Facebook, token, postID, text)
}

// RecentComments lists the page's own top-level comments under one of its
// posts (those whose from is the page), oldest first, each with the hash
// of its message as relais.Content{Text: message}.Hash(), so that the
// publisher can find the comment an ambiguous attempt may have made.
// Oldest first, because a first comment is among a post's first.
func (f *Facebook) RecentComments(ctx context.Context, token, account, postID string) ([]relais.PublishedPost, error) {
	q := url.Values{"fields": {"id,message,created_time,from"}, "filter": {"toplevel"}, "order": {"chronological"}, "limit": {pageLimit}}
	return f.c.recentComments(ctx, relais.Facebook, token, account, postID, q)
}

// Comment comments under one of the account's media, as the account
// (instagram_manage_comments), and returns the comment's id: POST
// /{ig-media-id}/comments with message. postID is the media id Publish
// returned; Instagram takes comments on the token's own media only.
func (ig *Instagram) Comment(ctx context.Context, token, account, postID, text string) (string, error) {
	return ig.c.comment(ctx, relais.Instagram, token, postID, text)
}

// RecentComments lists the account's own top-level comments under one of
// its media, each with the hash of its text, so that the publisher can
// find the comment an ambiguous attempt may have made. Instagram names a
// comment's author by its user field only on the app user's own
// comments, and lists comments newest first, 50 per page: a first
// comment under a busy media is found within MaxPages pages.
func (ig *Instagram) RecentComments(ctx context.Context, token, account, postID string) ([]relais.PublishedPost, error) {
	q := url.Values{"fields": {"id,text,timestamp,user"}, "limit": {igCommentPage}}
	return ig.c.recentComments(ctx, relais.Instagram, token, account, postID, q)
}

// comment posts text as a top-level comment on a post. A comment is made
// like a post: a failure after the request went out is ambiguous, and
// the publisher looks for it (RecentComments) before trying again.
func (c *Client) comment(ctx context.Context, n relais.Network, token, postID, text string) (string, error) {
	k := call{network: n, op: "comment", method: http.MethodPost, path: node(postID, "comments"),
		form: url.Values{"message": {text}}, token: token, creates: true, makes: "the comment"}
	if err := checkComment(n, postID, text); err != nil {
		return "", k.nc().Refuse(err)
	}
	return c.create(ctx, k)
}

// checkComment refuses, with an EINVALID error, a comment Meta would
// refuse for its text, or one that names no post.
func checkComment(n relais.Network, postID, text string) error {
	most := maxFacebookComment
	if n == relais.Instagram {
		most = maxInstagramComment
	}
	switch chars := relais.CountCodePoints.Length(text); {
	case postID == "":
		return relais.Errorf(relais.EINVALID, "a comment needs the post it goes under")
	case strings.TrimSpace(text) == "":
		return relais.Errorf(relais.EINVALID, "a comment needs text")
	case chars > most:
		return relais.Errorf(relais.EINVALID, "the comment is %d characters; %s allows %d", chars, specOf(n).Label, most)
	case n != relais.Instagram:
		return nil
	}
	hashtags, mentions := countTags(text)
	switch {
	case hashtags > maxInstagramHashtags:
		return relais.Errorf(relais.EINVALID, "the comment has %d hashtags; Instagram allows %d", hashtags, maxInstagramHashtags)
	case mentions > maxInstagramMentions:
		return relais.Errorf(relais.EINVALID, "the comment has %d @ tags; Instagram allows %d", mentions, maxInstagramMentions)
	}
	return nil
}

// tag is a hashtag or an @ tag: its sign at the start of a word, then a
// letter, digit or underscore.
var tag = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_])([#@])[\p{L}\p{N}_]`)

// countTags counts a text's hashtags and @ tags.
func countTags(text string) (hashtags, mentions int) {
	for _, m := range tag.FindAllStringSubmatch(text, -1) {
		if m[1] == "#" {
			hashtags++
		} else {
			mentions++
		}
	}
	return hashtags, mentions
}

// listedComment is a comment as either network lists it: a Page's with
// message, created_time and from, Instagram's with text, timestamp and
// user.
type listedComment struct {
	ID          string  `json:"id"`
	Message     string  `json:"message"`
	CreatedTime string  `json:"created_time"`
	From        graphID `json:"from"`
	Text        string  `json:"text"`
	Timestamp   string  `json:"timestamp"`
	User        graphID `json:"user"`
}

// recentComments reads a post's comments edge with q and keeps the
// account's own.
func (c *Client) recentComments(ctx context.Context, n relais.Network, token, account, postID string, q url.Values) ([]relais.PublishedPost, error) {
	k := call{network: n, op: "recent comments", method: http.MethodGet, path: node(postID, "comments"), query: q, token: token}
	if postID == "" {
		return nil, k.nc().Refuse(relais.Errorf(relais.EINVALID, "listing comments needs the post they are under"))
	}
	all, err := list(ctx, c, k, func(listedComment) bool { return false })
	if err != nil {
		return nil, err
	}
	var out []relais.PublishedPost
	for _, m := range all {
		author, text, at := m.From, m.Message, m.CreatedTime
		if n == relais.Instagram {
			author, text, at = m.User, m.Text, m.Timestamp
		}
		if string(author) != account {
			continue
		}
		out = append(out, relais.PublishedPost{ID: m.ID, Hash: relais.Content{Text: text}.Hash(), CreatedAt: parseTime(at)})
	}
	return out, nil
}

// graphID is a Graph object named in another, which Meta writes as
// {"id": ...}. A bare id is taken too: Meta's reference does not show
// which form an IG Comment's user field takes.
type graphID string

func (g *graphID) UnmarshalJSON(b []byte) error {
	var id string
	if json.Unmarshal(b, &id) == nil {
		*g = graphID(id)
		return nil
	}
	var ref struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		return err
	}
	*g = graphID(ref.ID)
	return nil
}
