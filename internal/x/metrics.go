package x

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkMetrics = (*Client)(nil)

// Metrics reads a post's public_metrics: likes, replies, reposts and
// quotes (counted as shares), and impressions.
func (c *Client) Metrics(ctx context.Context, token, _, postID string) (relais.Engagement, error) {
	var out struct {
		Data struct {
			ID            string `json:"id"`
			PublicMetrics struct {
				Retweets    int64 `json:"retweet_count"`
				Replies     int64 `json:"reply_count"`
				Likes       int64 `json:"like_count"`
				Quotes      int64 `json:"quote_count"`
				Impressions int64 `json:"impression_count"`
			} `json:"public_metrics"`
		} `json:"data"`
		Errors []struct {
			Detail string `json:"detail"`
		} `json:"errors"`
	}
	k := call{op: "metrics", method: http.MethodGet, path: "/2/tweets/" + url.PathEscape(postID) + "?tweet.fields=public_metrics", token: token}
	if err := c.do(ctx, k, &out); err != nil {
		return relais.Engagement{}, err
	}
	// X answers 200 with only errors for a post it cannot show.
	if out.Data.ID == "" {
		msg := "the answer carries no post"
		if len(out.Errors) > 0 {
			msg = out.Errors[0].Detail
		}
		return relais.Engagement{}, &netcall.Error{Network: relais.X, Op: k.op, Kind: relais.FailPermanent, Status: http.StatusOK, Code: CodeNotFound,
			Err: errors.New(netcall.Truncate(msg, netcall.MaxMessage))}
	}
	m := out.Data.PublicMetrics
	return relais.Engagement{Likes: m.Likes, Comments: m.Replies, Shares: m.Retweets + m.Quotes, Impressions: m.Impressions}, nil
}
