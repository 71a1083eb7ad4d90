package cost_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/cost"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }

func TestPriceOf(t *testing.T) {
	tests := []struct {
		name  string
		price cost.Price
		n     float64
		want  float64
	}{
		{"a million write units", cost.USEast1.WriteUnit, 1e6, 0.625},
		{"one write unit", cost.USEast1.WriteUnit, 1, 0.625e-6},
		{"a thousand S3 PUTs", cost.USEast1.S3Put, 1000, 0.005},
		{"a GB-second on arm64", cost.USEast1.LambdaGBSecond, 1, 0.0000133334},
		{"free SSM calls", cost.USEast1.SSMCall, 1e6, 0},
		{"a price with no unit count", cost.Price{USD: 3}, 10, 0},
	}
	for _, tt := range tests {
		if got := tt.price.Of(tt.n); !near(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBill(t *testing.T) {
	p := cost.Prices{
		WriteUnit: cost.Price{USD: 1, Per: 1e6}, ReadUnit: cost.Price{USD: 0.25, Per: 1e6},
		Event: cost.Price{USD: 1, Per: 1e6}, SchedulerInvocation: cost.Price{USD: 1, Per: 1e6},
		LambdaRequest: cost.Price{USD: 0.2, Per: 1e6}, LambdaGBSecond: cost.Price{USD: 0.00001, Per: 1},
		S3Put: cost.Price{USD: 0.005, Per: 1e3}, S3Get: cost.Price{USD: 0.0004, Per: 1e3},
		LogGB: cost.Price{USD: 0.5, Per: 1},
	}
	u := cost.Usage{ReadUnits: 4e6, WriteUnits: 2e6, Events: 3e6, ScheduleChanges: 9e9, SchedulerInvocations: 1e6,
		Invocations: 5e6, GBSeconds: 1e5, S3Puts: 2000, S3Gets: 10_000, SSMCalls: 7, LogBytes: 2e9}
	want := map[string]float64{
		"DynamoDB write request units": 2, "DynamoDB read request units": 1, "EventBridge custom events": 3,
		"Scheduler invocations": 1, "Lambda requests": 1, "Lambda GB-seconds (arm64)": 1,
		"S3 PUT requests": 0.01, "S3 GET requests": 0.004, "SSM GetParameter calls": 0, "CloudWatch Logs GB ingested": 1,
	}
	bill := cost.Bill(u, p)
	if got := len(bill); got != len(want) {
		t.Fatalf("lines: got %d, want %d", got, len(want))
	}
	for _, l := range bill {
		if w, ok := want[l.Item]; !ok || !near(l.USD, w) {
			t.Errorf("%s: got $%v, want $%v", l.Item, l.USD, w)
		}
	}
	if got, want := cost.Total(bill), 10.014; !near(got, want) {
		t.Errorf("total: got %v, want %v", got, want)
	}
}

func TestAgencyMonth(t *testing.T) {
	one := cost.Usage{WriteUnits: 1}
	tests := []struct {
		name     string
		agency   cost.Agency
		measured cost.Measured
		want     float64
	}{
		{"comments", cost.Agency{CommentsPerDay: 100}, cost.Measured{Comment: one}, 100 * cost.DaysPerMonth},
		{"posts", cost.Agency{PostsPerDay: 2}, cost.Measured{Publish: one}, 2 * cost.DaysPerMonth},
		{"private conversations", cost.Agency{ThreadsPerDay: 3}, cost.Measured{Thread: one}, 3 * cost.DaysPerMonth},
		{"reports: a weekly and a monthly for each client", cost.Agency{Clients: 12}, cost.Measured{Report: one}, 12 * (52.0/12 + 1)},
		{"routines, whatever the volume", cost.Agency{}, cost.Measured{RoutinesPerDay: one}, cost.DaysPerMonth},
		{"all together", cost.Agency{Clients: 1, PostsPerDay: 1, CommentsPerDay: 1}, cost.Measured{Comment: one, Publish: one, Report: one, RoutinesPerDay: one},
			3*cost.DaysPerMonth + cost.ReportsPerMonth},
	}
	for _, tt := range tests {
		if got := tt.agency.Month(tt.measured).WriteUnits; !near(got, tt.want) {
			t.Errorf("%s: got %v write units, want %v", tt.name, got, tt.want)
		}
	}
}

func TestUsageArithmetic(t *testing.T) {
	u := cost.Usage{ReadUnits: 1, WriteUnits: 2, Events: 3, ScheduleChanges: 4, SchedulerInvocations: 5, Invocations: 6,
		GBSeconds: 7, S3Puts: 8, S3Gets: 9, SSMCalls: 10, LogBytes: 11}
	tests := []struct {
		name      string
		got, want cost.Usage
	}{
		{"twice", u.Times(2), u.Add(u)},
		{"less itself", u.Less(u), cost.Usage{}},
		{"less more than it has", u.Less(u.Times(3)), cost.Usage{}},
		{"less nothing", u.Less(cost.Usage{}), u},
		{"times zero", u.Times(0), cost.Usage{}},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

func TestPrintNamesEveryLineAndTheTotal(t *testing.T) {
	var b bytes.Buffer
	m := cost.Measured{Comment: cost.Usage{WriteUnits: 10, Invocations: 2}}
	if err := cost.Print(&b, cost.Reference, m, cost.USEast1); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	// 5,000 comments a day at 10 WRU: 1,521,875 WRU, $0.95.
	for _, want := range []string{"comment", "DM thread", "routines/day", "1,521,875", "0.9512", "total", cost.PricesRead, "us-east-1"} {
		if !strings.Contains(out, want) {
			t.Errorf("printed table: no %q in\n%s", want, out)
		}
	}
}

func TestPricesNameTheirSource(t *testing.T) {
	p := cost.USEast1
	for _, price := range []cost.Price{p.WriteUnit, p.ReadUnit, p.Event, p.SchedulerInvocation, p.LambdaRequest,
		p.LambdaGBSecond, p.S3Put, p.S3Get, p.SSMCall, p.LogGB} {
		if price.Source == "" || price.Unit == "" || price.Per == 0 {
			t.Errorf("price %+v: want a unit, a count and a source", price)
		}
	}
}
