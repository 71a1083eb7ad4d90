package localaws

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/relais-dev/relais/internal/routing"
)

const (
	publisherARN = "arn:aws:lambda:eu-west-3:000000000000:function:relais-publisher"
	roleARN      = "arn:aws:iam::000000000000:role/relais-scheduler"
	postInput    = `{"clientId":"acme","postId":"p1"}`
)

// createInput is a one-time post schedule as Relais makes them; change
// adjusts it for a test.
func createInput(name, expr string, change ...func(*scheduler.CreateScheduleInput)) *scheduler.CreateScheduleInput {
	in := &scheduler.CreateScheduleInput{
		Name:               aws.String(name),
		ScheduleExpression: aws.String(expr),
		FlexibleTimeWindow: &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff},
		Target: &types.Target{
			Arn:     aws.String(publisherARN),
			RoleArn: aws.String(roleARN),
			Input:   aws.String(postInput),
		},
	}
	for _, c := range change {
		c(in)
	}
	return in
}

func inZone(tz string) func(*scheduler.CreateScheduleInput) {
	return func(in *scheduler.CreateScheduleInput) { in.ScheduleExpressionTimezone = aws.String(tz) }
}

func withRetries(attempts, maxAge int32) func(*scheduler.CreateScheduleInput) {
	return func(in *scheduler.CreateScheduleInput) {
		in.Target.RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(attempts), MaximumEventAgeInSeconds: aws.Int32(maxAge)}
	}
}

func deleteAfter(in *scheduler.CreateScheduleInput) {
	in.ActionAfterCompletion = types.ActionAfterCompletionDelete
}

func mustCreate(t *testing.T, ts *testStack, in *scheduler.CreateScheduleInput) {
	t.Helper()
	if _, err := ts.scheduler.CreateSchedule(t.Context(), in); err != nil {
		t.Fatalf("CreateSchedule %s: %v", aws.ToString(in.Name), err)
	}
}

func mustRunDue(t *testing.T, ts *testStack, want int) {
	t.Helper()
	if got := ts.srv.RunDue(t.Context()); got != want {
		t.Fatalf("RunDue at %s: fired %d, want %d", ts.clock.Now().Format(time.RFC3339), got, want)
	}
}

