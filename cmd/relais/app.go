package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/score"
	"github.com/relais-dev/relais/internal/sdkconfig"
	"github.com/relais-dev/relais/internal/ssm"
)

// stateDir is where relais dev leaves its state file, in the folder it runs
// from.
const stateDir = ".relais"

// env is one command's surroundings.
type env struct {
	local bool
	stdin io.Reader
	out   io.Writer
}

// app is a deployment, local or in AWS, reached through the SDK clients.
type app struct {
	store    *dynamo.Store
	sched    *scheduler.Scheduler
	params   *ssm.Parameters
	reporter *report.Reporter
	intake   *intake.Intake
	settings config.Settings
	now      func() time.Time
	// localURL is the local stack's address, where accounts are created on
	// its fake networks.
	localURL string
}

// connect reaches the deployment: the local stack of this folder, or the
// one the standard AWS configuration points at.
func (e *env) connect(ctx context.Context) (*app, error) {
	var endpoints config.Endpoints
	var localURL string
	if e.local {
		st, err := devstack.ReadState(stateDir)
		if err != nil {
			return nil, err
		}
		endpoints, localURL = st.Endpoints, st.URL
	}
	cfg, err := sdkconfig.Load(ctx, endpoints)
	if err != nil {
		return nil, err
	}
	params := ssm.Connect(cfg, endpoints)
	var settings config.Settings
	name := config.DefaultParameterPrefix + "/config"
	raw, err := params.Get(ctx, name)
	if err != nil {
		if e.local {
			return nil, fmt.Errorf("cannot reach the local stack (is relais dev still running?): %s", message(err))
		}
		return nil, fmt.Errorf("cannot read the deployment's settings from %s (deploy with make deploy, or use --local): %s", name, message(err))
	}
	if err := json.Unmarshal([]byte(raw), &settings); err != nil {
		return nil, fmt.Errorf("parameter %s does not hold Relais settings: %w", name, err)
	}
	a := newApp(cfg, endpoints, settings, params)
	a.localURL = localURL
	return a, nil
}

func newApp(cfg aws.Config, endpoints config.Endpoints, settings config.Settings, params *ssm.Parameters) *app {
	store := dynamo.Connect(cfg, endpoints, settings.Table)
	bus := eventbridge.Connect(cfg, endpoints, settings.Bus)
	rep := report.New(store, s3.Connect(cfg, endpoints, settings.Bucket), bus, slog.New(slog.DiscardHandler), report.WithBranding(settings.Branding))
	return &app{
		store: store, sched: scheduler.Connect(cfg, endpoints, settings), params: params,
		reporter: rep, intake: intake.New(store, bus), settings: settings, now: time.Now,
	}
}

// addClient stores a client and creates its recurring reports.
func (a *app) addClient(ctx context.Context, c relais.Client) error {
	if err := a.store.CreateClient(ctx, c); err != nil {
		return err
	}
	return a.sched.ScheduleReports(ctx, c)
}

// connectAccount stores the token first, so that an account is never
// connected without one. On the local stack, the account is created on its
// network's fake with that token, as the user would on the network.
func (a *app) connectAccount(ctx context.Context, acc relais.Account, token string) error {
	if a.localURL != "" && token != "" {
		if err := registerLocal(ctx, a.localURL, acc.Ref(), token); err != nil {
			return err
		}
	}
	if token != "" {
		if err := a.params.PutSecure(ctx, a.settings.TokenParameter(acc.ClientID, acc.Ref()), token); err != nil {
			return err
		}
	}
	return a.store.ConnectAccount(ctx, acc)
}

// replay moves what the account received before it was connected into
// its client's inbox.
func (a *app) replay(ctx context.Context, ref relais.AccountRef) (intake.Result, error) {
	return a.intake.Replay(ctx, ref)
}

