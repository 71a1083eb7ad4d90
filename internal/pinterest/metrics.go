package pinterest

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// analyticsDays is how far back a Pin's analytics are read: Pinterest
// takes a start_date at most 90 days back, and Relais reads a Pin's
// figures within a week of pinning it.
const analyticsDays = 89

// Pin analytics metric types, and what Relais makes of them: a reaction
// is a like, a save is Pinterest's share.
const (
	metricImpressions = "IMPRESSION"
	metricSaves       = "SAVE"
	metricReactions   = "TOTAL_REACTIONS"
	metricComments    = "TOTAL_COMMENTS"
)

// pinMetrics is one app type's figures in a Pin's analytics.
type pinMetrics struct {
	// Summary holds the period's figures, Lifetime those since the Pin
	// was made (reactions and comments).
	Summary  map[string]float64 `json:"summary_metrics"`
	Lifetime map[string]float64 `json:"lifetime_metrics"`
}

// metric is a figure, from the Pin's lifetime if Pinterest gives it
// there, else from the period's summary.
func (m pinMetrics) metric(name string) int64 {
	if v, ok := m.Lifetime[name]; ok {
		return int64(v)
	}
	return int64(m.Summary[name])
}

// Metrics reads a Pin's engagement from its analytics (GET
// /v5/pins/{pin_id}/analytics, all apps, unsplit): reactions as likes,
// comments, saves as shares, and impressions. Account is the board the
// Pin was made on, checked for its form.
func (c *Client) Metrics(ctx context.Context, token, account, pinID string) (relais.Engagement, error) {
	const op = "metrics"
	if _, err := boardID(op, account); err != nil {
		return relais.Engagement{}, err
	}
	today := c.Now().UTC()
	k := call{op: op, method: http.MethodGet, path: "/v5/pins/" + url.PathEscape(pinID) + "/analytics", token: token, query: url.Values{
		"start_date":   {today.AddDate(0, 0, -analyticsDays).Format(time.DateOnly)},
		"end_date":     {today.Format(time.DateOnly)},
		"metric_types": {strings.Join([]string{metricImpressions, metricSaves, metricReactions, metricComments}, ",")},
		"app_types":    {"ALL"},
		"split_field":  {"NO_SPLIT"},
	}}
	// The answer is keyed by app type; unsplit, it holds one.
	var out map[string]pinMetrics
	if err := c.do(ctx, k, &out); err != nil {
		return relais.Engagement{}, err
	}
	if len(out) != 1 {
		return relais.Engagement{}, k.nc().Refusef("pinterest gave %d sets of figures for pin %s, not one", len(out), pinID)
	}
	m := slices.Collect(maps.Values(out))[0]
	return relais.Engagement{
		Likes:       m.metric(metricReactions),
		Comments:    m.metric(metricComments),
		Shares:      m.metric(metricSaves),
		Impressions: m.metric(metricImpressions),
	}, nil
}
