package relais

// Counter names kept per client, day and network with atomic additions, so
// that reports read counters instead of scanning items.
const (
	CountPostsScheduled      = "posts_scheduled"
	CountPostsPublished      = "posts_published"
	CountPostsFailed         = "posts_failed"
	CountPostsNeedsAttention = "posts_needs_attention"
	CountInteractions        = "interactions"
	CountHidden              = "moderation_hidden"
	CountReview              = "moderation_review"
	CountAllowed             = "moderation_allowed"
)

// DayCounters are one client's counters for one day on one network.
type DayCounters struct {
	Day     string           `json:"day"`
	Network Network          `json:"network"`
	Counts  map[string]int64 `json:"counts"`
}
