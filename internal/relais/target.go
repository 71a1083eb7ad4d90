package relais

import (
	"fmt"
	"strings"
	"time"
)

// ServiceTarget is a client's promise of how soon a thread is answered:
// "complaint 1h mon-fri 09:00-18:00" answers complaints within an hour of
// business time, in the client's time zone. In JSON it is that text.
type ServiceTarget struct {
	// For is which threads it covers: complaint (a message moderation
	// labelled a complaint), message (private conversations) or any
	// thread that needs an answer.
	For    string
	Within time.Duration
	// Hours, when set, count only business time; zero counts every hour.
	Hours BusinessHours
}

// MarshalText writes the target as people write it.
func (t ServiceTarget) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads a target as ParseServiceTarget does.
func (t *ServiceTarget) UnmarshalText(b []byte) error {
	parsed, err := ParseServiceTarget(string(b))
	if err != nil {
		return err
	}
	*t = parsed
	return nil
}

// Kinds of threads a target covers.
const (
	TargetComplaint = "complaint"
	TargetMessage   = "message"
	TargetAny       = "any"
)

// BusinessHours are the days and the daily opening a target counts.
type BusinessHours struct {
	Days []time.Weekday
	// From and To are minutes after midnight, local time.
	From, To int
}

var weekdays = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// ParseServiceTarget reads a target written as
// "<complaint|message|any> <duration> [<days> <HH:MM>-<HH:MM>]", days being
// a range (mon-fri) or a list (mon,wed,sat).
func ParseServiceTarget(s string) (ServiceTarget, error) {
	f := strings.Fields(strings.ToLower(s))
	bad := func(why string) (ServiceTarget, error) {
		return ServiceTarget{}, Errorf(EINVALID, "service target %q: %s (want e.g. \"complaint 1h mon-fri 09:00-18:00\" or \"message 4h\")", s, why)
	}
	if len(f) != 2 && len(f) != 4 {
		return bad("want a kind, a delay and optionally days and hours")
	}
	t := ServiceTarget{For: f[0]}
	switch t.For {
	case TargetComplaint, TargetMessage, TargetAny:
	default:
		return bad("the kind is complaint, message or any")
	}
	d, err := time.ParseDuration(f[1])
	if err != nil || d < time.Minute || d > 30*24*time.Hour {
		return bad("the delay is a duration from 1m to 720h, such as 30m or 4h")
	}
	t.Within = d
	if len(f) == 2 {
		return t, nil
	}
	if t.Hours.Days, err = parseDays(f[2]); err != nil {
		return bad(err.Error())
	}
	from, to, ok := strings.Cut(f[3], "-")
	if !ok {
		return bad("hours are HH:MM-HH:MM")
	}
	if t.Hours.From, err = parseClock(from); err == nil {
		t.Hours.To, err = parseClock(to)
	}
	if err != nil || t.Hours.From >= t.Hours.To {
		return bad("hours are HH:MM-HH:MM, opening before closing")
	}
	return t, nil
}

func parseDays(s string) ([]time.Weekday, error) {
	day := func(name string) (time.Weekday, error) {
		for i, w := range weekdays {
			if w == name {
				return time.Weekday(i), nil
			}
		}
		return 0, fmt.Errorf("unknown day %q (want mon, tue, … sun)", name)
	}
	if a, b, ok := strings.Cut(s, "-"); ok {
		first, err := day(a)
		if err != nil {
			return nil, err
		}
		last, err := day(b)
		if err != nil {
			return nil, err
		}
		var out []time.Weekday
		for d := first; ; d = (d + 1) % 7 {
			out = append(out, d)
			if d == last {
				return out, nil
			}
		}
	}
	var out []time.Weekday
	for _, name := range strings.Split(s, ",") {
		d, err := day(name)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		if s == "24:00" {
			return 24 * 60, nil
		}
		return 0, err
	}
	return t.Hour()*60 + t.Minute(), nil
}

// String writes the target as ParseServiceTarget reads it.
func (t ServiceTarget) String() string {
	s := t.For + " " + shortDuration(t.Within)
	if len(t.Hours.Days) == 0 {
		return s
	}
	names := make([]string, len(t.Hours.Days))
	for i, d := range t.Hours.Days {
		names[i] = weekdays[d]
	}
	return fmt.Sprintf("%s %s %02d:%02d-%02d:%02d", s, strings.Join(names, ","),
		t.Hours.From/60, t.Hours.From%60, t.Hours.To/60, t.Hours.To%60)
}

func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Covers reports whether the target applies to a thread: a private one,
// or one whose messages carry the given moderation labels.
func (t ServiceTarget) Covers(private bool, labels []string) bool {
	switch t.For {
	case TargetMessage:
		return private
	case TargetComplaint:
		for _, l := range labels {
			if l == TargetComplaint {
				return true
			}
		}
		return false
	}
	return true
}

// Due is when a thread awaiting an answer since start must be answered,
// counting only business hours, if any, in loc.
func (t ServiceTarget) Due(start time.Time, loc *time.Location) time.Time {
	if len(t.Hours.Days) == 0 {
		return start.Add(t.Within)
	}
	open := map[time.Weekday]bool{}
	for _, d := range t.Hours.Days {
		open[d] = true
	}
	at, left := start.In(loc), t.Within
	// A year of days bounds the walk; business hours open every week.
	for range 366 {
		y, m, d := at.Date()
		if open[at.Weekday()] {
			opens := time.Date(y, m, d, 0, t.Hours.From, 0, 0, loc)
			closes := time.Date(y, m, d, 0, t.Hours.To, 0, 0, loc)
			if at.Before(opens) {
				at = opens
			}
			if at.Before(closes) {
				if room := closes.Sub(at); left <= room {
					return at.Add(left)
				} else {
					left -= room
				}
			}
		}
		at = time.Date(y, m, d+1, 0, 0, 0, 0, loc)
	}
	return at
}

// OverdueWarning is how long before a thread's due time Reply Overdue is
// raised: a fifth of the target, at most 15 minutes, so that someone can
// still answer in time.
func (t ServiceTarget) OverdueWarning() time.Duration {
	return min(t.Within/5, 15*time.Minute)
}

// TargetFor returns the first of a client's targets that covers a thread.
func (c Client) TargetFor(private bool, labels []string) (ServiceTarget, bool) {
	for _, t := range c.Targets {
		if t.Covers(private, labels) {
			return t, true
		}
	}
	return ServiceTarget{}, false
}