func TestScheduleRoundTrip(t *testing.T) {
	ts := newTestStack(t)
	ctx := t.Context()
	start := testStart.Add(time.Hour)
	end := testStart.Add(30 * 24 * time.Hour)
	in := createInput("report-acme-weekly", "cron(0 8 ? * MON *)", inZone("Europe/Paris"), withRetries(3, 3600), func(in *scheduler.CreateScheduleInput) {
		in.GroupName = aws.String("relais")
		in.State = types.ScheduleStateDisabled
		in.StartDate = aws.Time(start)
		in.EndDate = aws.Time(end)
		in.Description = aws.String("weekly report")
		in.Target.Arn = aws.String("arn:aws:lambda:eu-west-3:000000000000:function:relais-reporter")
	})
	created, err := ts.scheduler.CreateSchedule(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	wantARN := "arn:aws:scheduler:eu-west-3:000000000000:schedule/relais/report-acme-weekly"
	if got := aws.ToString(created.ScheduleArn); got != wantARN {
		t.Errorf("ScheduleArn: got %s, want %s", got, wantARN)
	}

	got, err := ts.scheduler.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: in.Name, GroupName: aws.String("relais")})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"Arn", aws.ToString(got.Arn), wantARN},
		{"Name", aws.ToString(got.Name), "report-acme-weekly"},
		{"GroupName", aws.ToString(got.GroupName), "relais"},
		{"ScheduleExpression", aws.ToString(got.ScheduleExpression), "cron(0 8 ? * MON *)"},
		{"ScheduleExpressionTimezone", aws.ToString(got.ScheduleExpressionTimezone), "Europe/Paris"},
		{"State", got.State, types.ScheduleStateDisabled},
		{"ActionAfterCompletion", got.ActionAfterCompletion, types.ActionAfterCompletionNone},
		{"Description", aws.ToString(got.Description), "weekly report"},
		{"StartDate", aws.ToTime(got.StartDate).UTC(), start},
		{"EndDate", aws.ToTime(got.EndDate).UTC(), end},
		{"CreationDate", aws.ToTime(got.CreationDate).UTC(), testStart},
		{"FlexibleTimeWindow.Mode", got.FlexibleTimeWindow.Mode, types.FlexibleTimeWindowModeOff},
		{"Target.Input", aws.ToString(got.Target.Input), postInput},
		{"Target.RoleArn", aws.ToString(got.Target.RoleArn), roleARN},
		{"RetryPolicy.MaximumRetryAttempts", aws.ToInt32(got.Target.RetryPolicy.MaximumRetryAttempts), int32(3)},
		{"RetryPolicy.MaximumEventAgeInSeconds", aws.ToInt32(got.Target.RetryPolicy.MaximumEventAgeInSeconds), int32(3600)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.field, c.got, c.want)
		}
	}

	list, err := ts.scheduler.ListSchedules(ctx, &scheduler.ListSchedulesInput{GroupName: aws.String("relais")})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Schedules) != 1 || aws.ToString(list.Schedules[0].Name) != "report-acme-weekly" || aws.ToString(list.Schedules[0].Target.Arn) != aws.ToString(in.Target.Arn) {
		t.Errorf("ListSchedules: got %+v", list.Schedules)
	}

	if _, err := ts.scheduler.UpdateSchedule(ctx, &scheduler.UpdateScheduleInput{
		Name: in.Name, GroupName: in.GroupName, ScheduleExpression: aws.String("cron(0 9 1 * ? *)"),
		FlexibleTimeWindow: in.FlexibleTimeWindow, Target: in.Target,
	}); err != nil {
		t.Fatal(err)
	}
	got, err = ts.scheduler.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: in.Name, GroupName: in.GroupName})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.ScheduleExpression) != "cron(0 9 1 * ? *)" || got.State != types.ScheduleStateEnabled || got.ScheduleExpressionTimezone != nil {
		t.Errorf("after update, a whole replacement: got %s %s %v", aws.ToString(got.ScheduleExpression), got.State, got.ScheduleExpressionTimezone)
	}

	if _, err := ts.scheduler.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: in.Name, GroupName: in.GroupName}); err != nil {
		t.Fatal(err)
	}
	_, err = ts.scheduler.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: in.Name, GroupName: in.GroupName})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetSchedule after delete: got %v, want ResourceNotFoundException", err)
	}
}

func TestScheduleAPIErrors(t *testing.T) {
	ts := newTestStack(t)
	mustCreate(t, ts, createInput("post-p1", "at(2026-12-01T09:00:00)"))
	missing := aws.String("post-missing")
	target := &types.Target{Arn: aws.String(publisherARN), RoleArn: aws.String(roleARN)}
	off := &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeOff}

	var (
		conflict   *types.ConflictException
		notFound   *types.ResourceNotFoundException
		validation *types.ValidationException
	)
	tests := []struct {
		name string
		call func(ctx context.Context) error
		want any
	}{
		{"create existing", func(ctx context.Context) error {
			_, err := ts.scheduler.CreateSchedule(ctx, createInput("post-p1", "at(2026-12-02T09:00:00)"))
			return err
		}, &conflict},
		{"get missing", func(ctx context.Context) error {
			_, err := ts.scheduler.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: missing})
			return err
		}, &notFound},
		{"get in another group", func(ctx context.Context) error {
			_, err := ts.scheduler.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String("post-p1"), GroupName: aws.String("relais")})
			return err
		}, &notFound},
		{"update missing", func(ctx context.Context) error {
			_, err := ts.scheduler.UpdateSchedule(ctx, &scheduler.UpdateScheduleInput{Name: missing, ScheduleExpression: aws.String("rate(5 minutes)"), FlexibleTimeWindow: off, Target: target})
			return err
		}, &notFound},
		{"delete missing", func(ctx context.Context) error {
			_, err := ts.scheduler.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: missing})
			return err
		}, &notFound},
	}
	for _, bad := range []struct{ name, expr, tz string }{
		{"cron with #", "cron(0 9 ? * 2#1 *)", ""},
		{"cron with W", "cron(0 9 15W * ? *)", ""},
		{"cron with both days", "cron(0 9 1 * MON *)", ""},
		{"cron with five fields", "cron(0 9 * * ?)", ""},
		{"rate plural for 1", "rate(1 minutes)", ""},
		{"rate in seconds", "rate(30 seconds)", ""},
		{"at without seconds", "at(2026-12-01T09:00)", ""},
		{"at month 13", "at(2026-13-01T09:00:00)", ""},
		{"unknown expression", "every(monday)", ""},
		{"unknown time zone", "at(2026-12-01T09:00:00)", "Europe/Lutetia"},
	} {
		tests = append(tests, struct {
			name string
			call func(ctx context.Context) error
			want any
		}{bad.name, func(ctx context.Context) error {
			in := createInput("post-bad", bad.expr)
			if bad.tz != "" {
				inZone(bad.tz)(in)
			}
			_, err := ts.scheduler.CreateSchedule(ctx, in)
			return err
		}, &validation})
	}
	tests = append(tests, struct {
		name string
		call func(ctx context.Context) error
		want any
	}{"flexible window without maximum", func(ctx context.Context) error {
		_, err := ts.scheduler.CreateSchedule(ctx, createInput("post-bad", "rate(5 minutes)", func(in *scheduler.CreateScheduleInput) {
			in.FlexibleTimeWindow.Mode = types.FlexibleTimeWindowModeFlexible
		}))
		return err
	}, &validation})

	for _, tt := range tests {
		err := tt.call(t.Context())
		if !errors.As(err, tt.want) {
			t.Errorf("%s: got %v (%T), want %T", tt.name, err, err, tt.want)
		}
	}
}

