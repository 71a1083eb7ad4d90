package x

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// pageSize is the most posts X lists in one answer.
	pageSize = 100
	// maxPages bounds RecentPosts. X lists the newest posts first and the
	// publisher looks back about an hour, so a post it looks for is on the
	// first page unless the account posts hundreds of times an hour.
	maxPages = 10
)

// Publish posts content on the account the token belongs to and returns
// the post's id. Its images (up to 4, each with its description) or its
// video are uploaded first; only the post itself may be ambiguous. X posts
// as the token's user, so account is not sent to X. X honours no
// idempotency key (an ambiguous failure must be settled with
// RecentPosts), but key names the post's uploads: a retry of the same post
// reuses them (see uploads).
func (c *Client) Publish(ctx context.Context, token, account, key string, p relais.Content) (string, error) {
	text, err := postText(p)
	if err != nil {
		return "", err
	}
	body := map[string]any{"text": text}
	earlier := false
	if atts := p.Attached(); len(atts) > 0 {
		ids := make([]string, len(atts))
		for i, a := range atts {
			id, kept, err := c.attach(ctx, token, uploadKey{account: account, key: key, index: i}, a)
			if err != nil {
				return "", err
			}
			ids[i], earlier = id, earlier || kept
		}
		body["media"] = map[string][]string{"media_ids": ids}
	}
	id, err := c.post(ctx, call{op: "publish", method: http.MethodPost, path: "/2/tweets", token: token, body: body, creates: true})
	switch {
	case err == nil:
		c.kept.forget(account, key)
	case earlier && mediaRefused(err):
		// X no longer has an upload an earlier attempt made: nothing was
		// posted, and the next attempt uploads again.
		c.kept.forget(account, key)
		var e *netcall.Error
		if errors.As(err, &e) {
			e.Kind = relais.FailTransient
		}
	}
	return id, err
}

// post sends a call that makes a post (or a reply) and returns its id.
func (c *Client) post(ctx context.Context, k call) (string, error) {
	var out struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.Data.ID == "" {
		// X said yes but gave no id: the post probably exists.
		return "", k.failed(http.StatusCreated, true, CodeBadAnswer, errors.New("the answer carries no post id"))
	}
	return out.Data.ID, nil
}

// postText is the text X gets for content, or a permanent error when X
// would refuse it or its media, so that no call is spent on it.
func postText(p relais.Content) (string, error) {
	if err := checkMedia(p.Attached()); err != nil {
		return "", err
	}
	text := p.Compose()
	if strings.TrimSpace(text) == "" {
		return "", invalid(CodeValidation, "the post has no text")
	}
	if err := Spec.CheckLimits(p); err != nil {
		return "", invalid(CodeValidation, relais.ErrorMessage(err))
	}
	return text, nil
}

func invalid(code Code, msg string) *netcall.Error {
	return &netcall.Error{Network: relais.X, Op: "publish", Kind: relais.FailPermanent, Code: code, Err: relais.Errorf(relais.EINVALID, "%s", msg)}
}

// tweet is a post as X lists it.
type tweet struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	CreatedAt string `json:"created_at"`
	Entities  struct {
		URLs []struct {
			URL         string `json:"url"`
			ExpandedURL string `json:"expanded_url"`
			// MediaKey marks the link X adds to a post with media.
			MediaKey string `json:"media_key"`
		} `json:"urls"`
	} `json:"entities"`
}

// sentText recovers the text that was posted from the text X lists: X
// escapes &, < and > as HTML entities, replaces each link with a t.co
// link whose original its entities give, and ends the text of a post with
// media with a t.co link to its media, which is dropped. Unescaping comes
// first, as expanded links are not escaped.
func (t tweet) sentText() string {
	s := htmlUnescaper.Replace(t.Text)
	for _, u := range t.Entities.URLs {
		if u.MediaKey != "" && u.URL != "" {
			s = strings.TrimSuffix(strings.TrimSuffix(s, u.URL), " ")
			continue
		}
		if u.URL != "" && u.ExpandedURL != "" {
			s = strings.ReplaceAll(s, u.URL, u.ExpandedURL)
		}
	}
	return s
}

// htmlUnescaper undoes X's escaping in one pass, so that an escaped
// entity ("&amp;lt;") comes back as typed ("&lt;").
var htmlUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// RecentPosts lists the account's posts made at or after since, newest
// first, with the hash of the content Publish sent for each.
// RepostGuard implements relais.GuardedPublisher: X refuses a Tweet with
// the text of one the account has just posted (403, duplicate content).
func (c *Client) RepostGuard() relais.RepostGuard { return relais.RefusesDuplicates }

func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	q := url.Values{
		"max_results":  {strconv.Itoa(pageSize)},
		"tweet.fields": {"created_at,entities"},
	}
	if !since.IsZero() {
		// X takes whole seconds, inclusive: rounding down never misses a post.
		q.Set("start_time", since.UTC().Truncate(time.Second).Format(time.RFC3339))
	}
	var posts []relais.PublishedPost
	for page := 0; page < maxPages; page++ {
		var out struct {
			Data   []tweet `json:"data"`
			Errors []struct {
				Title  string `json:"title"`
				Detail string `json:"detail"`
			} `json:"errors"`
			Meta struct {
				NextToken string `json:"next_token"`
			} `json:"meta"`
		}
		k := call{op: "recent posts", method: http.MethodGet, path: "/2/users/" + url.PathEscape(account) + "/tweets?" + q.Encode(), token: token}
		if err := c.do(ctx, k, &out); err != nil {
			return nil, err
		}
		// X answers 200 with only errors for a user it cannot show; an
		// empty list would wrongly say the post was never made.
		if len(out.Data) == 0 && len(out.Errors) > 0 {
			msg := out.Errors[0].Detail
			if msg == "" {
				msg = out.Errors[0].Title
			}
			return nil, &netcall.Error{Network: relais.X, Op: k.op, Kind: relais.FailPermanent, Status: http.StatusOK, Code: CodeNotFound, Err: errors.New(netcall.Truncate(msg, netcall.MaxMessage))}
		}
		for _, t := range out.Data {
			at, _ := time.Parse(time.RFC3339, t.CreatedAt) // zero if X omits it
			posts = append(posts, relais.PublishedPost{ID: t.ID, Hash: relais.Content{Text: t.sentText()}.Hash(), CreatedAt: at})
		}
		if out.Meta.NextToken == "" {
			break
		}
		q.Set("pagination_token", out.Meta.NextToken)
	}
	return posts, nil
}
