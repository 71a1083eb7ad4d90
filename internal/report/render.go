package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Files are a report's renderings, by file name.
type Files map[string][]byte

// Render renders the report as HTML, CSV and JSON.
func Render(r Report) (Files, error) {
	h := renderHTML(r)
	c, err := renderCSV(r)
	if err != nil {
		return nil, err
	}
	j, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("report: encode json: %w", err)
	}
	return Files{"report.html": h, "report.csv": c, "report.json": j}, nil
}

// ContentType is the media type of a report file.
func ContentType(name string) string {
	switch {
	case len(name) > 5 && name[len(name)-5:] == ".html":
		return "text/html; charset=utf-8"
	case len(name) > 4 && name[len(name)-4:] == ".csv":
		return "text/csv; charset=utf-8"
	}
	return "application/json"
}

func renderCSV(r Report) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	names := []string{relais.CountPostsScheduled, relais.CountPostsPublished, relais.CountPostsFailed,
		relais.CountPostsNeedsAttention, relais.CountInteractions, relais.CountHidden, relais.CountReview, relais.CountAllowed}
	w.Write(append([]string{"day"}, names...))
	for _, d := range r.Days {
		row := []string{d.Day}
		for _, n := range names {
			row = append(row, strconv.FormatInt(d.Totals[n], 10))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("report: write csv: %w", err)
	}
	return buf.Bytes(), nil
}

func renderHTML(r Report) []byte {
	l := labels[r.Client.Locale]
	if l == nil {
		l = labels["en"]
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	title := l["title"] + " · " + r.Client.Name + " · " + r.Period.Label
	w(`<!doctype html>
<html lang="%s"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<style>%s</style></head><body>
`, esc(r.Client.Locale), esc(title), style)
	w("<h1>%s — %s</h1>\n", esc(l["title"]), esc(r.Client.Name))
	w(`<p class="muted">%s: %s (%s – %s) · %s %s</p>`+"\n", esc(l["period"]), esc(r.Period.Label),
		r.Period.From.Format(relais.DayLayout), r.Period.To.AddDate(0, 0, -1).Format(relais.DayLayout),
		esc(l["generated"]), r.GeneratedAt.Format("2006-01-02 15:04 MST"))
	if r.Empty() {
		w("<p><strong>%s</strong></p>\n", esc(l["none"]))
	}
	w("<h2>%s</h2>\n<div class=\"kpis\">", esc(l["kpis"]))
	for _, k := range kpis {
		w(`<div class="kpi">%s<b>%d</b><span class="muted">%s %s</span></div>`, esc(l[k]), r.Totals[k], esc(change(r.Totals[k], r.Previous[k], l)), esc(l["vsPrevious"]))
	}
	w("</div>\n<h2>%s</h2>\n", esc(l["perDay"]))
	writeChart(&b, r, l["perDay"])
	w("<h2>%s</h2>\n<table>", esc(l["posts"]))
	loc := r.Client.Location()
	for _, p := range r.Posts {
		w(`<tr><td>%s</td><td>%s</td><td class="muted">%s %s<br>%s %s</td></tr>`, esc(string(p.Network)), esc(p.Text),
			esc(l["scheduledFor"]), p.ScheduledAt.In(loc).Format("2006-01-02 15:04:05 MST"), esc(l["publishedAt"]), p.PublishedAt.In(loc).Format("2006-01-02 15:04:05 MST"))
	}
	w("</table>\n</body></html>\n")
	return []byte(b.String())
}

// writeChart draws interactions per day as an inline SVG bar chart, each
// bar with its value above and its day of the month below.
func writeChart(b *strings.Builder, r Report, label string) {
	const width, height, axis = 640, 180, 20
	var top int64 = 1
	for _, d := range r.Days {
		top = max(top, d.Totals[relais.CountInteractions])
	}
	slot := width / max(len(r.Days), 1)
	fmt.Fprintf(b, `<svg viewBox="0 0 %d %d" role="img" aria-label="%s">`, width, height, esc(label))
	fmt.Fprintf(b, `<line x1="0" y1="%d" x2="%d" y2="%d" stroke="#99a"/>`, height-axis, width, height-axis)
	for i, d := range r.Days {
		v := d.Totals[relais.CountInteractions]
		h := int(v * (height - axis - 20) / top)
		x, mid := i*slot+2, i*slot+slot/2
		fmt.Fprintf(b, `<rect x="%d" y="%d" width="%d" height="%d"><title>%s: %d</title></rect>`, x, height-axis-h, max(slot-4, 1), h, d.Day, v)
		if len(r.Days) <= 31 {
			fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" font-size="11">%d</text>`, mid, height-axis-h-4, v)
			fmt.Fprintf(b, `<text x="%d" y="%d" text-anchor="middle" font-size="11" fill="#667">%s</text>`, mid, height-5, d.Day[8:])
		}
	}
	b.WriteString("</svg>\n")
}

func esc(s string) string { return html.EscapeString(s) }

// change is the relative change against the previous period, as text.
func change(now, before int64, l map[string]string) string {
	if before == 0 {
		if now == 0 {
			return l["same"]
		}
		return l["new"]
	}
	pct := float64(now-before) * 100 / float64(before)
	return fmt.Sprintf("%+.0f%%", pct)
}

// style is the page's only stylesheet: inline, with a print layout.
const style = `body{font-family:system-ui,sans-serif;margin:0 auto;max-width:720px;padding:16px;color:#1d2330}
h1{font-size:1.4em;margin-bottom:0}.muted{color:#667}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px}
.kpi{border:1px solid #dde;border-radius:8px;padding:8px}.kpi b{display:block;font-size:1.6em}
svg{width:100%;height:auto}rect{fill:#3b6fd8}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:4px;text-align:left}
@media print{body{max-width:none}.kpi{break-inside:avoid}}`