func TestCreateScheduleClientToken(t *testing.T) {
	ts := newTestStack(t)
	withToken := func(token string) func(*scheduler.CreateScheduleInput) {
		return func(in *scheduler.CreateScheduleInput) { in.ClientToken = aws.String(token) }
	}
	first, err := ts.scheduler.CreateSchedule(t.Context(), createInput("post-p1", "at(2026-12-01T09:00:00)", withToken("t-1")))
	if err != nil {
		t.Fatal(err)
	}
	again, err := ts.scheduler.CreateSchedule(t.Context(), createInput("post-p1", "at(2026-12-01T09:00:00)", withToken("t-1")))
	if err != nil {
		t.Fatalf("retry with the same token: %v", err)
	}
	if aws.ToString(again.ScheduleArn) != aws.ToString(first.ScheduleArn) {
		t.Errorf("retry: got %s, want %s", aws.ToString(again.ScheduleArn), aws.ToString(first.ScheduleArn))
	}
	_, err = ts.scheduler.CreateSchedule(t.Context(), createInput("post-p1", "at(2026-12-01T09:00:00)", withToken("t-2")))
	var conflict *types.ConflictException
	if !errors.As(err, &conflict) {
		t.Errorf("new token: got %v, want ConflictException", err)
	}
}

func TestAtScheduleFiresOnTime(t *testing.T) {
	tests := []struct {
		name, expr, tz string
		want           time.Time
	}{
		{"UTC by default", "at(2026-12-01T09:00:00)", "", time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)},
		{"Paris in winter", "at(2026-12-01T09:00:00)", "Europe/Paris", time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)},
		{"Paris in summer", "at(2026-07-14T09:00:00)", "Europe/Paris", time.Date(2026, 7, 14, 7, 0, 0, 0, time.UTC)},
		// Clocks jump from 02:00 to 03:00: 02:30 becomes 03:30 CEST.
		{"Paris skipped hour", "at(2026-03-29T02:30:00)", "Europe/Paris", time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
		// Clocks show 02:30 twice: the first one, still CEST.
		{"Paris repeated hour", "at(2026-10-25T02:30:00)", "Europe/Paris", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		{"New York", "at(2026-12-01T09:00:00)", "America/New_York", time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTestStack(t)
			ts.clock.Set(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
			in := createInput("post-p1", tt.expr)
			if tt.tz != "" {
				inZone(tt.tz)(in)
			}
			mustCreate(t, ts, in)

			ts.clock.Set(tt.want.Add(-time.Second))
			mustRunDue(t, ts, 0)
			ts.clock.Set(tt.want)
			mustRunDue(t, ts, 1)
			ts.clock.Advance(24 * time.Hour)
			mustRunDue(t, ts, 0)

			calls := ts.inv.Calls()
			if len(calls) != 1 || calls[0].function != routing.Publisher || calls[0].payload != postInput {
				t.Errorf("calls: got %+v, want one to %s with %s", calls, routing.Publisher, postInput)
			}
			// Without ActionAfterCompletion DELETE the schedule stays.
			if _, err := ts.scheduler.GetSchedule(t.Context(), &scheduler.GetScheduleInput{Name: in.Name}); err != nil {
				t.Errorf("GetSchedule after firing: %v", err)
			}
		})
	}
}

