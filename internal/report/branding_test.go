package report_test

import (
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
)

// A branding that escaped validation (an old item, a hand-made report) is
// left out of the page rather than written into it.
func TestUncheckedBrandingIsLeftOut(t *testing.T) {
	tests := []struct {
		name    string
		brand   relais.Branding
		absent  string
		present string
	}{
		{"colour breaking out of the style sheet", relais.Branding{Color: "red}</style><script>alert(1)</script>"}, "<script>", "--brand:#2f5fd0"},
		{"colour adding a rule", relais.Branding{Color: "#fff;background:url(https://evil.example/)"}, "evil.example", "--brand:#2f5fd0"},
		{"logo that loads a URL", relais.Branding{Color: "#008060", Logo: "https://evil.example/x.png"}, "evil.example", "--brand:#008060"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report.Report{Client: report.ClientInfo{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}, Brand: tt.brand, Period: relais.Period{Label: "2026-W46"}, Empty: true}
			files, err := report.Render(r)
			mustOK(t, err)
			html := string(files["report.html"])
			if strings.Contains(html, tt.absent) {
				t.Errorf("report holds %q", tt.absent)
			}
			if !strings.Contains(html, tt.present) {
				t.Errorf("report lacks %q", tt.present)
			}
		})
	}
}
