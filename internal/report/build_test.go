package report_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
)

func week(tb testing.TB, label string) relais.Period {
	tb.Helper()
	p, err := relais.ParsePeriod(label, paris, now)
	mustOK(tb, err)
	return p
}

func buildFixture(tb testing.TB) report.Report {
	tb.Helper()
	s := newStore(tb)
	seed(tb, s)
	r, err := report.Build(context.Background(), s, acme, week(tb, "2026-W46"), agency, now)
	mustOK(tb, err)
	return r
}

// TestFiguresMatchHandComputedValues checks every figure of the fixture's
// week 46 report against arithmetic done by hand from fixture_test.go.
func TestFiguresMatchHandComputedValues(t *testing.T) {
	r := buildFixture(t)

	change := func(v float64) *float64 { return &v }
	// Week 46 against week 45:
	//   posts published   1 + 1 + 1 = 3            vs 2          (3-2)/2     = +50 %
	//   interactions      40+25+10+30+15 = 120     vs 80+20=100  (120-100)/100 = +20 %
	//   engagement        likes 120+40+200 = 360, comments 14+10+30 = 54,
	//                     shares 6+12+0 = 18: 432  vs 100+20+10=130 (432-130)/130 = 232.307… → 232.3 %
	//   impressions       3000+5000 = 8000         vs 2000       +300 %
	//   hidden            2+4 = 6                  vs 4+1 = 5    +20 %
	//   flagged           1                        vs 2          −50 %
	//   median response   1350 s (below)           vs 150 s      (1350-150)/150 = +800 %
	//     week 45: 5 responses within 5 min; rank 0.5×5 = 2.5 in [0, 300]: 2.5/5×300 = 150 s
	//   crisis alerts     1                        vs 0          no change to compute
	want := []report.KPI{
		{Name: relais.CountPostsPublished, Value: 3, Previous: 2, Change: change(50)},
		{Name: relais.CountInteractions, Value: 120, Previous: 100, Change: change(20)},
		{Name: report.KPIEngagement, Value: 432, Previous: 130, Change: change(232.3)},
		{Name: relais.CountImpressions, Value: 8000, Previous: 2000, Change: change(300)},
		{Name: relais.CountHidden, Value: 6, Previous: 5, Change: change(20), LowerIsBetter: true},
		{Name: relais.CountReview, Value: 1, Previous: 2, Change: change(-50), LowerIsBetter: true},
		{Name: report.KPIResponseMedian, Value: 1350, Previous: 150, Change: change(800), Unit: "seconds", LowerIsBetter: true},
		{Name: relais.CountCrisisAlerts, Value: 1, Previous: 0, LowerIsBetter: true},
	}
	if len(r.KPIs) != len(want) {
		t.Fatalf("KPIs: got %d, want %d", len(r.KPIs), len(want))
	}
	for i, w := range want {
		g := r.KPIs[i]
		if g.Name != w.Name || g.Value != w.Value || g.Previous != w.Previous || g.Unit != w.Unit || g.LowerIsBetter != w.LowerIsBetter ||
			(g.Change == nil) != (w.Change == nil) || g.Change != nil && *g.Change != *w.Change {
			t.Errorf("KPI %s: got %+v (change %v), want %+v (change %v)", w.Name, g, deref(g.Change), w, deref(w.Change))
		}
	}

	// Response times, from the histogram of week 46: buckets ≤5 min 2,
	// ≤15 min 2, ≤30 min 2, ≤1 h 2, ≤2 h 1, over 48 h 1: 10 responses.
	//   median: rank 0.5×10 = 5; 2+2 = 4 below the ≤30 min bucket [900, 1800]:
	//           900 + (5-4)/2 × 900 = 1350 s
	//   p90:    rank 0.9×10 = 9; 8 below the ≤2 h bucket [3600, 7200]:
	//           3600 + (9-8)/1 × 3600 = 7200 s
	if got, want := r.Response.Responses, int64(10); got != want {
		t.Errorf("responses: got %d, want %d", got, want)
	}
	if r.Response.Median == nil || *r.Response.Median != 1350 {
		t.Errorf("median response: got %v s, want 1350 s", deref(r.Response.Median))
	}
	if r.Response.P90 == nil || *r.Response.P90 != 7200 {
		t.Errorf("p90 response: got %v s, want 7200 s", deref(r.Response.P90))
	}

	// Sentiment: positive 20+18+3+5+10 = 56, neutral 15+6+5+10+5 = 41,
	// negative 5+1+2+15+0 = 23; 120 in all.
	if got, want := r.Sentiment, (report.Sentiment{Positive: 56, Neutral: 41, Negative: 23}); got != want {
		t.Errorf("sentiment: got %+v, want %+v", got, want)
	}
	// Moderation: hidden 2+4, deleted 1, flagged 1, replied 3, allowed 37+25.
	m := r.Moderation
	if got, want := [5]int64{m.Hidden, m.Deleted, m.Flagged, m.Replied, m.Allowed}, [5]int64{6, 1, 1, 3, 62}; got != want {
		t.Errorf("moderation hidden, deleted, flagged, replied, allowed: got %v, want %v", got, want)
	}
	var texts []string
	for _, ex := range m.Examples {
		texts = append(texts, ex.Text)
	}
	// The flagged words only; every word of a hidden text nobody named; links.
	if got, want := strings.Join(texts, " | "), "Free boots here: b**************** | B**** d* n*** | Vous êtes des e****** et des a******"; got != want {
		t.Errorf("examples: got %q, want %q", got, want)
	}

	// Interactions per day and network: 9 Nov facebook 40, instagram 25;
	// 10 Nov facebook 10; 12 Nov x 30; 15 Nov instagram 15. The counters of
	// 16 November are outside the week.
	perDay := map[string]map[relais.Network]int64{}
	for _, d := range r.Days {
		perDay[d.Day] = d.Interactions
	}
	for _, c := range []struct {
		day  string
		n    relais.Network
		want int64
	}{
		{"2026-11-09", relais.Facebook, 40}, {"2026-11-09", relais.Instagram, 25}, {"2026-11-10", relais.Facebook, 10},
		{"2026-11-11", relais.Facebook, 0}, {"2026-11-12", relais.X, 30}, {"2026-11-15", relais.Instagram, 15},
	} {
		if got := perDay[c.day][c.n]; got != c.want {
			t.Errorf("interactions on %s on %s: got %d, want %d", c.day, c.n, got, c.want)
		}
	}
	if got, want := len(r.Days), 7; got != want {
		t.Errorf("days: got %d, want %d", got, want)
	}
	if got, want := r.Networks, []relais.Network{relais.Facebook, relais.Instagram, relais.X}; len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("networks: got %v, want %v", got, want)
	}

	// Top posts: p-ig 200+30+0 = 230, p-fb 120+14+6 = 140, p-x 40+10+12 = 62.
	var top []string
	for _, p := range r.TopPosts {
		top = append(top, p.ID+"="+itoa(p.Total))
	}
	if got, want := strings.Join(top, " "), "p-ig=230 p-fb=140 p-x=62"; got != want {
		t.Errorf("top posts: got %s, want %s", got, want)
	}
	if len(r.Crises) != 1 || !reflect.DeepEqual(r.Crises[0], crisis) {
		t.Errorf("crises: got %+v, want the fixture's one", r.Crises)
	}
	if r.Empty {
		t.Errorf("the fixture's week reads as empty")
	}
	if got, want := r.Brand, agency; got != want {
		t.Errorf("brand: got %+v, want the agency's", got)
	}
}

