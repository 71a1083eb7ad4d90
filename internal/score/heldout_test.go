package score

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// corpusItem is one line of model/corpus.jsonl.gz.
type corpusItem struct {
	Text, Lang, Source, Split string
	Labels                    []string
}

func loadHeldOut(tb testing.TB) []corpusItem {
	return slices.DeleteFunc(readLines[corpusItem](tb, "model/corpus.jsonl.gz"), func(it corpusItem) bool { return it.Split != "heldout" })
}

// heldOutCounts are one language's decisions on the held-out split.
type heldOutCounts struct {
	// by category: comments labelled with it, of which flagged (hidden or
	// reviewed), hidden, and labelled with the category by the scorer.
	n, flagged, hidden, named map[string]int
	// predicted counts, by category, the comments the scorer labelled with
	// it, whatever their label: named/predicted is the label's precision.
	predicted map[string]int
	// hides and how many of them were right (the comment was abuse or spam).
	hides, rightHides               int
	clean, cleanHidden, cleanReview int
	// complaints are negative reviews: never to be hidden.
	complaints, complaintsHidden, complaintsReview int
}

func newCounts() *heldOutCounts {
	return &heldOutCounts{n: map[string]int{}, flagged: map[string]int{}, hidden: map[string]int{}, named: map[string]int{}, predicted: map[string]int{}}
}

func evaluateHeldOut(items []corpusItem) map[string]*heldOutCounts {
	s, p := New(), DefaultPolicy()
	out := map[string]*heldOutCounts{}
	for _, it := range items {
		got := s.ScoreLang(it.Text, "", p)
		for _, lang := range []string{it.Lang, "all"} {
			c := out[lang]
			if c == nil {
				c = newCounts()
				out[lang] = c
			}
			for _, cat := range []string{"insult", "hate", "spam"} {
				c.predicted[cat] += b2i(slices.Contains(got.Labels, cat))
			}
			hide := got.Action == relais.ActionHide
			complaint := slices.Equal(it.Labels, []string{"complaint"})
			if hide {
				c.hides++
				if len(it.Labels) > 0 && !complaint {
					c.rightHides++
				}
			}
			if complaint {
				c.complaints++
				c.complaintsHidden += b2i(hide)
				c.complaintsReview += b2i(got.Action == relais.ActionReview)
				continue
			}
			if len(it.Labels) == 0 {
				c.clean++
				c.cleanHidden += b2i(hide)
				c.cleanReview += b2i(got.Action == relais.ActionReview)
				continue
			}
			cats := append([]string{"abuse"}, it.Labels...)
			if slices.Contains(it.Labels, "spam") {
				cats[0] = "spam-all"
			}
			for _, cat := range cats {
				c.n[cat]++
				c.flagged[cat] += b2i(got.Action != relais.ActionAllow)
				c.hidden[cat] += b2i(hide)
				c.named[cat] += b2i(slices.Contains(got.Labels, cat))
			}
		}
	}
	return out
}

func (c *heldOutCounts) table(lang string) string {
	var b strings.Builder
	for _, cat := range []string{"abuse", "insult", "hate", "spam"} {
		if c.n[cat] == 0 {
			continue
		}
		fmt.Fprintf(&b, "%-4s %-7s n=%5d  flagged %.3f  hidden %.3f", lang, cat, c.n[cat], ratio(c.flagged[cat], c.n[cat]), ratio(c.hidden[cat], c.n[cat]))
		if cat != "abuse" { // abuse is insult or hate, no label of its own
			fmt.Fprintf(&b, "  labelled %.3f at precision %.3f", ratio(c.named[cat], c.n[cat]), ratio(c.named[cat], c.predicted[cat]))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%-4s hide precision %.3f (%d hides); clean n=%d hidden %.3f, reviewed %.3f\n", lang,
		ratio(c.rightHides, c.hides), c.hides, c.clean, ratio(c.cleanHidden, c.clean), ratio(c.cleanReview, c.clean))
	if c.complaints > 0 {
		fmt.Fprintf(&b, "%-4s complaints n=%d hidden %d, reviewed %.3f\n", lang, c.complaints, c.complaintsHidden, ratio(c.complaintsReview, c.complaints))
	}
	return b.String()
}

// TestHeldOut measures the scorer on the corpus's held-out split, which
// neither training nor calibration reads, and holds issue 11's goals that
// are met: abuse flagged at least 0.90 per language, and no complaint
// hidden in a language the corpus has complaints for (English). Clean
// comments hidden at most 3 % is not met yet (MODEL.md says by how much
// and why), so it is logged here, not asserted.
func TestHeldOut(t *testing.T) {
	e := evaluateHeldOut(loadHeldOut(t))
	for _, lang := range []string{"en", "fr", "all"} {
		t.Log("\n" + e[lang].table(lang))
	}
	for _, lang := range []string{"en", "fr"} {
		c := e[lang]
		if got := ratio(c.flagged["abuse"], c.n["abuse"]); got < 0.90 {
			t.Errorf("%s: abuse flagged %.3f, want at least 0.90", lang, got)
		}
		if c.complaintsHidden > 0 {
			t.Errorf("%s: %d of %d complaints hidden, want none", lang, c.complaintsHidden, c.complaints)
		}
	}
}
