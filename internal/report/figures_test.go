package report

import (
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

func TestQuantile(t *testing.T) {
	// The histogram has buckets ≤5 min, ≤15 min, ≤30 min, ≤1 h, ≤2 h, ≤4 h,
	// ≤8 h, ≤24 h, ≤48 h and over.
	h := func(counts ...int64) map[string]int64 {
		m := map[string]int64{}
		for i, c := range counts {
			m[relais.CountResponseBucket(i)] = c
		}
		return m
	}
	tests := []struct {
		name        string
		totals      map[string]int64
		median, p90 float64
	}{
		// rank 5 of 10, all in [0, 300]: 5/10×300 = 150; rank 9: 270.
		{"one bucket", h(10), 150, 270},
		// rank 10: end of the first bucket, 300; rank 18: 300 + 8/10×600 = 780.
		{"two buckets", h(10, 10), 300, 780},
		// every response over 48 h: both are the last bound, 172800.
		{"overflow", h(0, 0, 0, 0, 0, 0, 0, 0, 0, 4), 172800, 172800},
		// rank 0.5 in [0, 300]: 150; rank 0.9 → 270.
		{"one response", h(1), 150, 270},
	}
	for _, tt := range tests {
		got := responseTimes(tt.totals)
		if got.Median == nil || got.P90 == nil || *got.Median != tt.median || *got.P90 != tt.p90 {
			t.Errorf("%s: got median %v p90 %v, want %v and %v", tt.name, got.Median, got.P90, tt.median, tt.p90)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		locale, got, want string
	}{
		{"fr", formatFor("fr").int(1234567), "1\u202f234\u202f567"},
		{"en", formatFor("en").int(1234567), "1,234,567"},
		{"fr", formatFor("fr").percent(232.3, true), "+232,3\u00a0%"},
		{"en", formatFor("en").percent(-50, true), "−50%"},
		{"fr", formatFor("fr").duration(1350), "23\u00a0min"},
		{"fr", formatFor("fr").duration(7200), "2\u00a0h\u00a000"},
		{"fr", formatFor("fr").duration(172800), ">\u00a048\u00a0h"},
		{"fr", formatFor("fr").span(day("2026-11-09"), day("2026-11-15")), "du 9 au 15 novembre 2026"},
		{"fr", formatFor("fr").span(day("2026-11-01"), day("2026-11-30")), "du 1er au 30 novembre 2026"},
		{"fr", formatFor("fr").span(day("2026-12-28"), day("2027-01-03")), "du 28 décembre 2026 au 3 janvier 2027"},
		{"en", formatFor("en").span(day("2026-11-09"), day("2026-11-15")), "9–15 November 2026"},
		{"en", formatFor("en").span(day("2026-10-26"), day("2026-11-01")), "26 October – 1 November 2026"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.locale, tt.got, tt.want)
		}
	}
}

func day(s string) time.Time {
	t, _ := time.Parse(relais.DayLayout, s)
	return t
}

func TestLabelsComplete(t *testing.T) {
	for locale, l := range labels {
		for other, o := range labels {
			for k := range o {
				if _, ok := l[k]; !ok {
					t.Errorf("label %q is in %s but not in %s", k, other, locale)
				}
			}
		}
	}
	for _, k := range kpis(nil, nil) {
		if labels["en"][k.Name] == "" {
			t.Errorf("KPI %s has no label", k.Name)
		}
	}
}

func TestNiceMax(t *testing.T) {
	for _, tt := range []struct{ in, want int64 }{{0, 2}, {1, 2}, {7, 8}, {10, 10}, {11, 12}, {102, 120}, {150, 150}, {151, 200}, {1200, 1200}, {1201, 1500}, {9001, 10000}} {
		if got := niceMax(tt.in); got != tt.want {
			t.Errorf("niceMax(%d): got %d, want %d", tt.in, got, tt.want)
		}
	}
}
