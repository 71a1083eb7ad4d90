package linkedin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkMetrics = (*Client)(nil)

// Metrics reads a page post's lifetime statistics from
// organizationalEntityShareStatistics: likes, comments, shares (reshares)
// and impressions. The post is named in a Rest.li list whose parentheses
// stay literal, so the query is written by hand.
func (c *Client) Metrics(ctx context.Context, token, account, postURN string) (relais.Engagement, error) {
	k := call{op: "metrics", method: http.MethodGet, token: token}
	org, err := authorURN(account)
	if err != nil {
		return relais.Engagement{}, k.nc().Refuse(err)
	}
	param := "shares"
	if strings.HasPrefix(postURN, "urn:li:ugcPost:") {
		param = "ugcPosts"
	}
	k.path = "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=" + url.QueryEscape(org) +
		"&" + param + "=List(" + url.QueryEscape(postURN) + ")"
	a, err := c.do(ctx, k)
	if err != nil {
		return relais.Engagement{}, err
	}
	var out struct {
		Elements []struct {
			Stats struct {
				Likes       int64 `json:"likeCount"`
				Comments    int64 `json:"commentCount"`
				Shares      int64 `json:"shareCount"`
				Impressions int64 `json:"impressionCount"`
			} `json:"totalShareStatistics"`
		} `json:"elements"`
	}
	if err := k.nc().Decode(a, &out); err != nil {
		return relais.Engagement{}, err
	}
	if len(out.Elements) == 0 {
		return relais.Engagement{}, k.nc().Refuse(errors.New("linkedin has no statistics for " + postURN))
	}
	s := out.Elements[0].Stats
	return relais.Engagement{Likes: s.Likes, Comments: s.Comments, Shares: s.Shares, Impressions: s.Impressions}, nil
}