// schedulePost stores a post and creates its schedule, once its guards
// pass. A post whose schedule cannot be created is cancelled, so that none
// waits for a schedule that does not exist. A post that needs approval, or
// whose client is paused, waits without a schedule.
func (a *app) schedulePost(ctx context.Context, clientID string, ref relais.AccountRef, at string, c relais.Content, overrides []relais.Guard, by string) (relais.Post, error) {
	client, err := a.store.Client(ctx, clientID)
	if err != nil {
		return relais.Post{}, err
	}
	when, local, err := a.when(at, client)
	if err != nil {
		return relais.Post{}, err
	}
	if err := a.guard(ctx, client, ref.Network, c, overrides); err != nil {
		return relais.Post{}, err
	}
	p := relais.Post{
		ID: newPostID(a.now()), ClientID: clientID, Account: ref,
		Text: c.Text, ImageURL: c.ImageURL, Link: c.Link, Overrides: overrides,
		LocalTime: local, TimeZone: client.TimeZone, ScheduledAt: when, Status: relais.StatusScheduled,
	}
	switch {
	case client.Approval == relais.ApprovalRequired:
		p.Status = relais.StatusPendingApproval
	case client.Paused:
		p.Status = relais.StatusPaused
	}
	if err := a.store.CreatePost(ctx, p, by, "created"); err != nil {
		return relais.Post{}, err
	}
	if p.Status != relais.StatusScheduled {
		return a.store.Post(ctx, clientID, p.ID)
	}
	return a.arm(ctx, p, by)
}

// when resolves a local time for a client, refusing the past.
func (a *app) when(at string, client relais.Client) (time.Time, string, error) {
	when, local, err := relais.ScheduleLocal(at, client.Location())
	if err != nil {
		return when, local, err
	}
	if when.Before(a.now()) {
		return when, local, relais.Errorf(relais.EINVALID, "%s in %s is in the past", at, client.TimeZone)
	}
	return when, local, nil
}

// guard refuses content that fails a guard the user did not accept.
func (a *app) guard(ctx context.Context, client relais.Client, n relais.Network, c relais.Content, overrides []relais.Guard) error {
	clients, err := a.store.Clients(ctx)
	if err != nil {
		return err
	}
	findings := relais.CheckPost(c, n, client, clients, overrides, score.CheckOutgoing)
	if len(findings) == 0 {
		return nil
	}
	msgs := make([]string, len(findings))
	for i, f := range findings {
		msgs[i] = f.Message
	}
	return relais.Errorf(relais.EINVALID, "refused: %s", strings.Join(msgs, "; "))
}

// arm creates the schedule of a post now stored as scheduled; when that
// fails, the post is cancelled rather than left waiting for nothing.
func (a *app) arm(ctx context.Context, p relais.Post, by string) (relais.Post, error) {
	if err := a.sched.SchedulePost(ctx, p); err != nil {
		stored, gerr := a.store.Post(ctx, p.ClientID, p.ID)
		if gerr == nil {
			a.store.Transition(ctx, stored, relais.StatusCancelled, by, "schedule could not be created", "")
		}
		return relais.Post{}, err
	}
	return a.store.Post(ctx, p.ClientID, p.ID)
}

// approvePost approves a post waiting for approval and schedules it.
func (a *app) approvePost(ctx context.Context, postID, by string) (relais.Post, error) {
	p, err := a.store.FindPost(ctx, postID)
	if err != nil {
		return p, err
	}
	if p.Status != relais.StatusPendingApproval {
		return p, relais.Errorf(relais.ECONFLICT, "post %s is %s, not waiting for approval", postID, p.Status)
	}
	client, err := a.store.Client(ctx, p.ClientID)
	if err != nil {
		return p, err
	}
	if len(client.Approvers) > 0 && !slices.Contains(client.Approvers, by) {
		return p, relais.Errorf(relais.EUNAUTHORIZED, "%s may not approve posts of %s (approvers: %s)", by, client.ID, strings.Join(client.Approvers, ", "))
	}
	if !p.ScheduledAt.After(a.now()) {
		return p, relais.Errorf(relais.EINVALID, "post %s was due at %s %s; reschedule it first", postID, p.LocalTime, p.TimeZone)
	}
	p.ApprovedBy = by
	to := relais.StatusScheduled
	if client.Paused {
		to = relais.StatusPaused
	}
	if p, err = a.store.Transition(ctx, p, to, by, "approved", ""); err != nil || to != relais.StatusScheduled {
		return p, err
	}
	return a.arm(ctx, p, by)
}

