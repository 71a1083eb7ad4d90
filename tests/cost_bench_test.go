package tests

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	awssched "github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/smithy-go/middleware"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/cost"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// lambdaPlatformLogBytes estimates the lines Lambda itself writes to a
// function's log group for each invocation (START, END and REPORT, about
// 100 bytes each); the benchmark measures the functions' own lines.
const lambdaPlatformLogBytes = 300

// BenchmarkCost measures, on the local stack, what one comment, one
// publish and one report use of each thing AWS bills, and a day of the
// routines, then prints them and the reference agency's monthly bill at
// the prices of internal/cost. Everything runs the real path: comments
// through the sandbox network's signed webhooks, the intake, the bus and
// the moderator; posts through the CLI's store and scheduler, their
// schedule, the publisher and their engagement schedules; reports through
// their weekly and monthly schedules and the reporter.
//
// Measured: DynamoDB units (as DynamoDB Local reports them, see
// dynamo.Capacity, plus one write unit for each call that failed, such as
// a write whose condition did not hold), bus events, schedule changes and firings, invocations,
// S3 and SSM calls, the functions' log bytes and the events the audit log
// group receives. Estimated: Lambda's own log lines per invocation, and
// the duration, measured on this machine against DynamoDB Local and the
// fakes, priced at each function's memory size (routing.MemoryMB).
// Functions are warm, as most invocations are: cold starts add their
// SSM reads and init time.
func BenchmarkCost(b *testing.B) {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	// A wall-clock start keeps links signed by the real clock valid.
	clock := localaws.NewManualClock(time.Now().Truncate(time.Minute))
	var m meter
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock, Observe: m.observe, Invoked: m.invoked,
		Log: slog.New(slog.NewJSONHandler(&m.logs, nil))})
	if err != nil {
		b.Fatalf("start the local stack: %v", err)
	}
	defer st.Stop()
	m.archive = func() []byte {
		var all []byte
		for _, ev := range st.AWS.Archive() {
			line, _ := json.Marshal(ev)
			all = append(all, line...)
		}
		return all
	}
	// The CLI's calls (creating posts and their schedules) are metered as
	// its own; setup goes through st.Store, which nothing meters.
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	must(b, err)
	cfg.APIOptions = append(cfg.APIOptions, m.observe("cli"))
	cliStore := dynamo.Connect(cfg, st.Endpoints, st.Settings.Table)
	cliStore.Now = clock.Now
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)

	client, account := sandboxClient(b, st)
	step := func(to time.Time) {
		b.Helper()
		clock.Set(to)
		m.fired.Add(int64(st.AWS.RunDue(ctx)))
		must(b, st.AWS.Drain(ctx))
	}

	var measured cost.Measured
	ran := 0
	b.Run("routines-day", func(b *testing.B) {
		// A day of the routines, minute by minute, as they fire in AWS.
		for b.Loop() {
			m.reset()
			start := clock.Now()
			for i := 1; i <= 24*60; i++ {
				step(start.Add(time.Duration(i) * time.Minute))
			}
			measured.RoutinesPerDay = m.usage(1)
		}
		state(b, measured.RoutinesPerDay, &m, 1)
		ran++
	})
	// The routines would add their calls to each unit's from here.
	api := awssched.NewFromConfig(cfg, func(o *awssched.Options) { o.BaseEndpoint = aws.String(st.Endpoints.AWS) })
	for _, r := range config.Routines {
		_, err := api.DeleteSchedule(ctx, &awssched.DeleteScheduleInput{Name: aws.String(r.Name), GroupName: aws.String(st.Settings.ScheduleGroup)})
		must(b, err)
	}

	b.Run("comment", func(b *testing.B) {
		texts := []string{
			"Super soirée, merci !", "Trop bon ce croissant", "À quelle heure ouvrez-vous dimanche ?", "Love it!",
			"Bravo à toute l'équipe", "Where can I buy this?", "3 semaines que j'attends mon colis, service client inexistant",
			"Bande de crétins", "Gagnez 500€ par jour depuis chez vous, cliquez ici", "Magnifique photo",
		}
		i := 0
		send := func() {
			// Comments 20 seconds apart: a busy account, not a bad buzz.
			clock.Set(clock.Now().Add(20 * time.Second))
			_, err := st.Sandbox.SendComment(ctx, sandboxfake.Comment{Account: account.ID, PostID: "acme-page_1",
				AuthorID: fmt.Sprintf("u-%d", i), Text: texts[i%len(texts)]})
			must(b, err)
			must(b, st.AWS.Drain(ctx))
			i++
		}
		send() // warm the functions' caches
		m.reset()
		for b.Loop() {
			send()
		}
		measured.Comment = m.usage(float64(b.N))
		state(b, measured.Comment, &m, float64(b.N))
		ran++
	})

	b.Run("publish", func(b *testing.B) {
		i := 0
		publish := func() {
			at := clock.Now().Truncate(time.Minute).Add(time.Minute)
			p := relais.Post{ID: fmt.Sprintf("cost%06d", i), ClientID: "acme", Account: account.Ref(), Text: fmt.Sprintf("Offre de la semaine n°%d, venez nous voir !", i),
				TimeZone: client.TimeZone, ScheduledAt: at, LocalTime: at.In(paris).Format("2006-01-02T15:04:05"), Status: relais.StatusScheduled}
			must(b, cliStore.CreatePost(ctx, p, "cli", "created"))
			must(b, sched.SchedulePost(ctx, p))
			step(at)
			// Its engagement schedules fire too.
			for _, d := range relais.MetricsDelays {
				step(at.Add(d + time.Minute))
			}
			if got, err := st.Store.Post(ctx, "acme", p.ID); err != nil || got.Status != relais.StatusPublished {
				b.Fatalf("post %s: got %s (%v), want published", p.ID, got.Status, err)
			}
			i++
		}
		publish()
		m.reset()
		for b.Loop() {
			publish()
		}
		measured.Publish = m.usage(float64(b.N))
		state(b, measured.Publish, &m, float64(b.N))
		ran++
	})

	b.Run("dm-thread", func(b *testing.B) {
		// A private conversation: the customer writes, a manager answers
		// in private through the API, and the conversation's service
		// target check fires, answered in time.
		target, err := relais.ParseServiceTarget("message 1h")
		must(b, err)
		must(b, st.Store.SetTargets(ctx, "acme", []relais.ServiceTarget{target}))
		// The sandbox counts its windows, and the issuer its tokens, by
		// the stack's clock.
		st.Issuer.Now, st.Sandbox.Now = clock.Now, clock.Now
		i := 0
		thread := func() {
			clock.Set(clock.Now().Add(20 * time.Second))
			d, err := st.Sandbox.SendMessage(ctx, sandboxfake.DM{Account: account.ID, AuthorID: fmt.Sprintf("dm-%d", i), AuthorName: "Marie",
				Text: "Bonjour, ma commande est-elle partie ?"})
			must(b, err)
			must(b, st.AWS.Drain(ctx))
			token, err := st.Issuer.Mint(auth.Identity{Subject: "sub-camille", Name: "camille", Role: auth.Manager, Clients: []string{"acme"}})
			must(b, err)
			path := "/api/clients/acme/threads/sandbox/dm-" + d.Events[0].ConversationID + "/replies"
			if got := apiCall(b, st.URL+path, token, `{"text":"Oui, elle est partie ce matin.","private":true}`); got != http.StatusCreated {
				b.Fatalf("answer %s: got %d, want 201", path, got)
			}
			step(clock.Now().Add(time.Hour))
			i++
		}
		thread()
		m.reset()
		for b.Loop() {
			thread()
		}
		measured.Thread = m.usage(float64(b.N))
		state(b, measured.Thread, &m, float64(b.N))
		ran++
	})

	b.Run("report", func(b *testing.B) {
		must(b, sched.ScheduleReports(ctx, client))
		// Each Monday at 08:00 fires the weekly report, and the 1st the
		// monthly one, as they come. Each day before has the counters of
		// three networks, as intake and moderation leave them.
		monday := clock.Now().In(paris)
		next := func() time.Time {
			monday = monday.AddDate(0, 0, 1)
			for monday.Weekday() != time.Monday {
				monday = monday.AddDate(0, 0, 1)
			}
			return time.Date(monday.Year(), monday.Month(), monday.Day(), 8, 0, 0, 0, paris)
		}
		seeded := map[string]bool{}
		run := func() {
			at := next()
			for d := at.AddDate(0, -1, -7); d.Before(at); d = d.AddDate(0, 0, 1) {
				day := d.Format(relais.DayLayout)
				if seeded[day] {
					continue
				}
				seeded[day] = true
				for _, n := range []relais.Network{relais.Facebook, relais.Instagram, relais.Sandbox} {
					must(b, st.Store.AddCounters(ctx, "acme", relais.DayCounters{Day: day, Network: n, Counts: map[string]int64{
						relais.CountInteractions: 55, relais.CountKind(relais.KindComment): 40, relais.CountKind(relais.KindReply): 15,
						relais.CountSentiment(relais.SentimentPositive): 30, relais.CountSentiment(relais.SentimentNeutral): 20,
						relais.CountSentiment(relais.SentimentNegative): 5, relais.CountHidden: 2, relais.CountAllowed: 50,
						relais.CountReview: 3, relais.CountReplied: 4, relais.CountPostsPublished: 2,
					}}))
				}
			}
			step(at.Add(time.Minute))
		}
		run()
		m.reset()
		for b.Loop() {
			run()
		}
		// Monthly reports come in on the 1st: the unit is a report of
		// either kind, in the proportion the loop met them.
		reports := float64(m.invocations(routing.Reporter))
		if reports < float64(b.N) {
			b.Fatalf("reports: got %v for %d weeks, want at least one a week", reports, b.N)
		}
		measured.Report = m.usage(reports)
		state(b, measured.Report, &m, reports)
		ran++
	})

	if ran == 5 {
		fmt.Println()
		must(b, cost.Print(os.Stdout, cost.Reference, measured, cost.USEast1))
		fmt.Println()
	}
}

