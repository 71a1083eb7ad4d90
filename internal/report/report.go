// Package report builds a client's report for a period from the day
// counters kept as things happen, renders it as HTML, CSV and JSON, and
// writes it to the reports bucket.
package report

import (
	"context"
	"sort"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Report is one client's figures for one period.
type Report struct {
	Client      relais.Client    `json:"client"`
	Period      relais.Period    `json:"period"`
	GeneratedAt time.Time        `json:"generatedAt"`
	Totals      map[string]int64 `json:"totals"`
	// Previous holds the same totals for the period just before.
	Previous map[string]int64 `json:"previous"`
	Days     []Day            `json:"days"`
	Posts    []PostLine       `json:"posts"`
}

// Day is one day's counters, per network.
type Day struct {
	Day      string                              `json:"day"`
	Networks map[relais.Network]map[string]int64 `json:"networks"`
	Totals   map[string]int64                    `json:"totals"`
}

// PostLine is a post published in the period.
type PostLine struct {
	ID            string         `json:"id"`
	Network       relais.Network `json:"network"`
	Text          string         `json:"text"`
	ScheduledAt   time.Time      `json:"scheduledAt"`
	PublishedAt   time.Time      `json:"publishedAt"`
	NetworkPostID string         `json:"networkPostId"`
}

// Empty reports whether nothing at all happened in the period.
func (r Report) Empty() bool {
	for _, v := range r.Totals {
		if v != 0 {
			return false
		}
	}
	return len(r.Posts) == 0
}

// Store is what building a report needs of the store.
type Store interface {
	Client(ctx context.Context, id string) (relais.Client, error)
	Counters(ctx context.Context, clientID, from, to string) ([]relais.DayCounters, error)
	Posts(ctx context.Context, clientID string) ([]relais.Post, error)
}

// Build reads a client's counters and posts for a period.
func Build(ctx context.Context, s Store, c relais.Client, p relais.Period, now time.Time) (Report, error) {
	r := Report{Client: c, Period: p, GeneratedAt: now.UTC(), Totals: map[string]int64{}, Previous: map[string]int64{}}
	days := p.Days()
	byDay := map[string]*Day{}
	for _, d := range days {
		r.Days = append(r.Days, Day{Day: d, Networks: map[relais.Network]map[string]int64{}, Totals: map[string]int64{}})
	}
	for i := range r.Days {
		byDay[r.Days[i].Day] = &r.Days[i]
	}
	counters, err := s.Counters(ctx, c.ID, days[0], days[len(days)-1])
	if err != nil {
		return r, err
	}
	for _, dc := range counters {
		d, ok := byDay[dc.Day]
		if !ok {
			continue
		}
		d.Networks[dc.Network] = dc.Counts
		for k, v := range dc.Counts {
			d.Totals[k] += v
			r.Totals[k] += v
		}
	}
	prev := p.Previous().Days()
	before, err := s.Counters(ctx, c.ID, prev[0], prev[len(prev)-1])
	if err != nil {
		return r, err
	}
	for _, dc := range before {
		for k, v := range dc.Counts {
			r.Previous[k] += v
		}
	}
	posts, err := s.Posts(ctx, c.ID)
	if err != nil {
		return r, err
	}
	for _, post := range posts {
		if post.Status != relais.StatusPublished || post.PublishedAt == nil {
			continue
		}
		if at := *post.PublishedAt; !at.Before(p.From) && at.Before(p.To) {
			r.Posts = append(r.Posts, PostLine{
				ID: post.ID, Network: post.Account.Network, Text: post.Text,
				ScheduledAt: post.ScheduledAt, PublishedAt: at, NetworkPostID: post.NetworkPostID,
			})
		}
	}
	sort.Slice(r.Posts, func(i, j int) bool { return r.Posts[i].PublishedAt.Before(r.Posts[j].PublishedAt) })
	return r, nil
}
