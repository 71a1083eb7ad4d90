package links_test

import (
	"testing"

	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
)

// TestReportValidate keeps a link's report inside its client's reports.
func TestReportValidate(t *testing.T) {
	tests := []struct {
		r    links.Report
		want string
	}{
		{links.Report{ClientID: "acme", Period: "2026-W47", Format: "html"}, ""},
		{links.Report{ClientID: "acme", Period: "2026-11", Format: "csv"}, ""},
		{links.Report{ClientID: "acme", Period: "2026-11-01..2026-11-15", Format: "json"}, ""},
		{links.Report{ClientID: "../globex", Period: "2026-W47", Format: "html"}, relais.EINVALID},
		{links.Report{ClientID: "acme", Period: "2026-W47/../../globex/2026-W47", Format: "html"}, relais.EINVALID},
		{links.Report{ClientID: "acme", Period: "previous-week", Format: "html"}, relais.EINVALID},
		{links.Report{ClientID: "acme", Period: "2026-W47", Format: "pdf"}, relais.EINVALID},
		{links.Report{ClientID: "acme", Period: "2026-W47", Format: "html/../x"}, relais.EINVALID},
	}
	for _, tt := range tests {
		if got := relais.ErrorCode(tt.r.Validate()); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.r, got, tt.want)
		}
	}
	if got, want := (links.Report{ClientID: "acme", Period: "2026-W47", Format: "csv"}).ObjectKey(), "reports/acme/2026-W47/report.csv"; got != want {
		t.Errorf("object key: got %s, want %s", got, want)
	}
}
