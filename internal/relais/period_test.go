package relais

import (
	"strings"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, paris) // a Sunday, ISO week 47
	tests := []struct {
		in         string
		label      string
		from, to   string // first day, day after the last
		wantErrSub string
	}{
		{in: "2026-W47", label: "2026-W47", from: "2026-11-16", to: "2026-11-23"},
		{in: "2026-W01", label: "2026-W01", from: "2025-12-29", to: "2026-01-05"},
		{in: "2020-W53", label: "2020-W53", from: "2020-12-28", to: "2021-01-04"},
		{in: "2026-11", label: "2026-11", from: "2026-11-01", to: "2026-12-01"},
		{in: "2026-02", label: "2026-02", from: "2026-02-01", to: "2026-03-01"},
		{in: "2026-11-01..2026-11-15", label: "2026-11-01..2026-11-15", from: "2026-11-01", to: "2026-11-16"},
		{in: "previous-week", label: "2026-W46", from: "2026-11-09", to: "2026-11-16"},
		{in: "previous-month", label: "2026-10", from: "2026-10-01", to: "2026-11-01"},
		{in: "2026-W54", wantErrSub: "weeks 01 to 53"},
		{in: "2026-13", wantErrSub: "month 13"},
		{in: "2026-11-15..2026-11-01", wantErrSub: "ends before"},
		{in: "2026-02-30..2026-03-01", wantErrSub: "does not exist"},
		{in: "2026-12", wantErrSub: "future"},
		{in: "last week", wantErrSub: "want 2026-W47"},
		{in: "2025-01-01..2026-06-30", wantErrSub: "366 days"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePeriod(tt.in, paris, now)
			if tt.wantErrSub != "" {
				if err == nil || ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tt.wantErrSub) {
					t.Fatalf("got %v, want an invalid-period error mentioning %q", err, tt.wantErrSub)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := [3]string{p.Label, p.From.Format(DayLayout), p.To.Format(DayLayout)}
			want := [3]string{tt.label, tt.from, tt.to}
			if got != want {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestPreviousPeriod(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, paris)
	tests := []struct{ in, from, to string }{
		{"2026-W47", "2026-11-09", "2026-11-16"},
		{"2026-03", "2026-02-01", "2026-03-01"},
		{"2026-11-01..2026-11-10", "2026-10-22", "2026-11-01"},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in, paris, now)
		if err != nil {
			t.Fatal(err)
		}
		prev := p.Previous()
		if got, want := prev.From.Format(DayLayout)+".."+prev.To.Format(DayLayout), tt.from+".."+tt.to; got != want {
			t.Errorf("previous of %s: got %s, want %s", tt.in, got, want)
		}
	}
}

func TestScheduleLocal(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		local   string
		wantUTC string
		wantErr bool
	}{
		{"2026-12-01T09:00", "2026-12-01T08:00:00Z", false},
		{"2026-07-01T09:00:30", "2026-07-01T07:00:30Z", false},
		// 02:30 does not exist on the last Sunday of March in Paris.
		{"2026-03-29T02:30", "", true},
		// 02:30 happens twice on the last Sunday of October: the first one.
		{"2026-10-25T02:30", "2026-10-25T00:30:00Z", false},
		{"2026-13-01T09:00", "", true},
		{"tomorrow", "", true},
	}
	for _, tt := range tests {
		got, _, err := ScheduleLocal(tt.local, paris)
		if tt.wantErr {
			if ErrorCode(err) != EINVALID {
				t.Errorf("%s: got %v, want an invalid error", tt.local, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.local, err)
			continue
		}
		if got.Format(time.RFC3339) != tt.wantUTC {
			t.Errorf("%s: got %s, want %s", tt.local, got.Format(time.RFC3339), tt.wantUTC)
		}
	}
}

func TestCanTransition(t *testing.T) {
	tests := []struct {
		from, to PostStatus
		want     bool
	}{
		{StatusScheduled, StatusPublishing, true},
		{StatusPublishing, StatusPublished, true},
		{StatusPendingApproval, StatusPublishing, false},
		{StatusDraft, StatusPublishing, false},
		{StatusPublished, StatusScheduled, false},
		{StatusCancelled, StatusScheduled, false},
		{StatusPublishing, StatusNeedsAttention, true},
	}
	for _, tt := range tests {
		if got := CanTransition(tt.from, tt.to); got != tt.want {
			t.Errorf("%s -> %s: got %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}
