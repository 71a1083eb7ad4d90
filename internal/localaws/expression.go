package localaws

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	// Schedules name IANA zones; embedding the database makes them resolve
	// on any machine the local stack runs on.
	_ "time/tzdata"
)

// recurrence lists the instants a schedule fires at.
type recurrence interface {
	// next returns the first occurrence at or after t, or the zero time
	// when there is none.
	next(t time.Time) time.Time
}

// oneTime is an at() expression.
type oneTime struct{ at time.Time }

// next ignores t: a one-time schedule whose time has passed fires at once,
// rather than never, so that a late schedule is not silently lost.
func (o oneTime) next(time.Time) time.Time { return o.at }

// rate is a rate() expression: fixed durations from an anchor, the start
// date or the moment the schedule was saved. A day is 24 hours, also across
// daylight saving changes, as in AWS.
type rate struct {
	every  time.Duration
	anchor time.Time
}

func (r rate) next(t time.Time) time.Time {
	if !t.After(r.anchor) {
		return r.anchor
	}
	n := (t.Sub(r.anchor) + r.every - 1) / r.every
	return r.anchor.Add(n * r.every)
}

// parseExpression parses a schedule expression evaluated in loc; anchor is
// where rate() counts from. Its errors are messages for the caller.
func parseExpression(expr string, loc *time.Location, anchor time.Time) (recurrence, error) {
	kind, rest, opened := strings.Cut(expr, "(")
	inner, closed := strings.CutSuffix(rest, ")")
	if opened && closed {
		switch kind {
		case "at":
			return parseAt(inner, loc)
		case "rate":
			return parseRate(inner, anchor)
		case "cron":
			return parseCron(inner, loc)
		}
	}
	return nil, errors.New("expression must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year)")
}

const atLayout = "2006-01-02T15:04:05"

// parseAt reads the wall-clock time of an at() expression in loc. A time
// that a daylight saving change skips (02:30 on the night clocks go from
// 02:00 to 03:00) is moved forward by the length of the gap, to 03:30; a
// time that happens twice (clocks going back) is the first of the two.
// AWS does not document at() here; this is what java.time, and so the
// likeliest AWS behaviour, does, and it never loses a post.
func parseAt(s string, loc *time.Location) (recurrence, error) {
	civil, err := time.Parse(atLayout, s)
	if err != nil {
		return nil, fmt.Errorf("at(%s) is not a time of the form yyyy-mm-ddThh:mm:ss", s)
	}
	at, _ := wallTime(civil, loc)
	return oneTime{at: at}, nil
}

var rateUnits = map[string]time.Duration{
	"minute": time.Minute, "minutes": time.Minute,
	"hour": time.Hour, "hours": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour,
}

// parseRate reads "value unit". As EventBridge documents for rate
// expressions, the unit is singular for 1 and plural otherwise.
func parseRate(s string, anchor time.Time) (recurrence, error) {
	value, unit, ok := strings.Cut(s, " ")
	if !ok {
		return nil, fmt.Errorf("rate(%s) must be rate(value unit)", s)
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 {
		return nil, fmt.Errorf("rate value %q must be a positive whole number", value)
	}
	d, ok := rateUnits[unit]
	if !ok {
		return nil, fmt.Errorf("rate unit %q must be minute, minutes, hour, hours, day or days", unit)
	}
	if plural := strings.HasSuffix(unit, "s"); plural != (n > 1) {
		return nil, fmt.Errorf("rate(%s): the unit must be singular for 1 and plural otherwise", s)
	}
	return rate{every: time.Duration(n) * d, anchor: anchor}, nil
}

// loadZone resolves a ScheduleExpressionTimezone; empty means UTC.
func loadZone(name string) (*time.Location, error) {
	if name == "" {
		return time.UTC, nil
	}
	if name == "Local" {
		return nil, errors.New(`time zone "Local" is not an IANA time zone name`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is not an IANA time zone name", name)
	}
	return loc, nil
}

// wallTime returns the instant at which clocks in loc show the date and
// time of civil (read as UTC fields). ok is false when no such instant
// exists because clocks skip it; the time is then moved forward by the
// gap. When clocks show it twice, the first instant is returned.
func wallTime(civil time.Time, loc *time.Location) (t time.Time, ok bool) {
	// The offsets in force a day either side cover any transition near
	// civil; zones do not change twice within a day.
	_, before := civil.Add(-24 * time.Hour).In(loc).Zone()
	_, after := civil.Add(24 * time.Hour).In(loc).Zone()
	for _, offset := range []int{before, after} {
		candidate := civil.Add(-time.Duration(offset) * time.Second)
		if sameWall(candidate.In(loc), civil) && (!ok || candidate.Before(t)) {
			t, ok = candidate, true
		}
	}
	if ok {
		return t, true
	}
	return civil.Add(-time.Duration(before) * time.Second), false
}

func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd &&
		a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}
