package posts_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/scheduler"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

// now is the clock of every part, months ahead of the real one, so that
// the emulated scheduler never fires what the tests plan.
var now = time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)

var settings = relaistest.Settings

var (
	acme   = relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Acme"}}
	globex = relais.Client{ID: "globex", Name: "Globex", TimeZone: "America/New_York", Locale: "en", Brands: []string{"Globex"},
		Approval: relais.ApprovalRequired, Approvers: []string{"gina"}}
	acmePage   = relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"}
	globexPage = relais.AccountRef{Network: relais.Sandbox, ID: "globex-page"}
)

// fixture is a planner over a fresh table and the emulated scheduler.
type fixture struct {
	store   *dynamo.Store
	planner *posts.Planner
	api     *awssched.Client
}

func newFixture(t *testing.T, schedules posts.Schedules) *fixture {
	t.Helper()
	store := relaistest.NewStore(t, now, []relais.Client{acme, globex},
		relais.Account{ClientID: "acme", Network: acmePage.Network, ID: acmePage.ID},
		relais.Account{ClientID: "globex", Network: globexPage.Network, ID: globexPage.ID})
	cfg, e := relaistest.EmulatedAWS(t)
	if schedules == nil {
		schedules = scheduler.Connect(cfg, e, settings)
	}
	p := posts.New(store, schedules)
	p.Now = func() time.Time { return now }
	api := awssched.NewFromConfig(cfg, func(o *awssched.Options) { o.BaseEndpoint = aws.String(e.AWS) })
	return &fixture{store: store, planner: p, api: api}
}

// scheduled reports whether the post has a schedule, and its expression.
func (f *fixture) scheduled(t *testing.T, postID string) (string, bool) {
	t.Helper()
	out, err := f.api.GetSchedule(context.Background(), &awssched.GetScheduleInput{
		Name: aws.String(scheduler.PostScheduleName(postID)), GroupName: aws.String(settings.ScheduleGroup)})
	if err != nil {
		return "", false
	}
	return aws.ToString(out.ScheduleExpression), true
}

func draft(client string, account relais.AccountRef, at, text string) posts.Draft {
	return posts.Draft{ClientID: client, Account: account, At: at, Content: relais.Content{Text: text}}
}

func TestSchedule(t *testing.T) {
	tests := []struct {
		name         string
		pause        bool
		draft        posts.Draft
		wantStatus   relais.PostStatus
		wantSchedule string
	}{
		{"scheduled at its local time", false, draft("acme", acmePage, "2027-03-02T09:30", "Bonjour"), relais.StatusScheduled, "at(2027-03-02T09:30:00)"},
		{"waits for the client's approval", false, draft("globex", globexPage, "2027-03-02T09:30", "Hello"), relais.StatusPendingApproval, ""},
		{"held while the client is paused", true, draft("acme", acmePage, "2027-03-02T09:30", "Bonjour"), relais.StatusPaused, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			ctx := context.Background()
			if tt.pause {
				_, err := f.planner.Pause(ctx, "acme", "alice")
				relaistest.MustOK(t, err)
			}
			p, err := f.planner.Schedule(ctx, tt.draft, "alice")
			relaistest.MustOK(t, err)
			if got, want := p.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %s, want %s", got, want)
			}
			got, ok := f.scheduled(t, p.ID)
			if want := tt.wantSchedule; got != want || ok != (want != "") {
				t.Errorf("schedule: got %q (exists %v), want %q", got, ok, want)
			}
			audit, err := f.store.Audit(ctx, p.ClientID, p.ID)
			relaistest.MustOK(t, err)
			if len(audit) == 0 || audit[0].By != "alice" {
				t.Errorf("audit: got %+v, want a first entry by alice", audit)
			}
		})
	}
}