// apiCall posts a JSON body to the API with a bearer token and returns
// the status.
func apiCall(b *testing.B, url, token, body string) int {
	b.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	must(b, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	must(b, err)
	resp.Body.Close()
	return resp.StatusCode
}

// state states a unit's figures as the benchmark's metrics, and logs
// where its DynamoDB units went, by function and operation.
func state(b *testing.B, u cost.Usage, m *meter, units float64) {
	for _, line := range m.breakdown(units) {
		b.Log(line)
	}
	b.ReportMetric(u.WriteUnits, "WRU/unit")
	b.ReportMetric(u.ReadUnits, "RRU/unit")
	b.ReportMetric(u.Events, "events/unit")
	b.ReportMetric(u.Invocations, "invocations/unit")
}

// breakdown is, for each function, each DynamoDB operation's calls and
// units per unit of work.
func (m *meter) breakdown(units float64) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	fns := make([]string, 0, len(m.capacity))
	for fn := range m.capacity {
		fns = append(fns, fn)
	}
	sort.Strings(fns)
	var out []string
	for _, fn := range fns {
		c := m.capacity[fn]
		for _, op := range c.Operations() {
			got := c.Operation(op)
			out = append(out, fmt.Sprintf("%-9s %-18s %6.2f calls %6.2f RRU %6.2f WRU %5.2f failed", fn, op,
				float64(got.Calls)/units, got.Read/units, got.Write/units, float64(got.Failed)/units))
		}
	}
	return out
}

