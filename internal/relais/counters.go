package relais

import (
	"strconv"
	"time"
)

// Counter names kept per client, day and network with atomic additions, so
// that reports read counters instead of scanning items.
const (
	CountPostsScheduled      = "posts_scheduled"
	CountPostsPublished      = "posts_published"
	CountPostsFailed         = "posts_failed"
	CountPostsNeedsAttention = "posts_needs_attention"
	CountInteractions        = "interactions"
	CountHidden              = "moderation_hidden"
	CountDeleted             = "moderation_deleted"
	CountReview              = "moderation_review"
	CountReplied             = "moderation_replied"
	CountAllowed             = "moderation_allowed"
	CountCrisisAlerts        = "crisis_alerts"
	// CountResponses counts first responses of the team; the response
	// buckets below split them by delay.
	CountResponses = "responses"
)

// CountKind names the counter of interactions of one kind.
func CountKind(k InteractionKind) string { return "kind_" + string(k) }

// CountLabel names the counter of interactions moderation gave a label.
func CountLabel(label string) string { return "label_" + label }

// Sentiment classes counted per day.
const (
	SentimentPositive = "positive"
	SentimentNeutral  = "neutral"
	SentimentNegative = "negative"
)

// SentimentClass puts a sentiment from -1 to 1 in one of three classes.
func SentimentClass(s float64) string {
	switch {
	case s >= 0.2:
		return SentimentPositive
	case s <= -0.2:
		return SentimentNegative
	}
	return SentimentNeutral
}

// CountSentiment names the counter of interactions of a sentiment class.
func CountSentiment(class string) string { return "sentiment_" + class }

// ResponseBuckets are the upper bounds of the first-response histogram. A
// delay over the last bound falls in the overflow bucket, index
// len(ResponseBuckets).
var ResponseBuckets = []time.Duration{
	5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour,
	4 * time.Hour, 8 * time.Hour, 24 * time.Hour, 48 * time.Hour,
}

// ResponseBucket returns the histogram bucket of a response delay.
func ResponseBucket(d time.Duration) int {
	for i, b := range ResponseBuckets {
		if d <= b {
			return i
		}
	}
	return len(ResponseBuckets)
}

// CountResponseBucket names the counter of one response-time bucket.
func CountResponseBucket(i int) string {
	if i >= len(ResponseBuckets) {
		return "response_over"
	}
	return "response_le_" + strconv.Itoa(int(ResponseBuckets[i]/time.Second))
}

// DayCounters are one client's counters for one day on one network.
type DayCounters struct {
	Day     string           `json:"day"`
	Network Network          `json:"network"`
	Counts  map[string]int64 `json:"counts"`
}
