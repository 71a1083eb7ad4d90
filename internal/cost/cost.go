// Package cost prices Relais's work: what a comment, a publish and a
// report use, as the cost benchmark measures it on the local stack, times
// an agency's month, at the public AWS prices of prices.go. It is
// arithmetic only, with no AWS import.
package cost

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// Usage is what some work uses of each billed thing: one comment, one
// publish, a day of routines, or an agency's month.
type Usage struct {
	// ReadUnits and WriteUnits are DynamoDB on-demand request units.
	ReadUnits, WriteUnits float64
	// Events are EventBridge custom events (PutEvents entries).
	Events float64
	// ScheduleChanges are Scheduler CreateSchedule, UpdateSchedule and
	// DeleteSchedule calls, which are not billed; they are counted to be
	// seen.
	ScheduleChanges float64
	// SchedulerInvocations are schedules fired.
	SchedulerInvocations float64
	// Invocations are Lambda requests; GBSeconds their duration times
	// their function's memory.
	Invocations, GBSeconds float64
	// S3Puts and S3Gets are S3 PUT and GET requests.
	S3Puts, S3Gets float64
	// SSMCalls are SSM GetParameter calls.
	SSMCalls float64
	// LogBytes are CloudWatch Logs bytes ingested.
	LogBytes float64
}

// Add returns u plus o.
func (u Usage) Add(o Usage) Usage { return u.zip(o, func(a, b float64) float64 { return a + b }) }

// Times returns u with every figure multiplied by f.
func (u Usage) Times(f float64) Usage { return u.zip(u, func(a, _ float64) float64 { return a * f }) }

// Less returns u minus o, never below zero: what a free tier leaves.
func (u Usage) Less(o Usage) Usage {
	return u.zip(o, func(a, b float64) float64 { return math.Max(0, a-b) })
}

// zip combines each figure of u with the same figure of o.
func (u Usage) zip(o Usage, f func(a, b float64) float64) Usage {
	return Usage{
		ReadUnits: f(u.ReadUnits, o.ReadUnits), WriteUnits: f(u.WriteUnits, o.WriteUnits),
		Events: f(u.Events, o.Events), ScheduleChanges: f(u.ScheduleChanges, o.ScheduleChanges),
		SchedulerInvocations: f(u.SchedulerInvocations, o.SchedulerInvocations),
		Invocations:          f(u.Invocations, o.Invocations), GBSeconds: f(u.GBSeconds, o.GBSeconds),
		S3Puts: f(u.S3Puts, o.S3Puts), S3Gets: f(u.S3Gets, o.S3Gets),
		SSMCalls: f(u.SSMCalls, o.SSMCalls), LogBytes: f(u.LogBytes, o.LogBytes),
	}
}

// Price is USD for every Per units.
type Price struct {
	USD    float64
	Per    float64
	Unit   string
	Source string
}

// Of is the price of n units.
func (p Price) Of(n float64) float64 {
	if p.Per == 0 {
		return 0
	}
	return n * p.USD / p.Per
}

// Prices are one region's prices, read on one day.
type Prices struct {
	Region string
	Read   string

	WriteUnit, ReadUnit Price
	Event               Price
	SchedulerInvocation Price
	LambdaRequest       Price
	LambdaGBSecond      Price
	S3Put, S3Get        Price
	SSMCall             Price
	LogGB               Price
}

// Line is one line of a bill.
type Line struct {
	Item     string
	Quantity float64
	USD      float64
}

// Bill prices u, one line per billed thing, in a fixed order.
func Bill(u Usage, p Prices) []Line {
	return []Line{
		{"DynamoDB write request units", u.WriteUnits, p.WriteUnit.Of(u.WriteUnits)},
		{"DynamoDB read request units", u.ReadUnits, p.ReadUnit.Of(u.ReadUnits)},
		{"EventBridge custom events", u.Events, p.Event.Of(u.Events)},
		{"Scheduler invocations", u.SchedulerInvocations, p.SchedulerInvocation.Of(u.SchedulerInvocations)},
		{"Lambda requests", u.Invocations, p.LambdaRequest.Of(u.Invocations)},
		{"Lambda GB-seconds (arm64)", u.GBSeconds, p.LambdaGBSecond.Of(u.GBSeconds)},
		{"S3 PUT requests", u.S3Puts, p.S3Put.Of(u.S3Puts)},
		{"S3 GET requests", u.S3Gets, p.S3Get.Of(u.S3Gets)},
		{"SSM GetParameter calls", u.SSMCalls, p.SSMCall.Of(u.SSMCalls)},
		{"CloudWatch Logs GB ingested", u.LogBytes / 1e9, p.LogGB.Of(u.LogBytes / 1e9)},
	}
}