// meter records, for each function, its AWS calls (sdkconfig.Calls), the
// DynamoDB capacity they consume (dynamo.Capacity), the events it puts on
// the bus and its invocations; and the bytes logged.
type meter struct {
	mu       sync.Mutex
	calls    map[string]*sdkconfig.Calls
	capacity map[string]*dynamo.Capacity
	events   map[string]int64
	runs     map[string]int64
	billedMS map[string]int64
	fired    atomic.Int64
	logs     byteCounter
	archive  func() []byte
	archived int
}

// observe is devstack.Options.Observe: each function's clients count
// through the same mechanism as the access test's.
func (m *meter) observe(function string) func(*middleware.Stack) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls, m.capacity, m.events = map[string]*sdkconfig.Calls{}, map[string]*dynamo.Capacity{}, map[string]int64{}
	}
	calls, capacity := &sdkconfig.Calls{}, &dynamo.Capacity{LocalTransactions: true}
	m.calls[function], m.capacity[function] = calls, capacity
	return func(stack *middleware.Stack) error {
		for _, add := range []func(*middleware.Stack) error{calls.Middleware, capacity.Middleware, m.countEvents(function)} {
			if err := add(stack); err != nil {
				return err
			}
		}
		return nil
	}
}

// countEvents counts PutEvents entries, which EventBridge bills each.
func (m *meter) countEvents(function string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("RelaisCountEvents",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if p, ok := in.Parameters.(*eventbridge.PutEventsInput); ok && awsmiddleware.GetServiceID(ctx) == eventbridge.ServiceID {
					m.mu.Lock()
					m.events[function] += int64(len(p.Entries))
					m.mu.Unlock()
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	}
}

// invoked is devstack.Options.Invoked: Lambda bills each invocation's
// duration rounded up to the millisecond.
func (m *meter) invoked(function string, took time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.runs == nil {
		m.runs, m.billedMS = map[string]int64{}, map[string]int64{}
	}
	m.runs[function]++
	m.billedMS[function] += int64(math.Ceil(float64(took) / float64(time.Millisecond)))
}

func (m *meter) invocations(function string) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.runs[function]
}