func TestAtScheduleInThePastFiresAtOnce(t *testing.T) {
	ts := newTestStack(t)
	mustCreate(t, ts, createInput("post-late", "at(2026-11-30T11:00:00)"))
	mustRunDue(t, ts, 1)
}

func TestScheduleRetryPolicy(t *testing.T) {
	boom := errors.New("publisher down")
	tests := []struct {
		name         string
		attempts     int32
		maxAge       int32
		late         time.Duration
		failFirst    int
		wantCalls    int
		wantDead     bool
		wantDeadTrys int
	}{
		{"success", 2, 3600, 0, 0, 1, false, 0},
		{"retry then success", 2, 3600, 0, 2, 3, false, 0},
		{"retries exhausted", 2, 3600, 0, 100, 3, true, 3},
		{"no retries", 0, 3600, 0, 100, 1, true, 1},
		{"too old to retry", 185, 60, 2 * time.Minute, 100, 1, true, 1},
	}
	for _, tt := range tests {
		for _, action := range []types.ActionAfterCompletion{types.ActionAfterCompletionNone, types.ActionAfterCompletionDelete} {
			t.Run(tt.name+"/"+string(action), func(t *testing.T) {
				ts := newTestStack(t)
				ts.inv.setFail(func(_ string, n int) error {
					if n <= tt.failFirst {
						return boom
					}
					return nil
				})
				at := testStart.Add(time.Hour)
				mustCreate(t, ts, createInput("post-p1", "at(2026-11-30T13:00:00)", withRetries(tt.attempts, tt.maxAge), func(in *scheduler.CreateScheduleInput) {
					in.ActionAfterCompletion = action
				}))
				ts.clock.Set(at.Add(tt.late))
				mustRunDue(t, ts, 1)

				if got := len(ts.inv.Calls()); got != tt.wantCalls {
					t.Errorf("calls: got %d, want %d", got, tt.wantCalls)
				}
				dead := ts.srv.DeadLetters()
				if got := len(dead) == 1; got != tt.wantDead {
					t.Fatalf("dead letters: got %+v, want one: %v", dead, tt.wantDead)
				}
				if tt.wantDead {
					d := dead[0]
					if d.Kind != ScheduleDelivery || d.Function != routing.Publisher || d.Name != "default/post-p1" ||
						d.Attempts != tt.wantDeadTrys || string(d.Payload) != postInput || !errors.Is(d.Err, boom) {
						t.Errorf("dead letter: got %+v", d)
					}
				}

				_, err := ts.scheduler.GetSchedule(t.Context(), &scheduler.GetScheduleInput{Name: aws.String("post-p1")})
				var notFound *types.ResourceNotFoundException
				if deleted := errors.As(err, &notFound); deleted != (action == types.ActionAfterCompletionDelete) {
					t.Errorf("after completion with %s: deleted %v (err %v)", action, deleted, err)
				}
			})
		}
	}
}

func TestRecurringScheduleFiresOncePerRound(t *testing.T) {
	ts := newTestStack(t)
	mustCreate(t, ts, createInput("sweep", "rate(1 hour)"))
	mustRunDue(t, ts, 1) // A rate schedule without StartDate starts at once.
	mustRunDue(t, ts, 0)
	ts.clock.Advance(5*time.Hour + time.Minute) // Five occurrences missed...
	mustRunDue(t, ts, 1)                        // ...fire once.
	mustRunDue(t, ts, 0)
	ts.clock.Set(testStart.Add(6 * time.Hour))
	mustRunDue(t, ts, 1)
}

