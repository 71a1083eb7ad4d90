package mastodon

import (
	"context"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkMetrics = (*Client)(nil)

// Metrics reads a status's favourites (as likes), replies (as comments)
// and boosts (as shares). Mastodon counts no impressions.
func (c *Client) Metrics(ctx context.Context, token, account, statusID string) (relais.Engagement, error) {
	const op = "metrics"
	a, err := ParseAccount(account)
	if err != nil {
		return relais.Engagement{}, refuse(op, err)
	}
	var st struct {
		Favourites int64 `json:"favourites_count"`
		Reblogs    int64 `json:"reblogs_count"`
		Replies    int64 `json:"replies_count"`
	}
	k := call{op: op, method: http.MethodGet, url: c.base(a) + "/api/v1/statuses/" + url.PathEscape(statusID), token: token}
	if _, err := c.do(ctx, k, &st); err != nil {
		return relais.Engagement{}, err
	}
	return relais.Engagement{Likes: st.Favourites, Comments: st.Replies, Shares: st.Reblogs}, nil
}
