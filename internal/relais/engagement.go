package relais

import (
	"context"
	"time"
)

// Engagement is what a network tells of a published post's reach. A
// network that does not give a figure leaves it at zero.
type Engagement struct {
	Likes       int64     `json:"likes"`
	Comments    int64     `json:"comments"`
	Shares      int64     `json:"shares"`
	Impressions int64     `json:"impressions"`
	FetchedAt   time.Time `json:"fetchedAt"`
	// Final is set on the last fetch, seven days after publishing.
	Final bool `json:"final,omitempty"`
}

// Total is the interactions a post drew: likes, comments and shares.
// Impressions are reach, not interactions, and not every network gives them.
func (e Engagement) Total() int64 { return e.Likes + e.Comments + e.Shares }

// Engagement counters, added on the day a post was published, by the
// difference each fetch makes, so that a period's sum is its posts' latest
// figures.
const (
	CountLikes       = "engagement_likes"
	CountComments    = "engagement_comments"
	CountShares      = "engagement_shares"
	CountImpressions = "engagement_impressions"
)

// NetworkMetrics reads a published post's engagement on one network.
// Account is the network's own account id; token is that account's access
// token.
type NetworkMetrics interface {
	Metrics(ctx context.Context, token, account, networkPostID string) (Engagement, error)
}

// MetricsDelays are when a post's engagement is fetched after it was
// published: the first figures a day later, the final ones a week later.
var MetricsDelays = []time.Duration{24 * time.Hour, 7 * 24 * time.Hour}

// MetricsInput is what a published post's one-time engagement schedule
// hands the reporter.
type MetricsInput struct {
	ClientID string `json:"clientId"`
	PostID   string `json:"postId"`
	// Final marks the last fetch.
	Final bool `json:"final"`
}
