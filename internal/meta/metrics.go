package meta

import (
	"context"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/relais"
)

var (
	_ relais.NetworkMetrics = (*Facebook)(nil)
	_ relais.NetworkMetrics = (*Instagram)(nil)
)

// insightValues reads the lifetime value of each metric of an insights
// answer.
type insightValues struct {
	Data []struct {
		Name   string `json:"name"`
		Values []struct {
			Value int64 `json:"value"`
		} `json:"values"`
	} `json:"data"`
}

func (v insightValues) get(name string) int64 {
	for _, d := range v.Data {
		if d.Name == name && len(d.Values) > 0 {
			return d.Values[len(d.Values)-1].Value
		}
	}
	return 0
}

// Metrics reads a Page post's reactions (as likes), comments and shares
// from the post's summaries, and its impressions from its insights. Meta
// gives insights only to some Page tokens and posts; without them the
// impressions stay at zero.
func (f *Facebook) Metrics(ctx context.Context, token, _, postID string) (relais.Engagement, error) {
	var out struct {
		Reactions struct {
			Summary struct {
				Total int64 `json:"total_count"`
			} `json:"summary"`
		} `json:"reactions"`
		Comments struct {
			Summary struct {
				Total int64 `json:"total_count"`
			} `json:"summary"`
		} `json:"comments"`
		Shares struct {
			Count int64 `json:"count"`
		} `json:"shares"`
	}
	q := url.Values{"fields": {"reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares"}}
	k := call{network: relais.Facebook, op: "metrics", method: http.MethodGet, path: node(postID), query: q, token: token}
	if err := f.c.do(ctx, k, &out); err != nil {
		return relais.Engagement{}, err
	}
	e := relais.Engagement{Likes: out.Reactions.Summary.Total, Comments: out.Comments.Summary.Total, Shares: out.Shares.Count}
	var in insightValues
	k = call{network: relais.Facebook, op: "insights", method: http.MethodGet, path: node(postID, "insights"), query: url.Values{"metric": {"post_impressions"}}, token: token}
	if err := f.c.do(ctx, k, &in); err != nil {
		if failure, _ := relais.FailureOf(err); failure != relais.FailPermanent {
			return relais.Engagement{}, err
		}
		return e, nil
	}
	e.Impressions = in.get("post_impressions")
	return e, nil
}

// Metrics reads an Instagram media's insights: likes, comments, shares
// and views (as impressions, which Meta replaced by views in 2025).
func (i *Instagram) Metrics(ctx context.Context, token, _, mediaID string) (relais.Engagement, error) {
	var in insightValues
	k := call{network: relais.Instagram, op: "metrics", method: http.MethodGet, path: node(mediaID, "insights"),
		query: url.Values{"metric": {"likes,comments,shares,views"}}, token: token}
	if err := i.c.do(ctx, k, &in); err != nil {
		return relais.Engagement{}, err
	}
	return relais.Engagement{Likes: in.get("likes"), Comments: in.get("comments"), Shares: in.get("shares"), Impressions: in.get("views")}, nil
}
