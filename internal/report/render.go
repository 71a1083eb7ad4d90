package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Files are a report's renderings, by file name.
type Files map[string][]byte

// Render renders the report as HTML, CSV and JSON.
func Render(r Report) (Files, error) {
	c, err := renderCSV(r)
	if err != nil {
		return nil, err
	}
	j, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("report: encode json: %w", err)
	}
	return Files{"report.html": renderHTML(r), "report.csv": c, "report.json": append(j, '\n')}, nil
}

// ContentType is the media type of a report file.
func ContentType(name string) string {
	switch {
	case strings.HasSuffix(name, ".html"):
		return "text/html; charset=utf-8"
	case strings.HasSuffix(name, ".csv"):
		return "text/csv; charset=utf-8"
	}
	return "application/json"
}

// csvCounters are the daily counters of the CSV, in column order.
var csvCounters = []string{
	relais.CountPostsScheduled, relais.CountPostsPublished, relais.CountPostsFailed, relais.CountPostsNeedsAttention,
	relais.CountInteractions,
	relais.CountSentiment(relais.SentimentPositive), relais.CountSentiment(relais.SentimentNeutral), relais.CountSentiment(relais.SentimentNegative),
	relais.CountHidden, relais.CountDeleted, relais.CountReview, relais.CountReplied, relais.CountAllowed,
	relais.CountResponses, relais.CountCrisisAlerts,
	relais.CountLikes, relais.CountComments, relais.CountShares, relais.CountImpressions,
}

// renderCSV writes one row per day: the day, the counters, then the
// interactions of each network of the report. Names and dates are the
// same in every locale, so that spreadsheets and scripts read any report.
func renderCSV(r Report) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := append([]string{"day"}, csvCounters...)
	for _, n := range r.Networks {
		head = append(head, "interactions_"+string(n))
	}
	w.Write(head)
	for _, d := range r.Days {
		row := []string{d.Day}
		for _, name := range csvCounters {
			row = append(row, strconv.FormatInt(d.Totals[name], 10))
		}
		for _, n := range r.Networks {
			row = append(row, strconv.FormatInt(d.Interactions[n], 10))
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("report: write csv: %w", err)
	}
	return buf.Bytes(), nil
}
