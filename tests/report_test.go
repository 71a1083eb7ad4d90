package tests

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// TestScheduledReportsAndEngagement runs a fortnight of a French and an
// American client on the local stack: each weekly report fires on Monday
// at 08:00 in its client's zone and the monthly one on the 1st at 08:00; a
// published post's engagement is fetched a day and a week after it went
// out, and the monthly report ranks it with its final figures.
func TestScheduledReportsAndEngagement(t *testing.T) {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	newYork, _ := time.LoadLocation("America/New_York")
	// Sunday 22 November 2026, 20:00 in Paris.
	clock := localaws.NewManualClock(time.Date(2026, 11, 22, 20, 0, 0, 0, paris))
	st := stack(t, clock)
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	must(t, err)
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)
	acme := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	globex := relais.Client{ID: "globex", Name: "Globex", TimeZone: "America/New_York", Locale: "en", Approval: relais.ApprovalNone}
	for _, c := range []relais.Client{acme, globex} {
		must(t, st.Store.CreateClient(ctx, c))
		must(t, sched.ScheduleReports(ctx, c))
	}
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	account := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(account), "tok-acme"))
	must(t, st.Store.ConnectAccount(ctx, account))

	// Planned as a person would, through the planner.
	planner := posts.New(st.Store, sched)
	planner.Now = clock.Now
	post, err := planner.Schedule(ctx, posts.Draft{ClientID: "acme", Account: account.Ref(), At: "2026-11-22T21:00:00",
		Content: relais.Content{Text: "Soirée dégustation ce soir !"}}, "test")
	must(t, err)
	at := post.ScheduledAt

	// step moves the clock and fires what is due, then returns the reports
	// announced since the last step, as "client period".
	seen := 0
	step := func(to time.Time) []string {
		t.Helper()
		clock.Set(to)
		st.AWS.RunDue(ctx)
		must(t, st.AWS.Drain(ctx))
		var got []string
		all := st.AWS.Notifications()
		for _, ev := range all[seen:] {
			if ev.DetailType != relais.DetailReportReady {
				continue
			}
			var r relais.ReportReady
			must(t, json.Unmarshal(ev.Detail, &r))
			got = append(got, r.ClientID+" "+r.Period)
		}
		seen = len(all)
		return got
	}
	expect := func(what string, got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: reports %v, want %v", what, got, want)
			return
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: reports %v, want %v", what, got, want)
			}
		}
	}

	expect("Sunday 21:00 in Paris", step(at))
	p, err := st.Store.Post(ctx, "acme", post.ID)
	must(t, err)
	if p.Status != relais.StatusPublished {
		t.Fatalf("post at its time: %s, want published", p.Status)
	}
	st.Sandbox.Engagement.Set(p.NetworkPostID, netfake.Metrics{Likes: 12, Comments: 3, Shares: 1, Impressions: 300})

	expect("Monday 07:59 in Paris", step(time.Date(2026, 11, 23, 7, 59, 0, 0, paris)))
	expect("Monday 08:00 in Paris", step(time.Date(2026, 11, 23, 8, 0, 0, 0, paris)), "acme 2026-W47")
	expect("Monday 07:59 in New York", step(time.Date(2026, 11, 23, 7, 59, 0, 0, newYork)))
	expect("Monday 08:00 in New York", step(time.Date(2026, 11, 23, 8, 0, 0, 0, newYork)), "globex 2026-W47")

	// A day after publishing, the first figures.
	expect("Monday 21:00 in Paris", step(at.Add(24*time.Hour)))
	p, err = st.Store.Post(ctx, "acme", post.ID)
	must(t, err)
	if p.Engagement == nil || p.Engagement.Likes != 12 || p.Engagement.Final {
		t.Errorf("engagement after a day: got %+v, want 12 likes, not final", p.Engagement)
	}
	// A week after, the final ones.
	st.Sandbox.Engagement.Set(p.NetworkPostID, netfake.Metrics{Likes: 30, Comments: 5, Shares: 4, Impressions: 900})
	expect("the next Sunday 21:00 in Paris", step(at.Add(7*24*time.Hour)))
	p, err = st.Store.Post(ctx, "acme", post.ID)
	must(t, err)
	if p.Engagement == nil || p.Engagement.Likes != 30 || !p.Engagement.Final {
		t.Errorf("engagement after a week: got %+v, want 30 likes, final", p.Engagement)
	}

	expect("Monday 30 November 08:00 in Paris", step(time.Date(2026, 11, 30, 8, 0, 0, 0, paris)), "acme 2026-W48")
	expect("Monday 30 November 08:00 in New York", step(time.Date(2026, 11, 30, 8, 0, 0, 0, newYork)), "globex 2026-W48")
	// The 1st of December is a Tuesday: only the monthly reports.
	expect("1 December 08:00 in Paris", step(time.Date(2026, 12, 1, 8, 0, 0, 0, paris)), "acme 2026-11")
	res, err := st.Reporter.Run(ctx, relais.ReportInput{ClientID: "acme", Period: "2026-11"})
	must(t, err)
	r := res.Report
	if len(r.TopPosts) != 1 || r.TopPosts[0].ID != post.ID || r.TopPosts[0].Total != 39 {
		t.Errorf("November's top posts: got %+v, want p1 with 30+5+4 = 39", r.TopPosts)
	}
	// The counters hold the final figures once: 30 likes, 900 impressions.
	if r.Totals[relais.CountLikes] != 30 || r.Totals[relais.CountImpressions] != 900 {
		t.Errorf("November's engagement counters: likes %d, impressions %d, want 30 and 900", r.Totals[relais.CountLikes], r.Totals[relais.CountImpressions])
	}
}

// TestReportLinkOutlivesReporterCredentials follows the link a Report
// Ready event carries after the reporter's credentials have expired, as a
// Lambda's do within hours, long before the seven days the event
// promises: the link still opens the report.
func TestReportLinkOutlivesReporterCredentials(t *testing.T) {
	ctx := context.Background()
	var accessKey atomic.Value
	accessKey.Store("ASIAREPORTER")
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock, Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		id := accessKey.Load().(string)
		return aws.Credentials{AccessKeyID: id, SecretAccessKey: "secret-" + id, SessionToken: "session-" + id}, nil
	})})
	must(t, err)
	t.Cleanup(func() { must(t, st.Stop()) })
	must(t, st.Store.CreateClient(ctx, relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}))
	res, err := st.Reporter.Run(ctx, relais.ReportInput{ClientID: "acme", Period: "previous-week"})
	must(t, err)

	// Lambda rotates the functions' credentials; the reporter's expire.
	accessKey.Store("ASIAAPI")
	st.AWS.ExpireAccessKey("ASIAREPORTER")

	resp, err := http.Get(res.Ready.URL)
	must(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusOK; got != want || string(body) != string(res.Files["report.html"]) {
		t.Errorf("the report's link once the reporter's credentials expired: got %d %.80q, want %d and the report", got, body, want)
	}
}
