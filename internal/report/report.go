// Package report builds a client's report for a period from the day
// counters kept as things happen and a few small items (crises, moderation
// examples, post engagement), renders it as HTML, CSV and JSON, and writes
// it to the reports bucket.
package report

import (
	"context"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Report is one client's figures for one period.
type Report struct {
	Client      ClientInfo      `json:"client"`
	Brand       relais.Branding `json:"brand"`
	Period      relais.Period   `json:"period"`
	Previous    relais.Period   `json:"previousPeriod"`
	GeneratedAt time.Time       `json:"generatedAt"`
	// Empty is true when nothing at all happened in the period.
	Empty bool  `json:"empty"`
	KPIs  []KPI `json:"kpis"`
	// Totals and PreviousTotals sum every counter over the period and the
	// period before.
	Totals         map[string]int64 `json:"totals"`
	PreviousTotals map[string]int64 `json:"previousTotals"`
	// Networks are those with interactions in the period, in display order.
	Networks   []relais.Network         `json:"networks"`
	Days       []Day                    `json:"days"`
	Sentiment  Sentiment                `json:"sentiment"`
	Moderation Moderation               `json:"moderation"`
	Response   ResponseTimes            `json:"responseTimes"`
	Crises     []relais.CrisisSuspected `json:"crises"`
	TopPosts   []TopPost                `json:"topPosts"`
}

// ClientInfo is what a report says of its client.
type ClientInfo struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"timezone"`
	Locale   string `json:"locale"`
}

// Day is one day's counters: all networks together, and interactions per
// network.
type Day struct {
	Day          string                   `json:"day"`
	Totals       map[string]int64         `json:"totals"`
	Interactions map[relais.Network]int64 `json:"interactions"`
}

// Store is what building a report needs of the store.
type Store interface {
	Client(ctx context.Context, id string) (relais.Client, error)
	Counters(ctx context.Context, clientID, from, to string) ([]relais.DayCounters, error)
	Crises(ctx context.Context, clientID string, from, to time.Time) ([]relais.CrisisSuspected, error)
	ModerationExamples(ctx context.Context, clientID, from, to string) ([]relais.ModerationExample, error)
	TopPosts(ctx context.Context, clientID, from, to string, n int) ([]relais.Post, error)
}

// TopPostCount is how many posts a report ranks by engagement.
const TopPostCount = 5

// Build reads a client's figures for a period and the one before. brand is
// the deployment's branding, which the client's overrides.
func Build(ctx context.Context, s Store, c relais.Client, p relais.Period, brand relais.Branding, now time.Time) (Report, error) {
	r := Report{
		Client: ClientInfo{ID: c.ID, Name: c.Name, TimeZone: c.TimeZone, Locale: c.Locale},
		Brand:  defaultBrand.Over(brand).Over(c.Branding),
		Period: p, Previous: p.Previous(), GeneratedAt: now.UTC(),
	}
	days, prev := p.Days(), r.Previous.Days()
	first, last := days[0], days[len(days)-1]
	counters, err := s.Counters(ctx, c.ID, first, last)
	if err != nil {
		return r, err
	}
	before, err := s.Counters(ctx, c.ID, prev[0], prev[len(prev)-1])
	if err != nil {
		return r, err
	}
	r.PreviousTotals = sum(before)
	r.Days, r.Totals, r.Networks = byDay(days, counters)
	if r.Crises, err = s.Crises(ctx, c.ID, p.From, p.To); err != nil {
		return r, err
	}
	examples, err := s.ModerationExamples(ctx, c.ID, first, last)
	if err != nil {
		return r, err
	}
	posts, err := s.TopPosts(ctx, c.ID, first, last, TopPostCount)
	if err != nil {
		return r, err
	}
	r.TopPosts = topPosts(posts)
	r.Sentiment = sentiment(r.Totals)
	r.Moderation = moderation(r.Totals, examples)
	r.Response = responseTimes(r.Totals)
	r.KPIs = kpis(r.Totals, r.PreviousTotals)
	r.Empty = len(r.TopPosts) == 0 && len(r.Crises) == 0 && len(examples) == 0 && allZero(r.Totals)
	return r, nil
}

// defaultBrand is used where neither the deployment nor the client sets a
// field.
var defaultBrand = relais.Branding{Color: "#2f5fd0"}

func sum(counters []relais.DayCounters) map[string]int64 {
	out := map[string]int64{}
	for _, dc := range counters {
		for k, v := range dc.Counts {
			out[k] += v
		}
	}
	return out
}

// byDay lays counters out on every day of the period, and returns the
// period's totals and the networks with interactions.
func byDay(days []string, counters []relais.DayCounters) ([]Day, map[string]int64, []relais.Network) {
	out := make([]Day, len(days))
	index := make(map[string]int, len(days))
	for i, d := range days {
		out[i] = Day{Day: d, Totals: map[string]int64{}, Interactions: map[relais.Network]int64{}}
		index[d] = i
	}
	totals := map[string]int64{}
	active := map[relais.Network]bool{}
	for _, dc := range counters {
		i, ok := index[dc.Day]
		if !ok {
			continue
		}
		for k, v := range dc.Counts {
			out[i].Totals[k] += v
			totals[k] += v
		}
		if n := dc.Counts[relais.CountInteractions]; n != 0 {
			out[i].Interactions[dc.Network] += n
			active[dc.Network] = true
		}
	}
	var networks []relais.Network
	for _, n := range relais.Networks() {
		if active[n] {
			networks = append(networks, n)
		}
	}
	return out, totals, networks
}

func allZero(m map[string]int64) bool {
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}