func TestScheduleRefusals(t *testing.T) {
	tests := []struct {
		name  string
		draft posts.Draft
		code  string
		want  string
	}{
		{"in the past", draft("acme", acmePage, "2027-03-01T08:59", "Bonjour"), relais.EINVALID, "in the past"},
		{"a time the clocks skip", draft("acme", acmePage, "2027-03-28T02:30", "Bonjour"), relais.EINVALID, ""},
		{"another client's account", draft("acme", globexPage, "2027-03-02T09:30", "Bonjour"), relais.ENOTFOUND, "has no account sandbox:globex-page"},
		{"another client's brand", draft("acme", acmePage, "2027-03-02T09:30", "Globex fait mieux"), relais.EINVALID, "refused"},
		{"an unknown client", draft("initech", acmePage, "2027-03-02T09:30", "Bonjour"), relais.ENOTFOUND, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			_, err := f.planner.Schedule(context.Background(), tt.draft, "alice")
			if got := relais.ErrorCode(err); got != tt.code || !strings.Contains(relais.ErrorMessage(err), tt.want) {
				t.Errorf("got %s %v, want %s containing %q", got, err, tt.code, tt.want)
			}
			stored, err := f.store.Posts(context.Background(), "acme")
			relaistest.MustOK(t, err)
			if len(stored) != 0 {
				t.Errorf("stored %d posts, want none", len(stored))
			}
		})
	}
}

func TestApprove(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	p, err := f.planner.Schedule(ctx, draft("globex", globexPage, "2027-03-02T09:30", "Hello"), "alice")
	relaistest.MustOK(t, err)

	_, err = f.planner.Approve(ctx, p.ID, "", "mallory")
	if got, want := relais.ErrorCode(err), relais.EUNAUTHORIZED; got != want {
		t.Errorf("approved by someone else: got %s (%v), want %s", got, err, want)
	}
	p, err = f.planner.Approve(ctx, p.ID, "Looks good", "gina")
	relaistest.MustOK(t, err)
	if got, want := p.Status, relais.StatusScheduled; got != want {
		t.Errorf("status: got %s, want %s", got, want)
	}
	if got, want := p.ApprovedBy, "gina"; got != want {
		t.Errorf("approved by: got %q, want %q", got, want)
	}
	if _, ok := f.scheduled(t, p.ID); !ok {
		t.Error("no schedule after approval")
	}
	_, err = f.planner.Approve(ctx, p.ID, "Looks good", "gina")
	if got, want := relais.ErrorCode(err), relais.ECONFLICT; got != want {
		t.Errorf("approved twice: got %s (%v), want %s", got, err, want)
	}
}

func TestReschedule(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	p, err := f.planner.Schedule(ctx, draft("acme", acmePage, "2027-03-02T09:30", "Bonjour"), "alice")
	relaistest.MustOK(t, err)
	p, err = f.planner.Reschedule(ctx, p.ID, "2027-03-03T18:00", "bob")
	relaistest.MustOK(t, err)
	if got, want := p.LocalTime, "2027-03-03T18:00:00"; got != want {
		t.Errorf("local time: got %s, want %s", got, want)
	}
	if got, _ := f.scheduled(t, p.ID); got != "at(2027-03-03T18:00:00)" {
		t.Errorf("schedule: got %q, want at(2027-03-03T18:00:00)", got)
	}

	pending, err := f.planner.Schedule(ctx, draft("globex", globexPage, "2027-03-02T09:30", "Hello"), "alice")
	relaistest.MustOK(t, err)
	_, err = f.planner.Reschedule(ctx, pending.ID, "2027-03-03T18:00", "bob")
	if got, want := relais.ErrorCode(err), relais.ECONFLICT; got != want {
		t.Errorf("a post waiting for approval: got %s (%v), want %s", got, err, want)
	}
	if _, ok := f.scheduled(t, pending.ID); ok {
		t.Error("a post waiting for approval got a schedule by being rescheduled")
	}
}

