package localaws

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// cron is a cron() expression: minutes hours day-of-month month day-of-week
// year, evaluated on the wall clock of its time zone. As AWS does across
// daylight saving changes, an occurrence the clocks skip does not fire, and
// one they show twice fires once, the first time.
type cron struct {
	minutes, hours, months, years valueSet
	// days is nil when day-of-month is ? or L.
	days    valueSet
	lastDay bool
	// weekdays is indexed 1=SUN..7=SAT, as AWS numbers them; nil when ?.
	weekdays valueSet
	loc      *time.Location
}

// valueSet holds the values a field matches, indexed by value.
type valueSet []bool

func (v valueSet) has(n int) bool { return n >= 0 && n < len(v) && v[n] }

type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
}

var (
	minuteField  = cronField{name: "minutes", min: 0, max: 59}
	hourField    = cronField{name: "hours", min: 0, max: 23}
	dayField     = cronField{name: "day-of-month", min: 1, max: 31}
	monthField   = cronField{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	weekdayField = cronField{name: "day-of-week", min: 1, max: 7, names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	yearField    = cronField{name: "year", min: 1970, max: 2199}
)

// parseCron reads the six fields. It supports *, ?, numbers, names, ranges,
// lists, steps, and L alone in day-of-month; W, # and L elsewhere are
// refused rather than misread.
func parseCron(s string, loc *time.Location) (recurrence, error) {
	f := strings.Fields(s)
	if len(f) != 6 {
		return nil, fmt.Errorf("cron(%s) must have 6 fields: minutes hours day-of-month month day-of-week year", s)
	}
	c := &cron{loc: loc}
	var err error
	for _, p := range []struct {
		set   *valueSet
		text  string
		field cronField
	}{
		{&c.minutes, f[0], minuteField},
		{&c.hours, f[1], hourField},
		{&c.months, f[3], monthField},
		{&c.years, f[5], yearField},
	} {
		if *p.set, err = p.field.parse(p.text); err != nil {
			return nil, err
		}
	}

	dom, dow := f[2], f[4]
	if (dom == "?") == (dow == "?") {
		return nil, errors.New("exactly one of day-of-month and day-of-week must be ?")
	}
	switch {
	case dom == "L":
		c.lastDay = true
	case strings.Contains(dom, "W"):
		return nil, fmt.Errorf("day-of-month %q: W (nearest weekday) is not supported", dom)
	case strings.Contains(dom, "L"):
		return nil, fmt.Errorf("day-of-month %q: L is only supported on its own", dom)
	case dom != "?":
		if c.days, err = dayField.parse(dom); err != nil {
			return nil, err
		}
	}
	switch {
	case strings.Contains(dow, "#"):
		return nil, fmt.Errorf("day-of-week %q: # (nth weekday of the month) is not supported", dow)
	case strings.Contains(strings.ToUpper(dow), "L"):
		return nil, fmt.Errorf("day-of-week %q: L (last weekday of the month) is not supported", dow)
	case dow != "?":
		if c.weekdays, err = weekdayField.parse(dow); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// parse reads a comma-separated list of *, values, ranges a-b, and steps.
func (f cronField) parse(text string) (valueSet, error) {
	if text == "?" {
		return nil, fmt.Errorf("%s: ? is only allowed in day-of-month or day-of-week", f.name)
	}
	set := make(valueSet, f.max+1)
	for _, item := range strings.Split(text, ",") {
		span, stepText, stepped := strings.Cut(item, "/")
		step := 1
		if stepped {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("%s %q: step %q must be a positive whole number", f.name, text, stepText)
			}
			step = n
		}
		lo, hi := f.min, f.max
		if span != "*" {
			first, last, isRange := strings.Cut(span, "-")
			var err error
			if lo, err = f.value(first); err != nil {
				return nil, err
			}
			hi = lo
			switch {
			case isRange:
				if hi, err = f.value(last); err != nil {
					return nil, err
				}
				if hi < lo {
					return nil, fmt.Errorf("%s %q: range %s must go upwards", f.name, text, span)
				}
			case stepped:
				hi = f.max
			}
		}
		for v := lo; v <= hi; v += step {
			set[v] = true
		}
	}
	return set, nil
}

func (f cronField) value(s string) (int, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if n < f.min || n > f.max {
			return 0, fmt.Errorf("%s: %d is outside %d-%d", f.name, n, f.min, f.max)
		}
		return n, nil
	}
	for i, name := range f.names {
		if strings.EqualFold(s, name) {
			return f.min + i, nil
		}
	}
	return 0, fmt.Errorf("%s: %q is not a valid value", f.name, s)
}

// next walks the calendar of c's zone from t's date, skipping whole years
// and months that cannot match, and returns the first matching wall-clock
// minute that exists and is not before t. Wall-clock order is instant order
// here, since a repeated hour only ever yields its first instant.
func (c *cron) next(t time.Time) time.Time {
	y, m, d := t.In(c.loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for day.Year() <= yearField.max {
		switch {
		case !c.years.has(day.Year()):
			day = time.Date(day.Year()+1, time.January, 1, 0, 0, 0, 0, time.UTC)
		case !c.months.has(int(day.Month())):
			day = time.Date(day.Year(), day.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		default:
			if c.dayMatches(day) {
				if at, ok := c.firstOn(day, t); ok {
					return at
				}
			}
			day = day.AddDate(0, 0, 1)
		}
	}
	return time.Time{}
}

func (c *cron) firstOn(day, notBefore time.Time) (time.Time, bool) {
	for h := range 24 {
		if !c.hours.has(h) {
			continue
		}
		for m := range 60 {
			if !c.minutes.has(m) {
				continue
			}
			at, exists := wallTime(day.Add(time.Duration(h)*time.Hour+time.Duration(m)*time.Minute), c.loc)
			if exists && !at.Before(notBefore) {
				return at, true
			}
		}
	}
	return time.Time{}, false
}

func (c *cron) dayMatches(day time.Time) bool {
	switch {
	case c.weekdays != nil:
		return c.weekdays.has(int(day.Weekday()) + 1)
	case c.lastDay:
		return day.AddDate(0, 0, 1).Day() == 1
	default:
		return c.days.has(day.Day())
	}
}
