// Package scheduler keeps Relais' EventBridge Scheduler schedules: one
// one-time schedule per post, and each client's recurring reports.
package scheduler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/relais"
)

// API is the part of the Scheduler client Relais uses.
type API interface {
	CreateSchedule(ctx context.Context, in *scheduler.CreateScheduleInput, opts ...func(*scheduler.Options)) (*scheduler.CreateScheduleOutput, error)
	UpdateSchedule(ctx context.Context, in *scheduler.UpdateScheduleInput, opts ...func(*scheduler.Options)) (*scheduler.UpdateScheduleOutput, error)
	DeleteSchedule(ctx context.Context, in *scheduler.DeleteScheduleInput, opts ...func(*scheduler.Options)) (*scheduler.DeleteScheduleOutput, error)
}

// Scheduler creates schedules in one group, invoking Relais functions
// through the role Scheduler assumes.
type Scheduler struct {
	api          API
	group        string
	roleARN      string
	publisherARN string
	reporterARN  string
	moderatorARN string
}

// New returns a scheduler for the group, role and functions of settings.
func New(api API, s config.Settings) *Scheduler {
	return &Scheduler{api: api, group: s.ScheduleGroup, roleARN: s.SchedulerRoleARN, publisherARN: s.PublisherARN, reporterARN: s.ReporterARN, moderatorARN: s.ModeratorARN}
}

// Retries: Scheduler retries a failed invocation for up to an hour; the
// publisher's lease makes the retries safe.
var retry = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(10), MaximumEventAgeInSeconds: aws.Int32(3600)}

// PostScheduleName names a post's one-time schedule.
func PostScheduleName(postID string) string { return "post-" + postID }

// SchedulePost creates or moves a post's one-time schedule: at the post's
// local time in its time zone, so that daylight-saving changes keep the
// wall-clock time, deleted by Scheduler once it has fired.
func (s *Scheduler) SchedulePost(ctx context.Context, p relais.Post) error {
	input, err := json.Marshal(relais.PublishInput{ClientID: p.ClientID, PostID: p.ID})
	if err != nil {
		return fmt.Errorf("scheduler: encode input of post %s: %w", p.ID, err)
	}
	sched := schedule{
		name:       PostScheduleName(p.ID),
		expression: "at(" + p.LocalTime + ")",
		zone:       p.TimeZone,
		target:     s.publisherARN,
		input:      string(input),
		once:       true,
	}
	return s.put(ctx, sched)
}

// CancelPost deletes a post's schedule; one already gone is not an error.
func (s *Scheduler) CancelPost(ctx context.Context, postID string) error {
	return s.delete(ctx, PostScheduleName(postID))
}

// MetricsScheduleName names the schedule that fetches a post's engagement
// delay after it was published.
func MetricsScheduleName(postID string, delay time.Duration) string {
	return fmt.Sprintf("metrics-%s-%dh", postID, int(delay.Hours()))
}