func TestClientBrandingOverridesTheAgencys(t *testing.T) {
	s := newStore(t)
	c := acme
	c.Branding = relais.Branding{Color: "#008060"}
	mustOK(t, s.CreateClient(context.Background(), c))
	r, err := report.Build(context.Background(), s, c, week(t, "2026-W46"), agency, now)
	mustOK(t, err)
	want := agency
	want.Color = "#008060"
	if r.Brand != want {
		t.Errorf("brand: got %+v, want %+v", r.Brand, want)
	}
}

func TestQuietPeriodIsAReportThatSaysSo(t *testing.T) {
	s := newStore(t)
	seed(t, s)
	// Week 44 had nothing at all.
	r, err := report.Build(context.Background(), s, acme, week(t, "2026-W44"), agency, now)
	mustOK(t, err)
	if !r.Empty {
		t.Fatalf("week 44: not empty: %+v", r.Totals)
	}
	files, err := report.Render(r)
	mustOK(t, err)
	if html := string(files["report.html"]); !strings.Contains(html, "Aucune activité sur cette période") {
		t.Errorf("empty report's HTML does not say there was no activity")
	}
	if got, want := strings.Count(string(files["report.csv"]), "\n"), 8; got != want {
		t.Errorf("empty report's CSV: got %d lines, want a header and 7 days", got)
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		text    string
		flagged []string
		all     bool
		want    string
	}{
		{"Vous êtes des Escrocs !", []string{"escrocs"}, false, "Vous êtes des E****** !"},
		{"Bande d'abrutis", nil, true, "B**** d'a******"},
		{"Promo sur www.free.xyz/x maintenant", nil, false, "Promo sur w************* maintenant"},
		{"Merci beaucoup", nil, false, "Merci beaucoup"},
		{"", nil, true, ""},
	}
	for _, tt := range tests {
		if got := report.Mask(tt.text, tt.flagged, tt.all); got != tt.want {
			t.Errorf("Mask(%q, %v, %v): got %q, want %q", tt.text, tt.flagged, tt.all, got, tt.want)
		}
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
