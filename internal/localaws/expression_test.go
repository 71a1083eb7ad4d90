package localaws

import (
	"strings"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := loadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestCronNext(t *testing.T) {
	tests := []struct {
		name, expr, tz string
		from           string
		want           string // "" when it never fires again
	}{
		{"daily, later today", "cron(0 9 * * ? *)", "UTC", "2026-01-01T08:00:00Z", "2026-01-01T09:00:00Z"},
		{"daily, at the instant", "cron(0 9 * * ? *)", "UTC", "2026-01-01T09:00:00Z", "2026-01-01T09:00:00Z"},
		{"daily, just after", "cron(0 9 * * ? *)", "UTC", "2026-01-01T09:00:01Z", "2026-01-02T09:00:00Z"},
		{"every quarter hour", "cron(0/15 * * * ? *)", "UTC", "2026-01-01T10:07:00Z", "2026-01-01T10:15:00Z"},
		{"minute list", "cron(5,35 * * * ? *)", "UTC", "2026-01-01T10:06:00Z", "2026-01-01T10:35:00Z"},
		{"hour range with step", "cron(0 8-18/5 * * ? *)", "UTC", "2026-01-01T14:00:00Z", "2026-01-01T18:00:00Z"},
		{"weekdays by name", "cron(0 10 ? * MON-FRI *)", "UTC", "2026-01-02T11:00:00Z", "2026-01-05T10:00:00Z"},
		{"weekday by number, 2 is Monday", "cron(0 10 ? * 2 *)", "UTC", "2026-01-01T00:00:00Z", "2026-01-05T10:00:00Z"},
		{"Sunday is 1", "cron(0 10 ? * 1 *)", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T10:00:00Z"},
		{"monthly", "cron(0 8 1 * ? *)", "UTC", "2026-01-15T00:00:00Z", "2026-02-01T08:00:00Z"},
		{"month names and year", "cron(0 12 1 jan,JUL ? 2027)", "UTC", "2026-03-01T00:00:00Z", "2027-01-01T12:00:00Z"},
		{"last day of February", "cron(0 0 L * ? *)", "UTC", "2026-02-10T00:00:00Z", "2026-02-28T00:00:00Z"},
		{"last day of a leap February", "cron(0 0 L 2 ? *)", "UTC", "2027-03-01T00:00:00Z", "2028-02-29T00:00:00Z"},
		{"the 31st skips short months", "cron(0 0 31 * ? *)", "UTC", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z"},
		{"never: February 30", "cron(0 0 30 2 ? *)", "UTC", "2026-01-01T00:00:00Z", ""},
		{"never: a past year", "cron(0 0 1 1 ? 2020)", "UTC", "2026-01-01T00:00:00Z", ""},
		{"Paris winter weekly", "cron(0 8 ? * MON *)", "Europe/Paris", "2026-12-01T00:00:00Z", "2026-12-07T07:00:00Z"},
		{"Paris weekly across spring DST", "cron(0 8 ? * MON *)", "Europe/Paris", "2026-03-28T00:00:00Z", "2026-03-30T06:00:00Z"},
		{"Paris daily, wall clock kept across spring DST", "cron(0 9 * * ? *)", "Europe/Paris", "2026-03-28T09:00:00Z", "2026-03-29T07:00:00Z"},
		{"Paris daily, wall clock kept across autumn DST", "cron(0 9 * * ? *)", "Europe/Paris", "2026-10-24T08:00:00Z", "2026-10-25T08:00:00Z"},
		{"Paris skipped 02:30 does not fire", "cron(30 2 * * ? *)", "Europe/Paris", "2026-03-28T12:00:00Z", "2026-03-30T00:30:00Z"},
		{"Paris repeated 02:30 fires the first time", "cron(30 2 * * ? *)", "Europe/Paris", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"},
		{"Paris repeated 02:30 fires only once", "cron(30 2 * * ? *)", "Europe/Paris", "2026-10-25T00:31:00Z", "2026-10-26T01:30:00Z"},
		{"Paris hourly through the skipped hour", "cron(0 * * * ? *)", "Europe/Paris", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := parseExpression(tt.expr, mustZone(t, tt.tz), time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			got := rec.next(utc(tt.from))
			var want time.Time
			if tt.want != "" {
				want = utc(tt.want)
			}
			if !got.Equal(want) {
				t.Errorf("%s from %s: got %s, want %s", tt.expr, tt.from, got.UTC().Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestRateNext(t *testing.T) {
	// 09:00 in Paris, the day before clocks go forward.
	anchor := utc("2026-03-28T08:00:00Z")
	tests := []struct {
		expr, from, want string
	}{
		{"rate(5 minutes)", "2026-03-28T07:00:00Z", "2026-03-28T08:00:00Z"},
		{"rate(5 minutes)", "2026-03-28T08:00:00Z", "2026-03-28T08:00:00Z"},
		{"rate(5 minutes)", "2026-03-28T08:00:01Z", "2026-03-28T08:05:00Z"},
		{"rate(1 minute)", "2026-03-28T08:00:30Z", "2026-03-28T08:01:00Z"},
		{"rate(2 hours)", "2026-03-28T11:00:00Z", "2026-03-28T12:00:00Z"},
		// A day is 24 hours: after the change the wall clock reads 10:00.
		{"rate(1 day)", "2026-03-28T08:00:01Z", "2026-03-29T08:00:00Z"},
		{"rate(7 days)", "2026-03-29T00:00:00Z", "2026-04-04T08:00:00Z"},
	}
	for _, tt := range tests {
		rec, err := parseExpression(tt.expr, time.UTC, anchor)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.next(utc(tt.from)); !got.Equal(utc(tt.want)) {
			t.Errorf("%s from %s: got %s, want %s", tt.expr, tt.from, got.Format(time.RFC3339), tt.want)
		}
	}
}

func TestParseExpressionErrors(t *testing.T) {
	tests := []struct {
		expr, want string
	}{
		{"cron(0 9 ? * 2#1 *)", "# (nth weekday"},
		{"cron(0 9 15W * ? *)", "W (nearest weekday)"},
		{"cron(0 9 L-2 * ? *)", "L is only supported on its own"},
		{"cron(0 9 ? * 6L *)", "L (last weekday"},
		{"cron(0 9 1 * MON *)", "exactly one of day-of-month and day-of-week"},
		{"cron(0 9 ? * ? *)", "exactly one of day-of-month and day-of-week"},
		{"cron(? 9 * * ? *)", "minutes: ? is only allowed"},
		{"cron(60 9 * * ? *)", "minutes: 60 is outside 0-59"},
		{"cron(0 9 * FOO ? *)", `month: "FOO" is not a valid value`},
		{"cron(0 18-8 * * ? *)", "must go upwards"},
		{"cron(0/0 9 * * ? *)", "step"},
		{"cron(0 9 * * ? 2200)", "year: 2200 is outside"},
		{"cron(0 9 * * ?)", "must have 6 fields"},
		{"rate(0 minutes)", "positive whole number"},
		{"rate(1 hours)", "singular for 1"},
		{"rate(5 hour)", "singular for 1"},
		{"rate(5 weeks)", "rate unit"},
		{"rate(5)", "rate(value unit)"},
		{"at(2026-12-01 09:00:00)", "yyyy-mm-ddThh:mm:ss"},
		{"at(2026-02-30T09:00:00)", "yyyy-mm-ddThh:mm:ss"},
		{"cron(0 9 * * ? *", "must be at("},
		{"every(day)", "must be at("},
	}
	for _, tt := range tests {
		_, err := parseExpression(tt.expr, time.UTC, time.Time{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want an error containing %q", tt.expr, err, tt.want)
		}
	}
}

func TestLoadZone(t *testing.T) {
	tests := []struct {
		name    string
		want    string
		wantErr bool
	}{
		{"", "UTC", false},
		{"Europe/Paris", "Europe/Paris", false},
		{"Local", "", true},
		{"Europe/Lutetia", "", true},
	}
	for _, tt := range tests {
		loc, err := loadZone(tt.name)
		if (err != nil) != tt.wantErr || (err == nil && loc.String() != tt.want) {
			t.Errorf("loadZone(%q): got %v, %v; want %q, error %v", tt.name, loc, err, tt.want, tt.wantErr)
		}
	}
}

func TestWallTime(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	tests := []struct {
		name, civil, want string
		wantExists        bool
	}{
		{"winter", "2026-12-01T09:00:00Z", "2026-12-01T08:00:00Z", true},
		{"summer", "2026-07-01T09:00:00Z", "2026-07-01T07:00:00Z", true},
		{"skipped, moved forward by the gap", "2026-03-29T02:30:00Z", "2026-03-29T01:30:00Z", false},
		{"first after the gap", "2026-03-29T03:00:00Z", "2026-03-29T01:00:00Z", true},
		{"repeated, first instant", "2026-10-25T02:30:00Z", "2026-10-25T00:30:00Z", true},
		{"after the repeated hour", "2026-10-25T03:00:00Z", "2026-10-25T02:00:00Z", true},
	}
	for _, tt := range tests {
		got, exists := wallTime(utc(tt.civil), paris)
		if !got.Equal(utc(tt.want)) || exists != tt.wantExists {
			t.Errorf("%s: got %s (exists %v), want %s (exists %v)", tt.name, got.Format(time.RFC3339), exists, tt.want, tt.wantExists)
		}
	}
}
