package threads

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Publish posts content on the account and returns the new media's id:
// the text with its link, alone or with one image or video, or a
// carousel of its images and videos, each with its alt text. It takes
// three steps: check the account's publishing limit, make a media
// container (a carousel's items first), then publish it once Threads has
// processed it. Only the last step makes a post: failures before it are
// never ambiguous; containerBook says what a retry of the same post
// reuses. Threads honours no idempotency key, so a lost answer to the
// last step is ambiguous, and Threads is Unguarded.
func (c *Client) Publish(ctx context.Context, token, account, key string, content relais.Content) (string, error) {
	k := call{op: "publish", token: token}
	text, media, err := checkPost(content)
	if err != nil {
		return "", k.refuse(err)
	}
	if err := c.checkQuota(ctx, token, account, postQuota); err != nil {
		return "", err
	}
	slot := postSlot(account, key, content)
	container, err := c.reuse(ctx, token, slot)
	if err != nil {
		return "", err
	}
	if container == "" {
		if container, err = c.makePost(ctx, token, account, text, media); err != nil {
			return "", err
		}
		c.containers.put(slot, container, c.Now())
	}
	id, err := c.publish(ctx, token, account, "publish", container, "the post")
	c.settle(slot, err)
	return id, err
}

// earliestSince is the earliest time Threads takes as a listing's since.
const earliestSince = 1688540400

// listed is one post of the account's listing.
type listed struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Timestamp string `json:"timestamp"`
}

// RecentPosts lists the account's posts published at or after since,
// newest first, with the hash of their text: Threads gives it back as
// Publish sent it, link included. Pages are read until one reaches an
// older post.
func (c *Client) RecentPosts(ctx context.Context, token, account string, since time.Time) ([]relais.PublishedPost, error) {
	q := url.Values{"fields": {"id,text,timestamp"}, "limit": {pageLimit}}
	if since.Unix() >= earliestSince {
		q.Set("since", strconv.FormatInt(since.Unix(), 10))
	}
	k := call{op: "recent posts", method: http.MethodGet, path: node(account, "threads"), query: q, token: token}
	var out []relais.PublishedPost
	for range c.MaxPages {
		var page struct {
			Data   []listed `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if err := c.do(ctx, k, &page); err != nil {
			return nil, err
		}
		older := false
		for _, p := range page.Data {
			at := parseTime(p.Timestamp)
			if !at.IsZero() && at.Before(since) {
				older = true
				continue
			}
			out = append(out, relais.PublishedPost{ID: p.ID, Hash: relais.Content{Text: p.Text}.Hash(), CreatedAt: at})
		}
		after := page.Paging.Cursors.After
		if older || page.Paging.Next == "" || after == "" || len(page.Data) == 0 {
			return out, nil
		}
		q.Set("after", after)
	}
	return nil, k.refuse(fmt.Errorf("the account has more than %d pages of posts since %s", c.MaxPages, since.UTC().Format(time.RFC3339)))
}
