package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/relais-dev/relais/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenFiles renders the fixture's week 46 report, in French as the
// client reads it and in English, and compares each file with its golden
// copy; go test -run TestGoldenFiles -update rewrites them.
func TestGoldenFiles(t *testing.T) {
	r := buildFixture(t)
	fr, err := report.Render(r)
	mustOK(t, err)
	r.Client.Locale = "en"
	en, err := report.Render(r)
	mustOK(t, err)
	files := map[string][]byte{
		"report-fr.html.golden": fr["report.html"],
		"report-en.html.golden": en["report.html"],
		"report.csv.golden":     fr["report.csv"],
		"report.json.golden":    fr["report.json"],
	}
	for name, got := range files {
		path := filepath.Join("testdata", name)
		if *update {
			mustOK(t, os.MkdirAll("testdata", 0o755))
			mustOK(t, os.WriteFile(path, got, 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestGoldenFiles -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the rendering (%d bytes, want %d); check the change, then run go test -run TestGoldenFiles -update", name, len(got), len(want))
		}
	}
}