// TestCancel cancels a post in each state: the state machine decides.
func TestCancel(t *testing.T) {
	tests := []struct {
		from relais.PostStatus
		ok   bool
	}{
		{relais.StatusScheduled, true},
		{relais.StatusPendingApproval, true},
		{relais.StatusPaused, true},
		{relais.StatusFailed, true},
		{relais.StatusNeedsAttention, true},
		{relais.StatusPublishing, false},
		{relais.StatusPublished, false},
		{relais.StatusCancelled, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			ctx := context.Background()
			f := newFixture(t, nil)
			p := relais.Post{ID: "p1", ClientID: "acme", Account: acmePage, Text: "Bonjour", LocalTime: "2027-03-02T09:30:00",
				TimeZone: "Europe/Paris", ScheduledAt: now.Add(time.Hour), Status: tt.from}
			relaistest.MustOK(t, f.store.CreatePost(ctx, p, "test", "created"))
			got, err := f.planner.Cancel(ctx, "p1", "alice")
			if tt.ok {
				relaistest.MustOK(t, err)
				if got.Status != relais.StatusCancelled {
					t.Errorf("status: got %s, want cancelled", got.Status)
				}
				return
			}
			if code := relais.ErrorCode(err); code != relais.ECONFLICT {
				t.Errorf("got %s (%v), want %s", code, err, relais.ECONFLICT)
			}
			stored, err := f.store.Post(ctx, "acme", "p1")
			relaistest.MustOK(t, err)
			if stored.Status != tt.from {
				t.Errorf("status: got %s, want it left %s", stored.Status, tt.from)
			}
		})
	}
}

// failingSchedules refuses every schedule, as an unreachable scheduler.
type failingSchedules struct{}

var errScheduler = errors.New("scheduler: create schedule: service unavailable")

func (failingSchedules) SchedulePost(context.Context, relais.Post) error { return errScheduler }
func (failingSchedules) CancelPost(context.Context, string) error        { return nil }

// A post whose schedule cannot be made is cancelled, not left waiting.
func TestScheduleWithoutScheduler(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, failingSchedules{})
	_, err := f.planner.Schedule(ctx, draft("acme", acmePage, "2027-03-02T09:30", "Bonjour"), "alice")
	if !errors.Is(err, errScheduler) {
		t.Fatalf("got %v, want the scheduler's error", err)
	}
	stored, err := f.store.Posts(ctx, "acme")
	relaistest.MustOK(t, err)
	if len(stored) != 1 || stored[0].Status != relais.StatusCancelled {
		t.Fatalf("got %+v, want one cancelled post", stored)
	}
}

func TestPauseAndResume(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	soon, err := f.planner.Schedule(ctx, draft("acme", acmePage, "2027-03-01T09:30", "Bientôt"), "alice")
	relaistest.MustOK(t, err)
	later, err := f.planner.Schedule(ctx, draft("acme", acmePage, "2027-03-05T09:30", "Plus tard"), "alice")
	relaistest.MustOK(t, err)

	held, err := f.planner.Pause(ctx, "acme", "alice")
	relaistest.MustOK(t, err)
	if held != 2 {
		t.Errorf("held: got %d, want 2", held)
	}
	for _, p := range []relais.Post{soon, later} {
		if _, ok := f.scheduled(t, p.ID); ok {
			t.Errorf("post %s keeps its schedule during the pause", p.ID)
		}
	}

	// The first post's time goes by during the pause.
	f.planner.Now = func() time.Time { return now.Add(2 * time.Hour) }
	resumed, stale, err := f.planner.Resume(ctx, "acme", "alice")
	relaistest.MustOK(t, err)
	if resumed != 1 || len(stale) != 1 || stale[0].ID != soon.ID {
		t.Errorf("got %d resumed and stale %v, want 1 resumed and %s stale", resumed, stale, soon.ID)
	}
	if _, ok := f.scheduled(t, later.ID); !ok {
		t.Error("the later post has no schedule after the resume")
	}
	if _, ok := f.scheduled(t, soon.ID); ok {
		t.Error("the post due during the pause was scheduled again")
	}
}
