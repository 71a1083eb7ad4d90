package sandbox

import (
	"context"
	"net/http"
	"net/url"
)

// Metrics are a post's engagement on the sandbox network.
type Metrics struct {
	Likes       int64 `json:"likes"`
	Comments    int64 `json:"comments"`
	Shares      int64 `json:"shares"`
	Impressions int64 `json:"impressions"`
}

// Metrics reads a post's engagement.
func (c *Client) Metrics(ctx context.Context, token, account, postID string) (Metrics, error) {
	var out Metrics
	err := c.do(ctx, call{op: "metrics", method: http.MethodGet, path: "accounts/" + url.PathEscape(account) + "/posts/" + url.PathEscape(postID) + "/metrics", token: token}, &out)
	return out, err
}
