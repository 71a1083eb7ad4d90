package score

import (
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// outsideItem is one line of model/outside.jsonl.gz: a comment from a
// source nothing here learns from, labelled only for the categories in
// Judged.
type outsideItem struct {
	Text, Lang, Source string
	Labels, Judged     []string
}

// outsideCounts are one source's decisions, for the comments labelled
// with the judged category and for those its annotators found free of it
// (which may still carry other abuse).
type outsideCounts struct {
	pos, posFlagged, posHidden int
	neg, negHidden, negReview  int
}

// TestOutside measures the scorer on comments from sources that neither
// the model nor the rules were built from (DATA.md, "Outside"), and holds
// the figures measured when the set was added, so that a change that
// loses ground there fails.
func TestOutside(t *testing.T) {
	s, p := New(), DefaultPolicy()
	counts := map[string]*outsideCounts{}
	for _, it := range readLines[outsideItem](t, "model/outside.jsonl.gz") {
		c := counts[it.Source]
		if c == nil {
			c = &outsideCounts{}
			counts[it.Source] = c
		}
		got := s.ScoreLang(it.Text, it.Lang, p)
		hide := got.Action == relais.ActionHide
		if slices.ContainsFunc(it.Labels, func(l string) bool { return slices.Contains(it.Judged, l) }) {
			c.pos++
			c.posFlagged += b2i(got.Action != relais.ActionAllow)
			c.posHidden += b2i(hide)
		} else {
			c.neg++
			c.negHidden += b2i(hide)
			c.negReview += b2i(got.Action == relais.ActionReview)
		}
	}
	tests := []struct {
		source                   string
		minFlagged, maxNegHidden float64
	}{
		{"ftr-fr", 0.72, 0.06},
	}
	for _, tt := range tests {
		c := counts[tt.source]
		if c == nil || c.pos == 0 || c.neg == 0 {
			t.Fatalf("%s: no comments in the outside set", tt.source)
		}
		flagged, negHidden := ratio(c.posFlagged, c.pos), ratio(c.negHidden, c.neg)
		t.Logf("%s: labelled n=%d flagged %.3f hidden %.3f; the rest n=%d hidden %.3f reviewed %.3f",
			tt.source, c.pos, flagged, ratio(c.posHidden, c.pos), c.neg, negHidden, ratio(c.negReview, c.neg))
		if flagged < tt.minFlagged {
			t.Errorf("%s: flagged %.3f, want at least %.2f", tt.source, flagged, tt.minFlagged)
		}
		if negHidden > tt.maxNegHidden {
			t.Errorf("%s: the rest hidden %.3f, want at most %.2f", tt.source, negHidden, tt.maxNegHidden)
		}
	}
}
