package threads

import (
	"context"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/relais"
)

// insights is an insights answer: each metric's lifetime value, as a
// list of values or, for some, a total.
type insights struct {
	Data []struct {
		Name   string `json:"name"`
		Values []struct {
			Value int64 `json:"value"`
		} `json:"values"`
		TotalValue struct {
			Value int64 `json:"value"`
		} `json:"total_value"`
	} `json:"data"`
}

func (in insights) get(name string) int64 {
	for _, d := range in.Data {
		if d.Name != name {
			continue
		}
		if len(d.Values) > 0 {
			return d.Values[len(d.Values)-1].Value
		}
		return d.TotalValue.Value
	}
	return 0
}

// Metrics reads a post's insights: its likes, its replies as comments,
// its reposts and quotes as shares, and its views as impressions. Threads
// counts the replies of a post with all their own replies, and gives
// nothing for a repost of another's post.
func (c *Client) Metrics(ctx context.Context, token, _, mediaID string) (relais.Engagement, error) {
	var in insights
	k := call{op: "metrics", method: http.MethodGet, path: node(mediaID, "insights"),
		query: url.Values{"metric": {"views,likes,replies,reposts,quotes"}}, token: token}
	if err := c.do(ctx, k, &in); err != nil {
		return relais.Engagement{}, err
	}
	return relais.Engagement{
		Likes:       in.get("likes"),
		Comments:    in.get("replies"),
		Shares:      in.get("reposts") + in.get("quotes"),
		Impressions: in.get("views"),
	}, nil
}