func TestRecurringScheduleDates(t *testing.T) {
	ts := newTestStack(t)
	start := testStart.Add(2 * time.Hour)
	mustCreate(t, ts, createInput("bounded", "rate(1 hour)", deleteAfter, func(in *scheduler.CreateScheduleInput) {
		in.StartDate = aws.Time(start)
		in.EndDate = aws.Time(start.Add(90 * time.Minute))
	}))
	mustRunDue(t, ts, 0)
	ts.clock.Set(start)
	mustRunDue(t, ts, 1)
	ts.clock.Set(start.Add(time.Hour))
	mustRunDue(t, ts, 1) // The last occurrence before EndDate...
	_, err := ts.scheduler.GetSchedule(t.Context(), &scheduler.GetScheduleInput{Name: aws.String("bounded")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) { // ...completes the schedule.
		t.Errorf("GetSchedule after the last occurrence: got %v, want ResourceNotFoundException", err)
	}
}

func TestDisabledScheduleDoesNotFire(t *testing.T) {
	ts := newTestStack(t)
	mustCreate(t, ts, createInput("post-p1", "at(2026-11-30T12:00:00)", func(in *scheduler.CreateScheduleInput) {
		in.State = types.ScheduleStateDisabled
	}))
	mustRunDue(t, ts, 0)
}

func TestUnmappedTargetIsDeadLettered(t *testing.T) {
	ts := newTestStack(t)
	mustCreate(t, ts, createInput("to-queue", "at(2026-11-30T12:00:00)", func(in *scheduler.CreateScheduleInput) {
		in.Target.Arn = aws.String("arn:aws:sqs:eu-west-3:000000000000:relais-queue")
	}))
	mustRunDue(t, ts, 1)
	dead := ts.srv.DeadLetters()
	var unknown *UnknownFunctionError
	if len(dead) != 1 || !errors.As(dead[0].Err, &unknown) {
		t.Errorf("dead letters: got %+v, want one UnknownFunctionError", dead)
	}
	if got := len(ts.inv.Calls()); got != 0 {
		t.Errorf("calls: got %d, want 0", got)
	}
}

func TestScheduleFaults(t *testing.T) {
	t.Run("duplicate deliveries", func(t *testing.T) {
		ts := newTestStack(t)
		ts.srv.Faults().SetDuplicateDeliveries(true)
		mustCreate(t, ts, createInput("post-p1", "at(2026-11-30T12:00:00)", deleteAfter))
		mustRunDue(t, ts, 1)
		calls := ts.inv.Calls()
		if len(calls) != 2 || calls[0] != calls[1] {
			t.Errorf("calls: got %+v, want the same delivery twice", calls)
		}
	})
	t.Run("delivery delay", func(t *testing.T) {
		ts := newTestStack(t)
		const delay = 50 * time.Millisecond
		ts.srv.Faults().SetDeliveryDelay(delay)
		mustCreate(t, ts, createInput("post-p1", "at(2026-11-30T12:00:00)"))
		start := time.Now()
		mustRunDue(t, ts, 1)
		if elapsed := time.Since(start); elapsed < delay {
			t.Errorf("RunDue returned after %s, want at least %s", elapsed, delay)
		}
		if got := len(ts.inv.Calls()); got != 1 {
			t.Errorf("calls: got %d, want 1", got)
		}
	})
}

func TestStartFiresDueSchedules(t *testing.T) {
	ts := newTestStack(t)
	ctx, cancel := context.WithCancel(t.Context())
	stopped := make(chan struct{})
	go func() {
		ts.srv.Start(ctx, 5*time.Millisecond)
		close(stopped)
	}()
	mustCreate(t, ts, createInput("post-p1", "at(2026-11-30T12:30:00)"))
	ts.clock.Advance(30 * time.Minute)

	deadline := time.After(5 * time.Second)
	for len(ts.inv.Calls()) == 0 {
		select {
		case <-deadline:
			t.Fatal("Start did not fire the due schedule")
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Start did not stop with its context")
	}
}

func TestCloseAbandonsDeliveries(t *testing.T) {
	invoked := make(chan struct{}, 1)
	blocking := InvokerFunc(func(ctx context.Context, _ string, _ []byte) error {
		invoked <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	})
	ts := newTestStack(t, WithInvoker(blocking))
	mustCreate(t, ts, createInput("post-p1", "at(2026-11-30T12:00:00)"))
	done := make(chan int)
	go func() { done <- ts.srv.RunDue(t.Context()) }()
	<-invoked
	ts.srv.Close()
	if got := <-done; got != 1 {
		t.Errorf("RunDue: fired %d, want 1", got)
	}
	dead := ts.srv.DeadLetters()
	if len(dead) != 1 || !errors.Is(dead[0].Err, context.Canceled) {
		t.Errorf("dead letters: got %+v, want one abandoned delivery", dead)
	}
}
