package scheduler_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// settings name the local deployment the tests schedule for.
var settings = config.Settings{ScheduleGroup: "relais", SchedulerRoleARN: "arn:aws:iam::000000000000:role/relais-scheduler",
	PublisherARN: "arn:aws:lambda:eu-west-3:000000000000:function:relais-publisher",
	ReporterARN:  "arn:aws:lambda:eu-west-3:000000000000:function:relais-reporter"}

// emulated returns a scheduler on the local emulator, and the Scheduler
// API client that reads what it made.
func emulated(t *testing.T) (*scheduler.Scheduler, *awssched.Client) {
	t.Helper()
	srv := httptest.NewServer(localaws.New())
	t.Cleanup(srv.Close)
	e := config.Endpoints{AWS: srv.URL}
	cfg, err := sdkconfig.Load(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	api := awssched.NewFromConfig(cfg, func(o *awssched.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	return scheduler.Connect(cfg, e, settings), api
}

func TestPostAndReportSchedules(t *testing.T) {
	ctx := context.Background()
	s, api := emulated(t)
	get := func(name string) (*awssched.GetScheduleOutput, error) {
		return api.GetSchedule(ctx, &awssched.GetScheduleInput{Name: aws.String(name), GroupName: aws.String("relais")})
	}

	post := relais.Post{ID: "p1", ClientID: "acme", LocalTime: "2026-12-01T09:00:00", TimeZone: "Europe/Paris",
		ScheduledAt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
	if err := s.SchedulePost(ctx, post); err != nil {
		t.Fatal(err)
	}
	post.LocalTime = "2026-12-02T10:30:00" // a reschedule updates the same schedule
	if err := s.SchedulePost(ctx, post); err != nil {
		t.Fatalf("reschedule: %v", err)
	}
	got, err := get(scheduler.PostScheduleName("p1"))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"expression", aws.ToString(got.ScheduleExpression), "at(2026-12-02T10:30:00)"},
		{"time zone", aws.ToString(got.ScheduleExpressionTimezone), "Europe/Paris"},
		{"after completion", string(got.ActionAfterCompletion), string(types.ActionAfterCompletionDelete)},
		{"target", aws.ToString(got.Target.Arn), settings.PublisherARN},
		{"role", aws.ToString(got.Target.RoleArn), settings.SchedulerRoleARN},
		{"input", aws.ToString(got.Target.Input), `{"clientId":"acme","postId":"p1"}`},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("post schedule %s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if got.Target.RetryPolicy == nil || aws.ToInt32(got.Target.RetryPolicy.MaximumRetryAttempts) == 0 {
		t.Errorf("post schedule has no retry policy")
	}
	for i := 0; i < 2; i++ { // cancelling twice is not an error
		if err := s.CancelPost(ctx, "p1"); err != nil {
			t.Fatalf("cancel %d: %v", i, err)
		}
	}
	var nf *types.ResourceNotFoundException
	if _, err := get(scheduler.PostScheduleName("p1")); !errors.As(err, &nf) {
		t.Errorf("schedule after cancel: got %v, want not found", err)
	}

	if err := s.ScheduleReports(ctx, relais.Client{ID: "acme", TimeZone: "Europe/Paris"}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"report-acme-weekly":  "cron(0 8 ? * MON *)",
		"report-acme-monthly": "cron(0 8 1 * ? *)",
	} {
		got, err := get(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if aws.ToString(got.ScheduleExpression) != want || aws.ToString(got.Target.Arn) != settings.ReporterARN {
			t.Errorf("%s: got %s to %s, want %s to the reporter", name, aws.ToString(got.ScheduleExpression), aws.ToString(got.Target.Arn), want)
		}
	}
}
