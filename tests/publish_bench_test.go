package tests

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// BenchmarkPublish measures, on the local stack, the time from a post's
// schedule firing to the sandbox network receiving the post, and the
// DynamoDB requests of each successful publish.
func BenchmarkPublish(b *testing.B) {
	ctx := context.Background()
	start := time.Now().Truncate(time.Minute).Add(time.Minute)
	clock := localaws.NewManualClock(start)
	var calls sdkconfig.Calls
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock, Calls: &calls})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Stop()
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	if err != nil {
		b.Fatal(err)
	}
	// Only the posts' schedules fire: the routines would add their queries.
	api := awssched.NewFromConfig(cfg, func(o *awssched.Options) { o.BaseEndpoint = aws.String(st.Endpoints.AWS) })
	for _, r := range config.Routines {
		if _, err := api.DeleteSchedule(ctx, &awssched.DeleteScheduleInput{Name: aws.String(r.Name), GroupName: aws.String(st.Settings.ScheduleGroup)}); err != nil {
			b.Fatal(err)
		}
	}
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)
	client, account := sandboxClient(b, st)

	// One publish first, so that caches (token, clients) are warm as they
	// are in a running function.
	latencies := make([]time.Duration, 0, b.N)
	var dynamo int64
	publishOne := func(i int, measure bool) {
		at := start.Add(time.Duration(i+1) * time.Minute)
		p := relais.Post{ID: fmt.Sprintf("bench%06d", i), ClientID: "acme", Account: account.Ref(), Text: fmt.Sprintf("bench %d", i),
			TimeZone: client.TimeZone, ScheduledAt: at, LocalTime: at.In(client.Location()).Format("2006-01-02T15:04:05"), Status: relais.StatusScheduled}
		must(b, st.Store.CreatePost(ctx, p, "bench", "created"))
		must(b, sched.SchedulePost(ctx, p))
		clock.Set(at)
		before := calls.Count("DynamoDB")
		fired := time.Now()
		st.AWS.RunDue(ctx)
		posts := st.Sandbox.Posts()
		if len(posts) != i+1 {
			b.Fatalf("after firing %d schedules: %d posts on the network", i+1, len(posts))
		}
		if measure {
			latencies = append(latencies, posts[i].CreatedAt.Sub(fired))
			dynamo += calls.Count("DynamoDB") - before
		}
	}
	publishOne(0, false)
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		publishOne(i, true)
	}
	b.StopTimer()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	pct := func(p float64) float64 {
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(dynamo)/float64(b.N), "dynamodb-calls/publish")
}