// Total sums a bill.
func Total(lines []Line) float64 {
	var t float64
	for _, l := range lines {
		t += l.USD
	}
	return t
}

// DaysPerMonth is an average month's days.
const DaysPerMonth = 365.25 / 12

// Agency is an agency's volume of work.
type Agency struct {
	Clients        int
	Accounts       int
	PostsPerDay    float64
	CommentsPerDay float64
	// ThreadsPerDay are private conversations answered from Relais.
	ThreadsPerDay float64
}

// Reference is the agency the cost goal is stated for: about $1 a month,
// with twenty private conversations a day for each client.
var Reference = Agency{Clients: 10, Accounts: 30, PostsPerDay: 60, CommentsPerDay: 5000, ThreadsPerDay: 200}

// ReportsPerMonth is a client's reports in an average month: one each
// Monday and one each 1st.
const ReportsPerMonth = 52.0/12 + 1

// Measured is what each unit of work used, as the benchmark measured it.
type Measured struct {
	Comment, Publish, Report Usage
	// Thread is a private conversation: the customer's message in, the
	// team's private answer from the API, and its service target's check.
	Thread Usage
	// RoutinesPerDay is a day of the recurring schedules (sweeps, polls,
	// token check), which run whatever the volume.
	RoutinesPerDay Usage
}

// Month is a's month of work at the measured figures: its comments,
// posts, every client's reports, and the routines.
func (a Agency) Month(m Measured) Usage {
	return m.Comment.Times(a.CommentsPerDay * DaysPerMonth).
		Add(m.Publish.Times(a.PostsPerDay * DaysPerMonth)).
		Add(m.Thread.Times(a.ThreadsPerDay * DaysPerMonth)).
		Add(m.Report.Times(float64(a.Clients) * ReportsPerMonth)).
		Add(m.RoutinesPerDay.Times(DaysPerMonth))
}

// Print writes the per-unit table, then a's monthly bill at p with its
// line items, its total, and its total once the always-free tiers are
// taken off.
func Print(w io.Writer, a Agency, m Measured, p Prices) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	units := []struct {
		name string
		u    Usage
	}{{"comment", m.Comment}, {"publish", m.Publish}, {"DM thread", m.Thread}, {"report", m.Report}, {"routines/day", m.RoutinesPerDay}}
	fmt.Fprintln(tw, "per\tRRU\tWRU\tevents\tschedule changes\tschedules fired\tinvocations\tGB-s\tS3 PUT\tS3 GET\tSSM calls\tlog bytes\t")
	for _, r := range units {
		u := r.u
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.4f\t%.2f\t%.2f\t%.2f\t%.0f\t\n", r.name,
			u.ReadUnits, u.WriteUnits, u.Events, u.ScheduleChanges, u.SchedulerInvocations, u.Invocations, u.GBSeconds,
			u.S3Puts, u.S3Gets, u.SSMCalls, u.LogBytes)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("cost: print usage: %w", err)
	}
	month := a.Month(m)
	bill := Bill(month, p)
	fmt.Fprintf(w, "\nA month of %d clients, %d accounts, %.0f posts, %.0f comments and %.0f private conversations a day, at %s prices read %s:\n\n",
		a.Clients, a.Accounts, a.PostsPerDay, a.CommentsPerDay, a.ThreadsPerDay, p.Region, p.Read)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "item\tquantity\tUSD\t")
	for _, l := range bill {
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t\n", l.Item, quantity(l.Quantity), l.USD)
	}
	fmt.Fprintf(tw, "total\t\t%.2f\t\n", Total(bill))
	fmt.Fprintf(tw, "total after the always-free tiers\t\t%.2f\t\n", Total(Bill(month.Less(FreeTier), p)))
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("cost: print bill: %w", err)
	}
	return nil
}

// quantity prints a count readably: 1,234,567 or 0.42.
func quantity(q float64) string {
	if q < 100 {
		return fmt.Sprintf("%.2f", q)
	}
	s := fmt.Sprintf("%.0f", q)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