// ScheduleMetrics creates a published post's one-time schedules that
// fetch its engagement (relais.MetricsDelays after it was published, the
// last one final), in UTC since they follow an instant, not a wall clock.
// Each deletes itself once it has fired.
func (s *Scheduler) ScheduleMetrics(ctx context.Context, p relais.Post) error {
	if p.PublishedAt == nil {
		return fmt.Errorf("scheduler: post %s is not published", p.ID)
	}
	for i, d := range relais.MetricsDelays {
		input, err := json.Marshal(relais.MetricsInput{ClientID: p.ClientID, PostID: p.ID, Final: i == len(relais.MetricsDelays)-1})
		if err != nil {
			return fmt.Errorf("scheduler: encode metrics input of post %s: %w", p.ID, err)
		}
		at := p.PublishedAt.Add(d).UTC().Format("2006-01-02T15:04:05")
		err = s.put(ctx, schedule{
			name: MetricsScheduleName(p.ID, d), expression: "at(" + at + ")", zone: "UTC",
			target: s.reporterARN, input: string(input), once: true,
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// OverdueScheduleName names a thread's overdue check for the message it
// watches: a thread that waits again gets a check of its own.
func OverdueScheduleName(in relais.OverdueInput) string {
	h := sha256.Sum256([]byte(in.ClientID + "\x00" + string(in.Network) + "\x00" + in.ThreadID + "\x00" + in.AwaitingSince.UTC().Format(time.RFC3339Nano)))
	return "overdue-" + hex.EncodeToString(h[:16])
}

// ScheduleOverdue creates a thread's one-time overdue check, at an
// instant (so in UTC), invoking the moderator and deleted once it has
// fired. Creating it again, after a retry, changes nothing.
func (s *Scheduler) ScheduleOverdue(ctx context.Context, in relais.OverdueInput, at time.Time) error {
	input, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("scheduler: encode overdue check of %s: %w", in.ThreadID, err)
	}
	return s.put(ctx, schedule{
		name: OverdueScheduleName(in), expression: "at(" + at.UTC().Format("2006-01-02T15:04:05") + ")", zone: "UTC",
		target: s.moderatorARN, input: string(input), once: true,
	})
}

// ScheduleReports creates a client's weekly report (Monday 08:00) and
// monthly report (the 1st, 08:00), in the client's time zone.
func (s *Scheduler) ScheduleReports(ctx context.Context, c relais.Client) error {
	for _, r := range []struct{ suffix, cron, period string }{
		{"weekly", "cron(0 8 ? * MON *)", "previous-week"},
		{"monthly", "cron(0 8 1 * ? *)", "previous-month"},
	} {
		input, err := json.Marshal(relais.ReportInput{ClientID: c.ID, Period: r.period})
		if err != nil {
			return fmt.Errorf("scheduler: encode report input of %s: %w", c.ID, err)
		}
		err = s.put(ctx, schedule{
			name: "report-" + c.ID + "-" + r.suffix, expression: r.cron, zone: c.TimeZone,
			target: s.reporterARN, input: string(input),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ScheduleRoutines creates the recurring schedules (config.Routines), as
// infra/ deploys them; functions gives each function's ARN by name.
func (s *Scheduler) ScheduleRoutines(ctx context.Context, functions map[string]string) error {
	for _, r := range config.Routines {
		input, err := json.Marshal(r.Input)
		if err != nil {
			return fmt.Errorf("scheduler: encode input of %s: %w", r.Name, err)
		}
		if err := s.put(ctx, schedule{name: r.Name, expression: r.Expression, zone: "UTC", target: functions[r.Function], input: string(input)}); err != nil {
			return err
		}
	}
	return nil
}

type schedule struct {
	name, expression, zone, target, input string
	once                                  bool
}

// put creates the schedule, or updates it when it exists already, which
// also makes a retried create after a lost answer harmless.
func (s *Scheduler) put(ctx context.Context, sc schedule) error {
	target := &types.Target{Arn: &sc.target, RoleArn: &s.roleARN, Input: &sc.input, RetryPolicy: retry}
	window := &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff}
	after := types.ActionAfterCompletionNone
	if sc.once {
		after = types.ActionAfterCompletionDelete
	}
	_, err := s.api.CreateSchedule(ctx, &scheduler.CreateScheduleInput{
		Name: &sc.name, GroupName: &s.group, ScheduleExpression: &sc.expression,
		ScheduleExpressionTimezone: &sc.zone, FlexibleTimeWindow: window, Target: target,
		ActionAfterCompletion: after, State: types.ScheduleStateEnabled,
	})
	var conflict *types.ConflictException
	if errors.As(err, &conflict) {
		_, err = s.api.UpdateSchedule(ctx, &scheduler.UpdateScheduleInput{
			Name: &sc.name, GroupName: &s.group, ScheduleExpression: &sc.expression,
			ScheduleExpressionTimezone: &sc.zone, FlexibleTimeWindow: window, Target: target,
			ActionAfterCompletion: after, State: types.ScheduleStateEnabled,
		})
	}
	if err != nil {
		return fmt.Errorf("scheduler: put schedule %s: %w", sc.name, err)
	}
	return nil
}

func (s *Scheduler) delete(ctx context.Context, name string) error {
	_, err := s.api.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: &name, GroupName: &s.group})
	var nf *types.ResourceNotFoundException
	if err != nil && !errors.As(err, &nf) {
		return fmt.Errorf("scheduler: delete schedule %s: %w", name, err)
	}
	return nil
}

// Connect returns a scheduler for the deployment's settings, through a
// client on the endpoint of e.
func Connect(cfg aws.Config, e config.Endpoints, s config.Settings) *Scheduler {
	api := scheduler.NewFromConfig(cfg, func(o *scheduler.Options) {
		if e.AWS != "" {
			o.BaseEndpoint = aws.String(e.AWS)
		}
	})
	return New(api, s)
}
