package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/relais-dev/relais/internal/relais"
)

func TestMetricsSchedules(t *testing.T) {
	ctx := context.Background()
	s, api := emulated(t)

	if err := s.ScheduleMetrics(ctx, relais.Post{ID: "p1", ClientID: "acme"}); err == nil {
		t.Errorf("engagement schedules of an unpublished post: no error")
	}
	// 23:30 in Paris on 1 November is 22:30 UTC: the fetches follow the
	// instant, in UTC.
	at := time.Date(2026, 11, 1, 22, 30, 0, 0, time.UTC)
	post := relais.Post{ID: "p1", ClientID: "acme", TimeZone: "Europe/Paris", PublishedAt: &at}
	for range 2 { // a second publish record updates the same schedules
		if err := s.ScheduleMetrics(ctx, post); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []struct{ name, expression, input string }{
		{"metrics-p1-24h", "at(2026-11-02T22:30:00)", `{"clientId":"acme","postId":"p1","final":false}`},
		{"metrics-p1-168h", "at(2026-11-08T22:30:00)", `{"clientId":"acme","postId":"p1","final":true}`},
	} {
		got, err := api.GetSchedule(ctx, &awssched.GetScheduleInput{Name: aws.String(want.name), GroupName: aws.String("relais")})
		if err != nil {
			t.Fatalf("%s: %v", want.name, err)
		}
		checks := []struct{ what, got, want string }{
			{"expression", aws.ToString(got.ScheduleExpression), want.expression},
			{"time zone", aws.ToString(got.ScheduleExpressionTimezone), "UTC"},
			{"target", aws.ToString(got.Target.Arn), settings.ReporterARN},
			{"input", aws.ToString(got.Target.Input), want.input},
			{"after completion", string(got.ActionAfterCompletion), string(types.ActionAfterCompletionDelete)},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s %s: got %q, want %q", want.name, c.what, c.got, c.want)
			}
		}
	}
}
