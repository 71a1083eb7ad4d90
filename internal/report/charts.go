package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Charts are inline SVG drawn on one frame: a value axis on the left with
// three grid lines, days along the bottom.
const (
	chartW, chartH = 560, 220
	left, bottom   = 40, 22
	topPad         = 8
	plotW, plotH   = chartW - left - 4, chartH - bottom - topPad
)

// sentimentColors are positive, neutral and negative.
var sentimentColors = [3]string{"#1f9d55", "#8a94a6", "#d64545"}

// niceMax rounds a maximum up to a round number (1, 1.2, 1.5, 2, 2.5, 3,
// 4, 5, 6 or 8 times a power of ten), so that grid lines fall on round
// numbers and the tallest bar fills most of the chart.
func niceMax(v int64) int64 {
	if v <= 10 {
		return max(v+v%2, 2)
	}
	p := int64(math.Pow(10, math.Floor(math.Log10(float64(v)))))
	for _, m := range []int64{10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100} {
		if v*10 <= m*p {
			return m * p / 10
		}
	}
	return 10 * p
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// frame opens the SVG and draws the grid and the day labels.
func frame(b *strings.Builder, r Report, f format, label string, top int64) {
	fmt.Fprintf(b, `<div class="chart"><svg viewBox="0 0 %d %d" role="img" aria-label="%s">`, chartW, chartH, esc(label))
	for _, g := range []int64{0, top / 2, top} {
		y := float64(topPad) + float64(plotH) - float64(g)*plotH/float64(top)
		fmt.Fprintf(b, `<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#e3e7ee"/><text x="%d" y="%s" text-anchor="end">%s</text>`,
			left, num(y), chartW-4, num(y), left-6, num(y+4), esc(f.int(g)))
	}
	n := len(r.Days)
	every := (n + 13) / 14
	slot := float64(plotW) / float64(n)
	for i, d := range r.Days {
		if i%every != 0 {
			continue
		}
		t, _ := time.Parse(relais.DayLayout, d.Day)
		text := strconv.Itoa(t.Day())
		if i == 0 || t.Day() == 1 {
			text = f.shortDate(t)
		}
		fmt.Fprintf(b, `<text x="%s" y="%d" text-anchor="middle">%s</text>`, num(float64(left)+slot*(float64(i)+0.5)), chartH-6, esc(text))
	}
}

// stackedBars draws interactions per day, one bar per day stacked by
// network in the report's network order.
func stackedBars(b *strings.Builder, r Report, f format, label string) {
	var most int64
	for _, d := range r.Days {
		most = max(most, d.Totals[relais.CountInteractions])
	}
	top := niceMax(most)
	frame(b, r, f, label, top)
	slot := float64(plotW) / float64(len(r.Days))
	width := math.Max(slot*0.7, 1)
	for i, d := range r.Days {
		total := d.Totals[relais.CountInteractions]
		if total == 0 {
			continue
		}
		t, _ := time.Parse(relais.DayLayout, d.Day)
		fmt.Fprintf(b, `<g><title>%s: %s</title>`, esc(f.shortDate(t)), esc(f.int(total)))
		x := float64(left) + slot*float64(i) + (slot-width)/2
		y := float64(topPad + plotH)
		for _, n := range r.Networks {
			v := d.Interactions[n]
			if v == 0 {
				continue
			}
			h := float64(v) * plotH / float64(top)
			y -= h
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x), num(y), num(width), num(h), n.Color())
		}
		b.WriteString("</g>")
	}
	b.WriteString("</svg></div>\n")
}

// sentimentLines draws, per day, the interactions of each sentiment class.
func sentimentLines(b *strings.Builder, r Report, f format, label string) {
	classes := []string{relais.SentimentPositive, relais.SentimentNeutral, relais.SentimentNegative}
	var most int64
	for _, d := range r.Days {
		for _, c := range classes {
			most = max(most, d.Totals[relais.CountSentiment(c)])
		}
	}
	top := niceMax(most)
	frame(b, r, f, label, top)
	slot := float64(plotW) / float64(len(r.Days))
	for ci, c := range classes {
		var path strings.Builder
		var dots strings.Builder
		for i, d := range r.Days {
			x := float64(left) + slot*(float64(i)+0.5)
			y := float64(topPad) + float64(plotH) - float64(d.Totals[relais.CountSentiment(c)])*plotH/float64(top)
			cmd := "L"
			if i == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%s %s", cmd, num(x), num(y))
			if len(r.Days) <= 62 {
				fmt.Fprintf(&dots, `<circle cx="%s" cy="%s" r="2.5"/>`, num(x), num(y))
			}
		}
		fmt.Fprintf(b, `<g fill="%[1]s"><path d="%[2]s" fill="none" stroke="%[1]s" stroke-width="2" stroke-linejoin="round"/>%[3]s</g>`,
			sentimentColors[ci], path.String(), dots.String())
	}
	b.WriteString("</svg></div>\n")
}
