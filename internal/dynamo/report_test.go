package dynamo_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

func totals(t *testing.T, s *dynamo.Store, client, from, to string) map[string]int64 {
	t.Helper()
	counters, err := s.Counters(context.Background(), client, from, to)
	mustOK(t, err)
	out := map[string]int64{}
	for _, c := range counters {
		for k, v := range c.Counts {
			out[k] += v
		}
	}
	return out
}

func TestCrisisIsRecordedAndCountedOnce(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// 23:30 UTC on 21 November is 00:30 on the 22nd in Paris.
	start := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC)
	c := relais.CrisisSuspected{ClientID: "acme", Network: relais.Sandbox, WindowStart: start, WindowEnd: start.Add(time.Hour), Negative: 12, Interactions: 20}
	for i, want := range []bool{true, false} {
		recorded, err := s.CrisisRecorded(ctx, "acme", start)
		mustOK(t, err)
		if recorded == want {
			t.Errorf("save %d: got recorded %v before, want %v", i, recorded, !want)
		}
		created, err := s.SaveCrisis(ctx, c, "Europe/Paris")
		mustOK(t, err)
		if created != want {
			t.Errorf("save %d: got created %v, want %v", i, created, want)
		}
	}
	other := c
	other.WindowStart = start.Add(48 * time.Hour)
	_, err := s.SaveCrisis(ctx, other, "Europe/Paris")
	mustOK(t, err)
	if got := totals(t, s, "acme", "2026-11-22", "2026-11-22")[relais.CountCrisisAlerts]; got != 1 {
		t.Errorf("crisis alerts on 22 November: got %d, want 1", got)
	}
	tests := []struct {
		from, to time.Time
		want     int
	}{
		{start, start.Add(time.Hour), 1},
		{start.Add(time.Nanosecond), start.Add(72 * time.Hour), 1},
		{start.Add(-time.Hour), start, 0},
		{start, start.Add(49 * time.Hour), 2},
	}
	for _, tt := range tests {
		got, err := s.Crises(ctx, "acme", tt.from, tt.to)
		mustOK(t, err)
		if len(got) != tt.want {
			t.Errorf("crises in [%s, %s): got %d, want %d", tt.from, tt.to, len(got), tt.want)
		}
	}
	got, err := s.Crises(ctx, "acme", start, start.Add(time.Hour))
	mustOK(t, err)
	if !reflect.DeepEqual(got[0], c) {
		t.Errorf("crisis read back: got %+v, want %+v", got[0], c)
	}
	if none, _ := s.Crises(ctx, "globex", start, start.Add(72*time.Hour)); len(none) != 0 {
		t.Errorf("another client's crises: got %d, want 0", len(none))
	}
}

