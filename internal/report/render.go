package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"

	"github.com/relais-dev/relais/internal/relais"
)

// Files are a report's renderings, by file name.
type Files map[string][]byte

// Render renders the report as HTML, CSV and JSON.
func Render(r Report) (Files, error) {
	h, err := renderHTML(r)
	if err != nil {
		return nil, err
	}
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

type kpiView struct {
	Label  string
	Value  int64
	Change string
}

type barView struct {
	X, Y, W, H int
	Day        string
	Value      int64
}

func renderHTML(r Report) ([]byte, error) {
	l := labels[r.Client.Locale]
	if l == nil {
		l = labels["en"]
	}
	var ks []kpiView
	for _, k := range kpis {
		ks = append(ks, kpiView{Label: l[k], Value: r.Totals[k], Change: change(r.Totals[k], r.Previous[k])})
	}
	const chartW, chartH = 640, 160
	var maxV int64 = 1
	for _, d := range r.Days {
		maxV = max(maxV, d.Totals[relais.CountInteractions])
	}
	var bars []barView
	slot := chartW / max(len(r.Days), 1)
	for i, d := range r.Days {
		v := d.Totals[relais.CountInteractions]
		h := int(v * (chartH - 20) / maxV)
		bars = append(bars, barView{X: i*slot + 2, Y: chartH - h, W: max(slot-4, 1), H: h, Day: d.Day, Value: v})
	}
	var buf bytes.Buffer
	err := page.Execute(&buf, map[string]any{
		"L": l, "R": r, "KPIs": ks, "Bars": bars, "W": chartW, "H": chartH, "Empty": r.Empty(),
		"From": r.Period.From.Format(relais.DayLayout), "To": r.Period.To.AddDate(0, 0, -1).Format(relais.DayLayout),
	})
	if err != nil {
		return nil, fmt.Errorf("report: render html: %w", err)
	}
	return buf.Bytes(), nil
}

// change is the relative change against the previous period, as text.
func change(now, before int64) string {
	if before == 0 {
		if now == 0 {
			return "="
		}
		return "new"
	}
	pct := float64(now-before) * 100 / float64(before)
	return fmt.Sprintf("%+.0f%%", pct)
}

var page = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="{{.R.Client.Locale}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.L.title}} · {{.R.Client.Name}} · {{.R.Period.Label}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:720px;padding:16px;color:#1d2330}
h1{font-size:1.4em;margin-bottom:0}.muted{color:#667}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px}
.kpi{border:1px solid #dde;border-radius:8px;padding:8px}.kpi b{display:block;font-size:1.6em}
svg{width:100%;height:auto}rect{fill:#3b6fd8}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:4px;text-align:left}
@media print{body{max-width:none}.kpi{break-inside:avoid}}
</style></head><body>
<h1>{{.L.title}} — {{.R.Client.Name}}</h1>
<p class="muted">{{.L.period}}: {{.R.Period.Label}} ({{.From}} – {{.To}}) · {{.L.generated}} {{.R.GeneratedAt.Format "2006-01-02 15:04 MST"}}</p>
{{if .Empty}}<p><strong>{{.L.none}}</strong></p>{{end}}
<h2>{{.L.kpis}}</h2>
<div class="kpis">{{range .KPIs}}<div class="kpi">{{.Label}}<b>{{.Value}}</b><span class="muted">{{.Change}} {{$.L.vsPrevious}}</span></div>{{end}}</div>
<h2>{{.L.perDay}}</h2>
<svg viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.L.perDay}}">{{range .Bars}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"><title>{{.Day}}: {{.Value}}</title></rect>{{end}}</svg>
<h2>{{.L.posts}}</h2>
<table>{{range .R.Posts}}<tr><td>{{.Network}}</td><td>{{.Text}}</td><td class="muted">{{$.L.scheduledFor}} {{.ScheduledAt.Format "2006-01-02 15:04:05"}} UTC<br>{{$.L.publishedAt}} {{.PublishedAt.Format "2006-01-02 15:04:05"}} UTC</td></tr>{{end}}</table>
</body></html>
`))
