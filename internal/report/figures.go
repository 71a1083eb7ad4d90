package report

import (
	"math"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// KPI is one key figure of the period with its change against the period
// before.
type KPI struct {
	Name     string  `json:"name"`
	Value    float64 `json:"value"`
	Previous float64 `json:"previous"`
	// Change is the relative change in percent, rounded to a tenth; it is
	// absent when the period before had nothing to compare with.
	Change *float64 `json:"change,omitempty"`
	// Unit is "seconds" for durations, empty for counts.
	Unit string `json:"unit,omitempty"`
	// LowerIsBetter is true for figures a client wants to fall (hidden
	// comments, response time, crises).
	LowerIsBetter bool `json:"lowerIsBetter,omitempty"`
}

// KPI names that are not counters.
const (
	KPIEngagement     = "engagement"
	KPIResponseMedian = "response_median"
)

// kpis are the period's key figures, in display order.
func kpis(now, before map[string]int64) []KPI {
	count := func(name string, lower bool) KPI {
		return newKPI(name, float64(now[name]), float64(before[name]), "", lower)
	}
	engagement := func(m map[string]int64) float64 {
		return float64(m[relais.CountLikes] + m[relais.CountComments] + m[relais.CountShares])
	}
	median := func(m map[string]int64) float64 {
		if s, ok := quantile(histogram(m), 0.5); ok {
			return s
		}
		return 0
	}
	return []KPI{
		count(relais.CountPostsPublished, false),
		count(relais.CountInteractions, false),
		newKPI(KPIEngagement, engagement(now), engagement(before), "", false),
		count(relais.CountImpressions, false),
		count(relais.CountHidden, true),
		count(relais.CountReview, true),
		newKPI(KPIResponseMedian, median(now), median(before), "seconds", true),
		count(relais.CountCrisisAlerts, true),
	}
}

func newKPI(name string, now, before float64, unit string, lower bool) KPI {
	k := KPI{Name: name, Value: now, Previous: before, Unit: unit, LowerIsBetter: lower}
	if before != 0 {
		c := math.Round((now-before)*1000/before) / 10
		k.Change = &c
	}
	return k
}

// Sentiment is how the period's interactions split by sentiment class.
type Sentiment struct {
	Positive int64 `json:"positive"`
	Neutral  int64 `json:"neutral"`
	Negative int64 `json:"negative"`
}

func sentiment(t map[string]int64) Sentiment {
	return Sentiment{
		Positive: t[relais.CountSentiment(relais.SentimentPositive)],
		Neutral:  t[relais.CountSentiment(relais.SentimentNeutral)],
		Negative: t[relais.CountSentiment(relais.SentimentNegative)],
	}
}

// Total is the interactions a sentiment class was given to.
func (s Sentiment) Total() int64 { return s.Positive + s.Neutral + s.Negative }

// Moderation sums up what moderation did in the period, with a few masked
// examples.
type Moderation struct {
	Hidden   int64     `json:"hidden"`
	Deleted  int64     `json:"deleted"`
	Flagged  int64     `json:"flagged"`
	Replied  int64     `json:"replied"`
	Allowed  int64     `json:"allowed"`
	Examples []Example `json:"examples"`
}

// Example is a moderated interaction with its text masked.
type Example struct {
	Network relais.Network `json:"network"`
	Action  relais.Action  `json:"action"`
	Labels  []string       `json:"labels,omitempty"`
	Text    string         `json:"text"`
	At      time.Time      `json:"at"`
}

// MaxExamples bounds the examples a report shows.
const MaxExamples = 6

func moderation(t map[string]int64, examples []relais.ModerationExample) Moderation {
	m := Moderation{
		Hidden: t[relais.CountHidden], Deleted: t[relais.CountDeleted], Flagged: t[relais.CountReview],
		Replied: t[relais.CountReplied], Allowed: t[relais.CountAllowed], Examples: []Example{},
	}
	for _, ex := range examples {
		if len(m.Examples) == MaxExamples {
			break
		}
		m.Examples = append(m.Examples, Example{Network: ex.Network, Action: ex.Action, Labels: ex.Labels, Text: Mask(ex.Text, ex.Flagged, ex.Action == relais.ActionHide && len(ex.Flagged) == 0), At: ex.At})
	}
	return m
}

// ResponseTimes are the team's first-response delays of the period, read
// from the fixed-bucket histogram of relais.ResponseBuckets.
type ResponseTimes struct {
	Responses int64 `json:"responses"`
	// Median and P90 are in seconds, absent without responses.
	Median *float64 `json:"medianSeconds,omitempty"`
	P90    *float64 `json:"p90Seconds,omitempty"`
	// Counts holds one count per bucket, the overflow bucket last.
	Counts []int64 `json:"buckets"`
}

func responseTimes(t map[string]int64) ResponseTimes {
	h := histogram(t)
	r := ResponseTimes{Counts: h}
	for _, c := range h {
		r.Responses += c
	}
	if v, ok := quantile(h, 0.5); ok {
		r.Median = &v
	}
	if v, ok := quantile(h, 0.9); ok {
		r.P90 = &v
	}
	return r
}

func histogram(t map[string]int64) []int64 {
	h := make([]int64, len(relais.ResponseBuckets)+1)
	for i := range h {
		h[i] = t[relais.CountResponseBucket(i)]
	}
	return h
}

// quantile estimates the q-quantile, in seconds, of the delays counted in
// histogram h. It finds the bucket holding the rank q×N and interpolates
// linearly between the bucket's bounds, as if its delays were spread
// evenly: with 10 responses within 5 minutes and 10 between 5 and 15
// minutes, the median (rank 10) is 5 minutes and the p90 (rank 18) is
// 5 + (18-10)/10 × 10 = 13 minutes. A rank in the overflow bucket, which
// has no upper bound, is given as the last bound: "over 48 hours".
func quantile(h []int64, q float64) (float64, bool) {
	var n int64
	for _, c := range h {
		n += c
	}
	if n == 0 {
		return 0, false
	}
	rank := q * float64(n)
	var below int64
	for i, c := range h {
		if c == 0 || float64(below+c) < rank {
			below += c
			continue
		}
		var lower float64
		if i > 0 {
			lower = relais.ResponseBuckets[i-1].Seconds()
		}
		if i == len(relais.ResponseBuckets) {
			return lower, true
		}
		upper := relais.ResponseBuckets[i].Seconds()
		return lower + (rank-float64(below))/float64(c)*(upper-lower), true
	}
	return relais.ResponseBuckets[len(relais.ResponseBuckets)-1].Seconds(), true
}

// beyond reports whether a delay is past the histogram's last bound.
func beyond(seconds float64) bool {
	return seconds >= relais.ResponseBuckets[len(relais.ResponseBuckets)-1].Seconds()
}

// TopPost is one of the period's posts with the most engagement.
type TopPost struct {
	ID            string            `json:"id"`
	Network       relais.Network    `json:"network"`
	Text          string            `json:"text"`
	PublishedAt   time.Time         `json:"publishedAt"`
	NetworkPostID string            `json:"networkPostId"`
	Engagement    relais.Engagement `json:"engagement"`
	Total         int64             `json:"total"`
}

// maxPostText bounds a post's text in a report.
const maxPostText = 160

func topPosts(posts []relais.Post) []TopPost {
	out := make([]TopPost, 0, len(posts))
	for _, p := range posts {
		tp := TopPost{ID: p.ID, Network: p.Account.Network, Text: cut(p.Text, maxPostText), NetworkPostID: p.NetworkPostID}
		if p.PublishedAt != nil {
			tp.PublishedAt = *p.PublishedAt
		}
		if p.Engagement != nil {
			tp.Engagement, tp.Total = *p.Engagement, p.Engagement.Total()
		}
		out = append(out, tp)
	}
	return out
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