func TestModerationExamplesAreCappedPerDay(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	long := strings.Repeat("é", relais.MaxExampleText+10)
	for i := range dynamo.ExamplesPerDay + 2 {
		ex := relais.ModerationExample{ClientID: "acme", Network: relais.Sandbox, InteractionID: fmt.Sprintf("c%d", i),
			Action: relais.ActionHide, Labels: []string{"insult"}, Text: long, Flagged: []string{"abruti"}, At: now}
		kept, err := s.SaveModerationExample(ctx, ex, "Europe/Paris")
		mustOK(t, err)
		if want := i < dynamo.ExamplesPerDay; kept != want {
			t.Errorf("example %d: got kept %v, want %v", i, kept, want)
		}
	}
	again := relais.ModerationExample{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c0", Action: relais.ActionHide, Text: "x", At: now.Add(24 * time.Hour)}
	kept, err := s.SaveModerationExample(ctx, again, "Europe/Paris")
	mustOK(t, err)
	if !kept {
		t.Errorf("example on the next day: not kept")
	}
	kept, err = s.SaveModerationExample(ctx, again, "Europe/Paris")
	mustOK(t, err)
	if kept {
		t.Errorf("the same example twice: kept twice")
	}
	got, err := s.ModerationExamples(ctx, "acme", "2026-11-01", "2026-11-30")
	mustOK(t, err)
	if len(got) != dynamo.ExamplesPerDay+1 {
		t.Fatalf("examples: got %d, want %d", len(got), dynamo.ExamplesPerDay+1)
	}
	if n := len([]rune(got[0].Text)); n != relais.MaxExampleText {
		t.Errorf("example text: got %d characters, want %d", n, relais.MaxExampleText)
	}
	if got[0].Flagged[0] != "abruti" || got[0].Action != relais.ActionHide {
		t.Errorf("example read back: got %+v", got[0])
	}
}

func publishedPost(t *testing.T, s *dynamo.Store, id string, at time.Time) relais.Post {
	t.Helper()
	ctx := context.Background()
	p := newPost("acme", "acme-page")
	p.ID, p.ScheduledAt = id, at
	mustOK(t, s.CreatePost(ctx, p, "test", "scheduled"))
	p, err := s.Post(ctx, "acme", id)
	mustOK(t, err)
	p, err = s.Transition(ctx, p, relais.StatusPublishing, "test", "attempt", "")
	mustOK(t, err)
	p.PublishedAt, p.NetworkPostID = &at, "net-"+id
	p, err = s.Transition(ctx, p, relais.StatusPublished, "test", "published", relais.CountPostsPublished)
	mustOK(t, err)
	return p
}

func TestEngagementIsStoredAndRanked(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	// 23:30 UTC is the next day in Paris: the day counted is Paris's.
	day := time.Date(2026, 11, 9, 23, 30, 0, 0, time.UTC)
	for i, id := range []string{"p1", "p2", "p3"} {
		publishedPost(t, s, id, day.Add(time.Duration(i)*time.Minute))
	}
	publishedPost(t, s, "p4", day.AddDate(0, 0, 10))
	first := now
	save := func(id string, e relais.Engagement) {
		t.Helper()
		mustOK(t, s.SaveEngagement(ctx, "acme", id, e))
	}
	save("p1", relais.Engagement{Likes: 10, Comments: 2, Shares: 1, Impressions: 400, FetchedAt: first})
	save("p2", relais.Engagement{Likes: 3, FetchedAt: first})
	save("p3", relais.Engagement{Likes: 20, Comments: 5, Shares: 5, Impressions: 900, FetchedAt: first})
	save("p4", relais.Engagement{Likes: 99, FetchedAt: first})
	// The final fetch replaces p1's figures; a late first-day fetch after
	// it, and a repeat, change nothing.
	final := relais.Engagement{Likes: 30, Comments: 4, Shares: 2, Impressions: 1000, FetchedAt: first.Add(6 * 24 * time.Hour), Final: true}
	save("p1", final)
	save("p1", final)
	save("p1", relais.Engagement{Likes: 1, FetchedAt: first.Add(7 * 24 * time.Hour)})

	p1, err := s.Post(ctx, "acme", "p1")
	mustOK(t, err)
	if p1.Engagement == nil || !p1.Engagement.FetchedAt.Equal(final.FetchedAt) || p1.Engagement.Likes != 30 || !p1.Engagement.Final {
		t.Errorf("p1 engagement: got %+v, want %+v", p1.Engagement, final)
	}
	// p1: 30+4+2 = 36; p3: 20+5+5 = 30; p2: 3. p4 is outside the days.
	top, err := s.TopPosts(ctx, "acme", "2026-11-10", "2026-11-11", 2)
	mustOK(t, err)
	var ids []string
	for _, p := range top {
		ids = append(ids, p.ID)
	}
	if got, want := strings.Join(ids, ","), "p1,p3"; got != want {
		t.Errorf("top posts: got %s, want %s", got, want)
	}
	// Counters hold the latest figures: likes 30+3+20, impressions 1000+0+900.
	got := totals(t, s, "acme", "2026-11-10", "2026-11-10")
	for name, want := range map[string]int64{relais.CountLikes: 53, relais.CountComments: 9, relais.CountShares: 7, relais.CountImpressions: 1900, relais.CountPostsPublished: 0} {
		if got[name] != want {
			t.Errorf("counter %s on 10 November: got %d, want %d", name, got[name], want)
		}
	}
	err = s.SaveEngagement(ctx, "acme", "nope", relais.Engagement{FetchedAt: now})
	wantCode(t, "engagement of an unknown post", err, relais.ENOTFOUND)
}

func TestEveryCallReportsItsCapacity(t *testing.T) {
	ctx := context.Background()
	var capacity dynamo.Capacity
	s := newStore(t).Metered(&capacity)
	mustOK(t, s.AddCounters(ctx, "acme", relais.DayCounters{Day: "2026-11-02", Network: relais.Sandbox, Counts: map[string]int64{relais.CountInteractions: 5, relais.CountHidden: 0}}))
	mustOK(t, s.AddCounters(ctx, "acme", relais.DayCounters{Day: "2026-11-02", Network: relais.Sandbox, Counts: map[string]int64{relais.CountInteractions: 2}}))
	if got := totals(t, s, "acme", "2026-11-02", "2026-11-02")[relais.CountInteractions]; got != 7 {
		t.Errorf("interactions after two additions: got %d, want 7", got)
	}
	_, err := s.Client(ctx, "acme")
	mustOK(t, err)
	for _, op := range capacity.Operations() {
		c := capacity.Operation(op)
		if c.Read+c.Write <= 0 || c.Unmetered != 0 || c.Failed != 0 {
			t.Errorf("%s: got %+v, want capacity reported by each call", op, c)
		}
	}
	if got, want := strings.Join(capacity.Operations(), ","), "GetItem,Query,UpdateItem"; got != want {
		t.Errorf("operations metered: got %s, want %s", got, want)
	}
}

func TestClientBrandingRoundTrips(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	b := relais.Branding{Name: "Agence Lumière", Logo: "data:image/svg+xml;base64,PHN2Zy8+", Color: "#aa3366"}
	mustOK(t, s.CreateClient(ctx, relais.Client{ID: "branded", Name: "B", TimeZone: "UTC", Locale: "en", Branding: b}))
	c, err := s.Client(ctx, "branded")
	mustOK(t, err)
	if c.Branding != b {
		t.Errorf("branding: got %+v, want %+v", c.Branding, b)
	}
	err = s.CreateClient(ctx, relais.Client{ID: "bad", Name: "B", TimeZone: "UTC", Locale: "en", Branding: relais.Branding{Color: "red;}"}})
	wantCode(t, "colour that is not #rrggbb", err, relais.EINVALID)
}

func TestSetBranding(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	mustOK(t, s.SetBranding(ctx, "acme", relais.Branding{Name: "Agence Sud", Color: "#112233"}))
	mustOK(t, s.SetBranding(ctx, "acme", relais.Branding{Color: "#445566"}))
	c, err := s.Client(ctx, "acme")
	mustOK(t, err)
	if got, want := c.Branding, (relais.Branding{Name: "Agence Sud", Color: "#445566"}); got != want {
		t.Errorf("branding: got %+v, want %+v", got, want)
	}
	if err := s.SetBranding(ctx, "nobody", relais.Branding{Name: "X"}); relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("unknown client: got %v, want not found", err)
	}
}