// reset forgets everything recorded so far.
func (m *meter) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.calls {
		c.Reset()
	}
	for _, c := range m.capacity {
		c.Reset()
	}
	clear(m.events)
	clear(m.runs)
	clear(m.billedMS)
	m.fired.Store(0)
	m.logs.n.Store(0)
	m.archived = len(m.archive())
}

func (m *meter) dynamo() dynamo.Consumed {
	m.mu.Lock()
	defer m.mu.Unlock()
	var t dynamo.Consumed
	for _, c := range m.capacity {
		t = t.Add(c.Total())
	}
	return t
}

// usage is what was recorded since the last reset, divided by units.
func (m *meter) usage(units float64) cost.Usage {
	d := m.dynamo()
	archived := len(m.archive()) - m.archived
	m.mu.Lock()
	defer m.mu.Unlock()
	// A failed call reports no capacity, yet AWS bills a write whose
	// condition fails the item's units: at least one, estimated so.
	u := cost.Usage{ReadUnits: d.Read, WriteUnits: d.Write + float64(d.Failed), SchedulerInvocations: float64(m.fired.Load())}
	for fn, c := range m.calls {
		u.Events += float64(m.events[fn])
		u.ScheduleChanges += float64(c.Count("Scheduler", "CreateSchedule", "UpdateSchedule", "DeleteSchedule"))
		u.S3Puts += float64(c.Count("S3", "PutObject"))
		u.S3Gets += float64(c.Count("S3", "GetObject"))
		u.SSMCalls += float64(c.Count("SSM", "GetParameter", "GetParameters"))
	}
	for fn, n := range m.runs {
		u.Invocations += float64(n)
		u.GBSeconds += float64(m.billedMS[fn]) / 1000 * routing.MemoryMB[fn] / 1024
	}
	u.LogBytes = float64(m.logs.n.Load()) + float64(archived) + lambdaPlatformLogBytes*u.Invocations
	return u.Times(1 / units)
}

// byteCounter counts the bytes written to it.
type byteCounter struct{ n atomic.Int64 }

func (c *byteCounter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}
