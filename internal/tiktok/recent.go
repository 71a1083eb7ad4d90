package tiktok

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

const (
	// pageSize is the most videos one list call gives.
	pageSize = 20
	// maxPages bounds one RecentPosts: an account that posted more since
	// the time asked is not one Relais can reconcile by listing.
	maxPages = 10
)

// video is a video as the Display API gives it.
type video struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"video_description"`
	CreateTime  int64  `json:"create_time"` // unix seconds
}

// text is what Relais sent as the post's text: a video's caption, which
// TikTok gives as its description (and its title), or a photo post's
// description. A post with no description gives its title.
func (v video) text() string {
	if v.Description != "" {
		return v.Description
	}
	return v.Title
}

// RecentPosts lists the account's public videos created at or after
// since, newest first, each with the hash of the content that made it:
// Publish sends the whole text, link included, as a video's caption or a
// photo post's description. TikTok lists public videos only: a post that
// is not PUBLIC_TO_EVERYONE, or still in moderation, is never found, and
// the publisher then leaves it to a person.
func (c *Client) RecentPosts(ctx context.Context, token, _ string, since time.Time) ([]relais.PublishedPost, error) {
	k := call{op: "recent posts", path: "/v2/video/list/", token: token,
		query: url.Values{"fields": {"id,title,video_description,create_time"}}}
	var out []relais.PublishedPost
	var cursor int64
	for range maxPages {
		body := map[string]int64{"max_count": pageSize}
		if cursor > 0 {
			body["cursor"] = cursor
		}
		k.body = body
		var page struct {
			Videos  []video `json:"videos"`
			Cursor  int64   `json:"cursor"`
			HasMore bool    `json:"has_more"`
		}
		if err := c.do(ctx, k, &page); err != nil {
			return nil, err
		}
		older := false
		for _, v := range page.Videos {
			created := time.Unix(v.CreateTime, 0).UTC()
			if created.Before(since) {
				older = true
				continue
			}
			out = append(out, relais.PublishedPost{ID: v.ID, Hash: relais.Content{Text: v.text()}.Hash(), CreatedAt: created})
		}
		// Newest first: once one is older than since, so are the rest.
		if older || !page.HasMore || page.Cursor <= 0 || page.Cursor == cursor {
			return out, nil
		}
		cursor = page.Cursor
	}
	return nil, k.nc().Refuse(fmt.Errorf("the account has more than %d videos since %s", maxPages*pageSize, since.UTC().Format(time.RFC3339)))
}
