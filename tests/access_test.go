package tests

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/access"
	"github.com/relais-dev/relais/internal/access/accesstest"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// TestFunctionsStayWithinTheirGrants runs a week of a client's life on the
// local stack, every function doing its work (publishing, engagement,
// webhooks, the team's answers, moderation with saved replies and alerts,
// a crisis, polling, sweeps, reports), records each function's AWS calls
// as the IAM actions they need, and checks each is among the grants infra
// deploys for that function.
func TestFunctionsStayWithinTheirGrants(t *testing.T) {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	clock := localaws.NewManualClock(time.Date(2026, 11, 22, 20, 0, 0, 0, paris))
	var seen accesstest.Observer
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock, Observe: seen.Middleware})
	if err != nil {
		t.Fatalf("start the local stack: %v", err)
	}
	t.Cleanup(func() { st.Stop() })
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	must(t, err)
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)

	acme := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	must(t, st.Store.CreateClient(ctx, acme))
	must(t, sched.ScheduleReports(ctx, acme))
	must(t, st.Store.SetRules(ctx, "acme", "actions:\n  complaint: reply\n  threat: alert\n"))
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	st.Fakes.Mastodon.RegisterAccount("acme", "tok-masto")
	for _, a := range []struct {
		account relais.Account
		token   string
	}{
		{relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}, "tok-acme"},
		{relais.Account{ClientID: "acme", Network: relais.Mastodon, ID: "acme@mastodon.example"}, "tok-masto"},
	} {
		must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(a.account), a.token))
		must(t, st.Store.ConnectAccount(ctx, a.account))
	}
	at, local, err := relais.ScheduleLocal("2026-11-22T21:00:00", paris)
	must(t, err)
	post := relais.Post{ID: "p1", ClientID: "acme", Account: relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"},
		Text: "Soirée dégustation ce soir !", LocalTime: local, TimeZone: acme.TimeZone, ScheduledAt: at, Status: relais.StatusScheduled}
	must(t, st.Store.CreatePost(ctx, post, "test", "created"))
	must(t, sched.SchedulePost(ctx, post))

	step := func(to time.Time) {
		t.Helper()
		clock.Set(to)
		st.AWS.RunDue(ctx)
		must(t, st.AWS.Drain(ctx))
	}
	step(at.Add(time.Minute))

	comments := []sandbox.Comment{
		{ID: "insult", AuthorID: "u-1", Text: "Bande de crétins"},
		{ID: "complaint", AuthorID: "u-2", Text: "3 semaines que j'attends mon colis, service client inexistant"},
		{ID: "threat", AuthorID: "u-3", Text: "I know where you live, watch your back"},
		{ID: "answer", AuthorID: "acme-page", ParentID: "complaint", Text: "Nous regardons tout de suite !"},
	}
	for i := range 12 {
		comments = append(comments, sandbox.Comment{ID: fmt.Sprintf("buzz-%d", i), AuthorID: fmt.Sprintf("angry-%d", i),
			Text: "Intoxiqués après vos croissants, honte à vous, bande d'incapables"})
	}
	for _, c := range comments {
		c.Account, c.PostID = "acme-page", "acme-page_1"
		_, err := st.Sandbox.SendComment(ctx, c)
		must(t, err)
	}
	st.Fakes.Mastodon.Mention("acme", "camille@elsewhere.example", "@acme merci pour la dégustation", "")
	// A day for the engagement and the polls, then to Monday 08:00 for
	// the weekly report.
	step(at.Add(25 * time.Hour))
	step(time.Date(2026, 11, 30, 8, 1, 0, 0, paris))

	used := map[string]bool{}
	for _, u := range seen.Uses() {
		used[u.Function] = true
		if !access.Allows(u.Function, u.Action, u.On) {
			t.Errorf("%s, which its grants do not allow", u)
		}
	}
	for _, fn := range routing.Functions {
		if !used[fn] {
			t.Errorf("%s made no AWS call: the scenario does not exercise it", fn)
		}
	}
	// Grants the scenario did not need are listed, for a person to judge:
	// some serve paths it does not take.
	for _, fn := range routing.Functions {
		for _, g := range access.Grants[fn] {
			for _, a := range g.Actions {
				if g.On != access.OnLogs && !observed(seen.Uses(), fn, a, g.On) {
					t.Logf("%s: %s on %s not used by this scenario", fn, a, g.On)
				}
			}
		}
	}
}

func observed(uses []accesstest.Use, fn, action string, on access.Resource) bool {
	for _, u := range uses {
		if u.Function == fn && u.Action == action && u.On == on {
			return true
		}
	}
	return false
}
