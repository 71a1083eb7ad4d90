package tests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/relais-dev/relais/events"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// stack starts a local stack whose schedules fire only when the test says.
func stack(t *testing.T, clock *localaws.ManualClock) *devstack.Stack {
	t.Helper()
	ctx := context.Background()
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock})
	if err != nil {
		t.Fatalf("start the local stack: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Stop(); err != nil {
			t.Errorf("stop the local stack: %v", err)
		}
	})
	return st
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestScheduledPostCommentAndReport walks a post from its schedule to the
// network, a comment from its webhook to its hiding, and both into the
// client's report, with every schedule and event delivered twice.
func TestScheduledPostCommentAndReport(t *testing.T) {
	ctx := context.Background()
	// A wall-clock start keeps pre-signed links, dated by the real clock,
	// valid under the emulator's clock.
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	st.AWS.Faults().SetDuplicateDeliveries(true)
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	must(t, err)
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)

	client := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone, Brands: []string{"Acme"}}
	must(t, st.Store.CreateClient(ctx, client))
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	account := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(account), "tok-acme"))
	must(t, st.Store.ConnectAccount(ctx, account))

	planner := posts.New(st.Store, sched)
	planner.Now = clock.Now
	local := clock.Now().Add(10 * time.Minute).In(client.Location()).Format("2006-01-02T15:04:05")
	post, err := planner.Schedule(ctx, posts.Draft{ClientID: "acme", Account: account.Ref(), At: local,
		Content: relais.Content{Text: "Bonjour !"}}, "test")
	must(t, err)
	at := post.ScheduledAt

	clock.Set(at.Add(-time.Second))
	st.AWS.RunDue(ctx)
	must(t, st.AWS.Drain(ctx))
	if got := len(st.Sandbox.Posts()); got != 0 {
		t.Fatalf("posts a second before the planned time: got %d, want 0", got)
	}
	clock.Set(at)
	// The post's schedule fires, and the safety sweep may fire beside it.
	if got := st.AWS.RunDue(ctx); got < 1 {
		t.Errorf("schedules fired at the planned time: got %d, want the post's", got)
	}
	must(t, st.AWS.Drain(ctx))
	published, err := st.Store.Post(ctx, "acme", post.ID)
	must(t, err)
	if published.Status != relais.StatusPublished || published.NetworkPostID == "" {
		t.Fatalf("post after its schedule fired twice: got %s with network id %q, want published with an id", published.Status, published.NetworkPostID)
	}
	if got, want := len(st.Sandbox.Posts()), 1; got != want {
		t.Errorf("posts on the network: got %d, want %d", got, want)
	}
	// The one-time schedule deletes itself after firing.
	api := awssched.NewFromConfig(cfg, func(o *awssched.Options) { o.BaseEndpoint = aws.String(st.Endpoints.AWS) })
	_, err = api.GetSchedule(ctx, &awssched.GetScheduleInput{Name: aws.String(scheduler.PostScheduleName(post.ID)), GroupName: aws.String(st.Settings.ScheduleGroup)})
	var nf *schedtypes.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("schedule after firing: got %v, want ResourceNotFoundException", err)
	}

	_, err = st.Sandbox.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", PostID: published.NetworkPostID,
		AuthorID: "u1", AuthorName: "Troll", Text: "Bande d'abrutis"})
	must(t, err)
	must(t, st.AWS.Drain(ctx))
	inbox, err := st.Store.Inbox(ctx, "acme", dynamo.InboxFilter{Limit: 10})
	must(t, err)
	if len(inbox) != 1 || inbox[0].Action != relais.ActionHide || !inbox[0].Applied {
		t.Fatalf("inbox: got %+v, want one comment hidden", inbox)
	}
	if c, _ := st.Sandbox.Comment(inbox[0].ID); !c.Hidden {
		t.Errorf("comment on the network: not hidden")
	}

	res, err := st.Reporter.Run(ctx, relais.ReportInput{ClientID: "acme", Period: isoWeek(clock.Now().In(client.Location()))})
	must(t, err)
	var got report.Report
	must(t, json.Unmarshal(res.Files["report.json"], &got))
	for name, want := range map[string]int64{
		relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1,
		relais.CountInteractions: 1, relais.CountHidden: 1,
	} {
		if got.Totals[name] != want {
			t.Errorf("report total %s: got %d, want %d", name, got.Totals[name], want)
		}
	}
	if got, want := len(res.Ready.Keys), 3; got != want {
		t.Errorf("report files stored: got %d, want %d", got, want)
	}
	if n := len(st.AWS.Notifications()); n == 0 {
		t.Errorf("Report Ready reached no notification target")
	}
	// Every event that went over the bus matches its published schema.
	seen := map[string]int{}
	for _, ev := range st.AWS.Archive() {
		seen[ev.DetailType]++
		if err := events.ValidateDetail(ev.DetailType, ev.Detail); err != nil {
			t.Error(err)
		}
	}
	for _, dt := range []string{relais.DetailInteractionReceived, relais.DetailInteractionModerated, relais.DetailPostPublished, relais.DetailReportReady} {
		if seen[dt] == 0 {
			t.Errorf("no %s event reached the archive", dt)
		}
	}
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// TestSafetySweepPublishesAMissedPost: a post whose schedule never fired is
// published by the sweep once it is more than two minutes late.
func TestSafetySweepPublishesAMissedPost(t *testing.T) {
	ctx := context.Background()
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	client := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	must(t, st.Store.CreateClient(ctx, client))
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	account := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(account), "tok-acme"))
	must(t, st.Store.ConnectAccount(ctx, account))
	// Stored as scheduled, but no schedule was created: as if it was lost.
	at := clock.Now().Add(time.Minute)
	post := relais.Post{ID: "missed", ClientID: "acme", Account: account.Ref(), Text: "Rattrapé",
		LocalTime: at.In(client.Location()).Format("2006-01-02T15:04:05"), TimeZone: client.TimeZone, ScheduledAt: at, Status: relais.StatusScheduled}
	must(t, st.Store.CreatePost(ctx, post, "test", "created"))

	clock.Set(at.Add(time.Minute)) // one minute late: not the sweep's yet
	st.AWS.RunDue(ctx)
	must(t, st.AWS.Drain(ctx))
	if got, err := st.Store.Post(ctx, "acme", "missed"); err != nil || got.Status != relais.StatusScheduled {
		t.Fatalf("post one minute late: got %s (%v), want still scheduled", got.Status, err)
	}
	clock.Set(at.Add(6 * time.Minute))
	st.AWS.RunDue(ctx)
	must(t, st.AWS.Drain(ctx))
	got, err := st.Store.Post(ctx, "acme", "missed")
	must(t, err)
	if got.Status != relais.StatusPublished || len(st.Sandbox.Posts()) != 1 {
		t.Errorf("post after the sweep: got %s with %d network posts, want published once", got.Status, len(st.Sandbox.Posts()))
	}
}

