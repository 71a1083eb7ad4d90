package report

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// page writes one report as a self-contained HTML document: inline style
// and SVG, no script, nothing fetched.
type page struct {
	b   strings.Builder
	r   Report
	l   map[string]string
	f   format
	loc *time.Location
}

func (p *page) w(format string, args ...any) { fmt.Fprintf(&p.b, format, args...) }

func esc(s string) string { return html.EscapeString(s) }

func renderHTML(r Report) []byte {
	loc, err := relais.LoadLocation(r.Client.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	// The store refuses an unchecked branding; a value that got past it
	// all the same is left out, never written into the page.
	r.Brand = defaultBrand.Over(r.Brand.Checked())
	p := &page{r: r, l: labelsFor(r.Client.Locale), f: formatFor(r.Client.Locale), loc: loc}
	p.head()
	p.kpis()
	p.section("perDay", func() { p.interactionsChart() })
	p.section("sentiment", func() { p.sentiment() })
	p.section("topPosts", func() { p.topPosts() })
	p.section("moderation", func() { p.moderation() })
	p.section("response", func() { p.response() })
	p.section("crises", func() { p.crises() })
	p.w("<footer>%s %s · %s %s</footer>\n</main></body></html>\n", esc(p.l["generated"]),
		esc(p.f.dateTime(r.GeneratedAt.In(loc))), esc(p.l["preparedBy"]), esc(p.brandName()))
	return []byte(p.b.String())
}

func (p *page) brandName() string {
	if p.r.Brand.Name != "" {
		return p.r.Brand.Name
	}
	return "Relais"
}

func (p *page) head() {
	r := p.r
	title := p.l["title"] + " · " + r.Client.Name + " · " + r.Period.Label
	p.w("<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n", esc(p.f.locale))
	p.w("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n", esc(title))
	// The brand colour is #rrggbb (see renderHTML): it cannot leave the rule.
	p.w("<style>:root{--brand:%s}\n%s</style></head><body><main>\n", r.Brand.Color, style)
	p.w("<header>")
	if r.Brand.Logo != "" {
		p.w("<img class=\"logo\" src=\"%s\" alt=\"%s\">", esc(r.Brand.Logo), esc(p.brandName()))
	}
	p.w("<div><p class=\"agency\">%s</p><h1>%s — %s</h1>", esc(p.brandName()), esc(p.l["title"]), esc(r.Client.Name))
	last := r.Period.To.AddDate(0, 0, -1)
	p.w("<p class=\"muted\">%s %s · %s</p></div></header>\n", esc(p.l["period"]), esc(r.Period.Label), esc(p.f.span(r.Period.From, last)))
	if r.Empty {
		p.w("<p class=\"empty\">%s</p>\n", esc(p.l["none"]))
	}
}

func (p *page) section(title string, body func()) {
	p.w("<section><h2>%s</h2>\n", esc(p.l[title]))
	body()
	p.w("</section>\n")
}

func (p *page) kpis() {
	p.w("<section><h2>%s</h2>\n<div class=\"kpis\">", esc(p.l["kpis"]))
	for _, k := range p.r.KPIs {
		value := p.f.int(int64(k.Value))
		if k.Unit == "seconds" {
			value = "—"
			if p.r.Response.Median != nil {
				value = p.f.duration(k.Value)
			}
		}
		change, class := p.l["same"], "flat"
		switch {
		case k.Change != nil && *k.Change != 0:
			change = p.f.percent(*k.Change, true)
			class = "good"
			if (*k.Change < 0) != k.LowerIsBetter {
				class = "bad"
			}
		case k.Change == nil && k.Value != 0:
			change = p.l["new"]
		}
		p.w("<div class=\"kpi\"><span>%s</span><b>%s</b><small class=\"%s\">%s %s</small></div>",
			esc(p.l[k.Name]), esc(value), class, esc(change), esc(p.l["vsPrevious"]))
	}
	p.w("</div></section>\n")
}

func (p *page) legend(items [][2]string) {
	p.w("<ul class=\"legend\">")
	for _, it := range items {
		p.w("<li><i style=\"background:%s\"></i>%s</li>", it[1], esc(it[0]))
	}
	p.w("</ul>\n")
}

func (p *page) interactionsChart() {
	if p.r.Totals[relais.CountInteractions] == 0 {
		p.w("<p class=\"muted\">%s</p>\n", esc(p.l["perDayNo"]))
		return
	}
	var items [][2]string
	for _, n := range p.r.Networks {
		items = append(items, [2]string{n.Label(), n.Color()})
	}
	p.legend(items)
	stackedBars(&p.b, p.r, p.f, p.l["perDay"])
}

func (p *page) sentiment() {
	s := p.r.Sentiment
	if s.Total() == 0 {
		p.w("<p class=\"muted\">%s</p>\n", esc(p.l["sentimentNone"]))
		return
	}
	p.w("<div class=\"stats\">")
	for _, c := range []struct {
		key string
		n   int64
	}{{"positive", s.Positive}, {"neutral", s.Neutral}, {"negative", s.Negative}} {
		p.w("<div class=\"%s\"><b>%s</b> %s <small>(%s)</small></div>", c.key, esc(p.f.percent(share(c.n, s.Total()), false)),
			esc(p.l[c.key]), esc(p.f.int(c.n)))
	}
	p.w("</div>\n")
	p.legend([][2]string{{p.l["positive"], sentimentColors[0]}, {p.l["neutral"], sentimentColors[1]}, {p.l["negative"], sentimentColors[2]}})
	sentimentLines(&p.b, p.r, p.f, p.l["sentimentTrend"])
}

func (p *page) topPosts() {
	if len(p.r.TopPosts) == 0 {
		p.w("<p class=\"muted\">%s</p>\n", esc(p.l["topPostsNone"]))
		return
	}
	p.w("<table class=\"posts\"><thead><tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr></thead><tbody>",
		esc(p.l["post"]), esc(p.l["likes"]), esc(p.l["comments"]), esc(p.l["shares"]), esc(p.l["impressions"]))
	for _, t := range p.r.TopPosts {
		e := t.Engagement
		impressions := "—"
		if e.Impressions > 0 {
			impressions = p.f.int(e.Impressions)
		}
		p.w("<tr><td>%s<br><small class=\"muted\">%s · %s</small></td>", esc(t.Text), esc(t.Network.Label()), esc(p.f.dateTime(t.PublishedAt.In(p.loc))))
		// data-l names each figure where a phone shows rows as cards.
		for _, c := range [][2]string{{"likes", p.f.int(e.Likes)}, {"comments", p.f.int(e.Comments)}, {"shares", p.f.int(e.Shares)}, {"impressions", impressions}} {
			p.w("<td class=\"n\" data-l=\"%s\">%s</td>", esc(p.l[c[0]]), esc(c[1]))
		}
		p.w("</tr>")
	}
	p.w("</tbody></table>\n")
}

func (p *page) moderation() {
	m := p.r.Moderation
	p.w("<div class=\"stats\">")
	for _, c := range []struct {
		key string
		n   int64
	}{{"hidden", m.Hidden}, {"deleted", m.Deleted}, {"flagged", m.Flagged}, {"replied", m.Replied}} {
		p.w("<div><b>%s</b> %s</div>", esc(p.f.int(c.n)), esc(p.l[c.key]))
	}
	p.w("</div>\n<h3>%s</h3>\n", esc(p.l["examples"]))
	if len(m.Examples) == 0 {
		p.w("<p class=\"muted\">%s</p>\n", esc(p.l["examplesNone"]))
		return
	}
	p.w("<ul class=\"examples\">")
	for _, ex := range m.Examples {
		p.w("<li><q>%s</q><small class=\"muted\">%s · %s · %s</small></li>", esc(ex.Text), esc(ex.Network.Label()),
			esc(p.l["action_"+string(ex.Action)]), esc(p.f.dateTime(ex.At.In(p.loc))))
	}
	p.w("</ul>\n")
}

func (p *page) response() {
	rt := p.r.Response
	if rt.Median == nil {
		p.w("<p class=\"muted\">%s</p>\n", esc(p.l["responseNone"]))
		return
	}
	p.w("<div class=\"stats\"><div>%s <b>%s</b></div><div>%s <b>%s</b></div><div><b>%s</b> %s</div></div>\n",
		esc(p.l["median"]), esc(p.f.duration(*rt.Median)), esc(p.l["p90"]), esc(p.f.duration(*rt.P90)),
		esc(p.f.int(rt.Responses)), esc(p.l["responses"]))
}

func (p *page) crises() {
	if len(p.r.Crises) == 0 {
		p.w("<p class=\"muted\">%s</p>\n", esc(p.l["crisesNone"]))
		return
	}
	p.w("<ul class=\"crises\">")
	for _, c := range p.r.Crises {
		p.w("<li>%s</li>", esc(fmt.Sprintf(p.l["crisis"], p.f.int(int64(c.Negative)), p.f.int(int64(c.Interactions)),
			c.Network.Label(), p.f.dateTime(c.WindowStart.In(p.loc)))))
	}
	p.w("</ul>\n")
}

// style is the page's only style sheet: narrow screens first, and a print
// layout that keeps colours and cards whole for a PDF.
const style = `*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f5f6f8}
main{max-width:860px;margin:0 auto;padding:16px;background:#fff}
header{display:flex;gap:14px;align-items:center;border-top:6px solid var(--brand);padding-top:12px}
.logo{max-height:56px;max-width:140px}.agency{margin:0;color:var(--brand);font-weight:600}
h1{font-size:1.35em;margin:.1em 0}h2{font-size:1.1em;margin:1.4em 0 .5em;color:var(--brand)}h3{font-size:1em}
.muted{color:#5b6475}.empty{padding:12px;border-radius:8px;background:#fff6d8}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:8px}
.kpi{border:1px solid #dfe3ea;border-radius:10px;padding:10px}.kpi span{font-size:.85em;color:#5b6475}
.kpi b{display:block;font-size:1.6em}.kpi small{font-size:.78em}.good{color:#187a3b}.bad{color:#b3261e}.flat{color:#5b6475}
.stats{display:flex;flex-wrap:wrap;gap:8px 24px}.stats b{font-size:1.25em}
.positive b{color:#187a3b}.negative b{color:#b3261e}
.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85em}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
.chart{overflow-x:auto}svg{width:100%;min-width:440px;height:auto;display:block}svg text{font-size:12px;fill:#5b6475}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eceff3;padding:6px 4px;text-align:left;vertical-align:top}
.n{text-align:right;white-space:nowrap}.examples,.crises{padding-left:18px}.examples q{display:block}
footer{margin-top:24px;font-size:.8em;color:#5b6475}
@media (max-width:520px){main{padding:10px}.kpis{grid-template-columns:1fr 1fr}.kpi b{font-size:1.3em}
.posts thead{display:none}.posts tr{display:grid;grid-template-columns:repeat(4,1fr);border-bottom:1px solid #eceff3;padding:6px 0}
.posts td{border:0;padding:2px 4px}.posts td:first-child{grid-column:1/-1}.posts td.n{text-align:left}
.posts td.n::before{content:attr(data-l);display:block;font-size:.72em;color:#5b6475}}
@media print{body{background:#fff}main{max-width:none;padding:0}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.chart{overflow:visible}svg{min-width:0}section,.kpi,tr{break-inside:avoid}@page{margin:14mm}}`
