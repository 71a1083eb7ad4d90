package bluesky

import (
	"context"
	"errors"
	"net/url"

	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkMetrics = (*Client)(nil)

// Metrics reads a post's counts through app.bsky.feed.getPosts, which the
// PDS proxies to the AppView: likes, replies (as comments), and reposts
// and quotes (as shares). Bluesky counts no impressions. The post's id is
// its at:// URI, as Publish returns it.
func (c *Client) Metrics(ctx context.Context, token, account, uri string) (relais.Engagement, error) {
	var out struct {
		Posts []struct {
			URI     string `json:"uri"`
			Likes   int64  `json:"likeCount"`
			Reposts int64  `json:"repostCount"`
			Replies int64  `json:"replyCount"`
			Quotes  int64  `json:"quoteCount"`
		} `json:"posts"`
	}
	k := func(s *session) call {
		return call{op: "metrics", nsid: "app.bsky.feed.getPosts", query: url.Values{"uris": {uri}}, bearer: s.access}
	}
	if err := c.authed(ctx, account, token, k, &out); err != nil {
		return relais.Engagement{}, err
	}
	// getPosts leaves out posts it cannot find rather than failing.
	for _, p := range out.Posts {
		if p.URI == uri {
			return relais.Engagement{Likes: p.Likes, Comments: p.Replies, Shares: p.Reposts + p.Quotes}, nil
		}
	}
	return relais.Engagement{}, call{op: "metrics"}.nc().Refuse(errors.New("bluesky does not know the post " + uri))
}
