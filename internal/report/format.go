package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Numbers and dates as each locale writes them. French groups thousands
// with a narrow no-break space, uses a decimal comma, and puts a no-break
// space before "%"; English groups with commas.
const (
	narrowNBSP = "\u202f"
	nbsp       = "\u00a0"
)

type format struct {
	locale string
	months []string
	short  []string
	days   []string
}

var formats = map[string]format{
	"en": {
		locale: "en",
		months: []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		short:  []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		days:   []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
	},
	"fr": {
		locale: "fr",
		months: []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		short:  []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		days:   []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
	},
}

func formatFor(locale string) format {
	if f, ok := formats[locale]; ok {
		return f
	}
	return formats["en"]
}

// int writes a whole number with the locale's thousands separator.
func (f format) int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if f.locale == "fr" {
		sep = narrowNBSP
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// decimal writes a number with one decimal, dropping ",0".
func (f format) decimal(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if f.locale == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return strings.Replace(s, "-", "−", 1)
}

// percent writes a share or a change in percent; signed adds "+".
func (f format) percent(v float64, signed bool) string {
	s := f.decimal(v)
	if signed && math.Round(v*10) > 0 {
		s = "+" + s
	}
	if f.locale == "fr" {
		return s + nbsp + "%"
	}
	return s + "%"
}

// share is part of whole in percent, 0 when whole is 0.
func share(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}

// duration writes a delay in minutes, or hours and minutes.
func (f format) duration(seconds float64) string {
	m := int64(math.Round(seconds / 60))
	switch {
	case beyond(seconds):
		return ">" + nbsp + "48" + nbsp + "h"
	case m < 1:
		return "<" + nbsp + "1" + nbsp + "min"
	case m < 60:
		return fmt.Sprintf("%d"+nbsp+"min", m)
	}
	return fmt.Sprintf("%d"+nbsp+"h"+nbsp+"%02d", m/60, m%60)
}

// date writes a day as "16 November 2026" or "16 novembre 2026".
func (f format) date(t time.Time) string {
	if f.locale == "fr" && t.Day() == 1 {
		return fmt.Sprintf("1er %s %d", f.months[t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), f.months[t.Month()-1], t.Year())
}

// shortDate writes a day as "16 Nov" or "16 nov.".
func (f format) shortDate(t time.Time) string {
	return fmt.Sprintf("%d"+nbsp+"%s", t.Day(), f.short[t.Month()-1])
}

// dateTime writes an instant as "16 Nov 2026, 14:05" or "16 nov. 2026 à 14:05".
func (f format) dateTime(t time.Time) string {
	if f.locale == "fr" {
		return fmt.Sprintf("%s %d à %s", f.shortDate(t), t.Year(), t.Format("15:04"))
	}
	return fmt.Sprintf("%s %d, %s", f.shortDate(t), t.Year(), t.Format("15:04"))
}

// span writes a period's days: "16–22 November 2026", "du 16 au 22 novembre 2026".
func (f format) span(from, last time.Time) string {
	if from.Equal(last) {
		return f.date(from)
	}
	sameYear := from.Year() == last.Year()
	sameMonth := sameYear && from.Month() == last.Month()
	if f.locale == "fr" {
		day := strconv.Itoa(from.Day())
		if from.Day() == 1 {
			day = "1er"
		}
		switch {
		case sameMonth:
			return fmt.Sprintf("du %s au %s", day, f.date(last))
		case sameYear:
			return fmt.Sprintf("du %s %s au %s", day, f.months[from.Month()-1], f.date(last))
		}
		return fmt.Sprintf("du %s au %s", f.date(from), f.date(last))
	}
	switch {
	case sameMonth:
		return fmt.Sprintf("%d–%s", from.Day(), f.date(last))
	case sameYear:
		return fmt.Sprintf("%d %s – %s", from.Day(), f.months[from.Month()-1], f.date(last))
	}
	return f.date(from) + " – " + f.date(last)
}