// reschedulePost moves a post to a new local time, runs its guards again,
// and moves its schedule. A failed post, or one that needs attention, is
// scheduled again this way.
func (a *app) reschedulePost(ctx context.Context, postID, at, by string) (relais.Post, error) {
	p, err := a.store.FindPost(ctx, postID)
	if err != nil {
		return p, err
	}
	if !relais.CanTransition(p.Status, relais.StatusScheduled) || p.Status == relais.StatusPendingApproval || p.Status == relais.StatusPaused {
		return p, relais.Errorf(relais.ECONFLICT, "post %s is %s and cannot be rescheduled", postID, p.Status)
	}
	client, err := a.store.Client(ctx, p.ClientID)
	if err != nil {
		return p, err
	}
	when, local, err := a.when(at, client)
	if err != nil {
		return p, err
	}
	c := relais.Content{Text: p.Text, ImageURL: p.ImageURL, Link: p.Link}
	if err := a.guard(ctx, client, p.Account.Network, c, p.Overrides); err != nil {
		return p, err
	}
	from := p.LocalTime
	p.LocalTime, p.ScheduledAt, p.FailureReason = local, when, ""
	if p, err = a.store.Transition(ctx, p, relais.StatusScheduled, by, "rescheduled from "+from, ""); err != nil {
		return p, err
	}
	return a.arm(ctx, p, by)
}

// pauseClient holds every scheduled post of a client: their schedules are
// deleted, and new posts wait too, until resumeClient.
func (a *app) pauseClient(ctx context.Context, clientID, by string) (int, error) {
	held, err := a.store.HoldPosts(ctx, clientID, by, "client paused")
	for _, p := range held {
		if cerr := a.sched.CancelPost(ctx, p.ID); cerr != nil && err == nil {
			err = cerr
		}
	}
	return len(held), err
}

// resumeClient schedules a paused client's posts again. Posts whose time
// went by during the pause stay paused: old news going out at once after a
// crisis is what a pause is for avoiding; they are reported for a person
// to reschedule or cancel.
func (a *app) resumeClient(ctx context.Context, clientID, by string) (resumed int, stale []relais.Post, err error) {
	if err := a.store.SetPaused(ctx, clientID, false); err != nil {
		return 0, nil, err
	}
	posts, err := a.store.Posts(ctx, clientID)
	if err != nil {
		return 0, nil, err
	}
	for _, p := range posts {
		if p.Status != relais.StatusPaused {
			continue
		}
		if !p.ScheduledAt.After(a.now()) {
			stale = append(stale, p)
			continue
		}
		if p, err = a.store.Transition(ctx, p, relais.StatusScheduled, by, "client resumed", ""); err != nil {
			return resumed, stale, err
		}
		if _, err := a.arm(ctx, p, by); err != nil {
			return resumed, stale, err
		}
		resumed++
	}
	return resumed, stale, nil
}

// cancelPost cancels a scheduled post, then deletes its schedule; should
// the schedule fire in between, the publisher finds the post cancelled.
func (a *app) cancelPost(ctx context.Context, postID, by string) (relais.Post, error) {
	p, err := a.store.FindPost(ctx, postID)
	if err != nil {
		return p, err
	}
	switch p.Status {
	case relais.StatusScheduled, relais.StatusPaused, relais.StatusDraft, relais.StatusPendingApproval, relais.StatusFailed, relais.StatusNeedsAttention:
	default:
		return p, relais.Errorf(relais.ECONFLICT, "post %s is %s and cannot be cancelled", postID, p.Status)
	}
	p, err = a.store.Transition(ctx, p, relais.StatusCancelled, by, "cancelled", "")
	if err != nil {
		return p, err
	}
	return p, a.sched.CancelPost(ctx, postID)
}

// newPostID makes ids that sort by creation time.
func newPostID(now time.Time) string {
	b := make([]byte, 4)
	rand.Read(b)
	return strings.ToLower(fmt.Sprintf("p%s%x", now.UTC().Format("20060102150405"), b))
}
