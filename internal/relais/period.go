package relais

import (
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Period is a span of whole days in a client's time zone: From is the first
// day, To the day after the last.
type Period struct {
	Label string    `json:"label"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
}

// Days returns the period's days, in order, as YYYY-MM-DD.
func (p Period) Days() []string {
	var days []string
	for d := p.From; d.Before(p.To); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(DayLayout))
	}
	return days
}

// Previous returns the period of the same length just before p.
func (p Period) Previous() Period {
	n := len(p.Days())
	from := p.From.AddDate(0, 0, -n)
	if p.From.Day() == 1 && p.To.Day() == 1 && p.From.AddDate(0, 1, 0).Equal(p.To) {
		from = p.From.AddDate(0, -1, 0) // calendar months differ in length
	}
	return Period{Label: "previous " + p.Label, From: from, To: p.From}
}

// DayLayout formats a calendar day in keys, counters and reports.
const DayLayout = "2006-01-02"

// Period patterns compile on first use, not at every function's start-up.
var (
	weekPattern  = lazyRegexp(`^(\d{4})-W(\d{2})$`)
	monthPattern = lazyRegexp(`^(\d{4})-(\d{2})$`)
	rangePattern = lazyRegexp(`^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$`)
)

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// ParsePeriod reads an ISO week (2026-W47), a month (2026-11), a range of
// days FROM..TO (both included), or previous-week and previous-month
// relative to now. Periods that start in the future are refused.
func ParsePeriod(s string, loc *time.Location, now time.Time) (Period, error) {
	today := midnight(now.In(loc))
	var p Period
	switch {
	case s == "previous-week":
		monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
		y, w := monday.AddDate(0, 0, -7).ISOWeek()
		p = week(y, w, loc)
	case s == "previous-month":
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, -1, 0)
		p = Period{Label: first.Format("2006-01"), From: first, To: first.AddDate(0, 1, 0)}
	case weekPattern().MatchString(s):
		m := weekPattern().FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		w, _ := strconv.Atoi(m[2])
		if w < 1 || w > weeksIn(y) {
			return Period{}, Errorf(EINVALID, "invalid period %q: %d has weeks 01 to %02d", s, y, weeksIn(y))
		}
		p = week(y, w, loc)
	case monthPattern().MatchString(s):
		m := monthPattern().FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return Period{}, Errorf(EINVALID, "invalid period %q: month %02d does not exist", s, mo)
		}
		first := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, loc)
		p = Period{Label: s, From: first, To: first.AddDate(0, 1, 0)}
	case rangePattern().MatchString(s):
		m := rangePattern().FindStringSubmatch(s)
		from, err1 := time.ParseInLocation(DayLayout, m[1], loc)
		to, err2 := time.ParseInLocation(DayLayout, m[2], loc)
		if err1 != nil || err2 != nil {
			return Period{}, Errorf(EINVALID, "invalid period %q: a date does not exist", s)
		}
		if to.Before(from) {
			return Period{}, Errorf(EINVALID, "invalid period %q: it ends before it starts", s)
		}
		if to.Sub(from) > 366*24*time.Hour {
			return Period{}, Errorf(EINVALID, "invalid period %q: a period spans at most 366 days", s)
		}
		p = Period{Label: s, From: from, To: to.AddDate(0, 0, 1)}
	default:
		return Period{}, Errorf(EINVALID, "invalid period %q: want 2026-W47, 2026-11 or 2026-11-01..2026-11-15", s)
	}
	if p.From.After(today) {
		return Period{}, Errorf(EINVALID, "period %s is in the future (it starts on %s)", p.Label, p.From.Format(DayLayout))
	}
	return p, nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// week returns ISO week w of year y: it starts on the Monday of the week
// holding 4 January.
func week(y, w int, loc *time.Location) Period {
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(w-1)*7)
	return Period{Label: fmt.Sprintf("%04d-W%02d", y, w), From: monday, To: monday.AddDate(0, 0, 7)}
}

func weeksIn(y int) int {
	_, w := time.Date(y, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}