// TestTokenCheck: a post due tomorrow on an account whose token the network
// refuses is announced as needing attention; one with a good token is not.
func TestTokenCheck(t *testing.T) {
	ctx := context.Background()
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	client := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	must(t, st.Store.CreateClient(ctx, client))
	for _, a := range []struct {
		id, token, stored string
	}{{"acme-good", "tok-good", "tok-good"}, {"acme-revoked", "tok-new", "tok-old"}} {
		ref := relais.AccountRef{Network: relais.X, ID: a.id}
		must(t, st.RegisterAccount(ref, a.token))
		must(t, st.Params.PutSecure(ctx, st.Settings.TokenParameter("acme", ref), a.stored))
		must(t, st.Store.ConnectAccount(ctx, relais.Account{ClientID: "acme", Network: relais.X, ID: a.id}))
		at := clock.Now().Add(12 * time.Hour)
		must(t, st.Store.CreatePost(ctx, relais.Post{ID: "post-" + a.id, ClientID: "acme", Account: ref, Text: "Demain",
			LocalTime: at.In(client.Location()).Format("2006-01-02T15:04:05"), TimeZone: client.TimeZone, ScheduledAt: at,
			Status: relais.StatusScheduled}, "test", "created"))
	}
	must(t, st.Publisher.CheckTokens(ctx))
	var flagged []string
	for _, ev := range st.AWS.Archive() {
		if ev.DetailType == relais.DetailPostNeedsAttention {
			var e relais.PostNeedsAttention
			must(t, json.Unmarshal(ev.Detail, &e))
			flagged = append(flagged, e.PostID)
			if !strings.Contains(e.Reason, "reconnect the account") || strings.Contains(e.Reason, "tok-old") {
				t.Errorf("reason: got %q, want advice and no token", e.Reason)
			}
		}
	}
	if len(flagged) != 1 || flagged[0] != "post-acme-revoked" {
		t.Errorf("posts flagged: got %v, want [post-acme-revoked]", flagged)
	}
}
