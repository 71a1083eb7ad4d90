package score

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// devItem is one labelled comment of testdata/dev.jsonl.
type devItem struct {
	Text       string   `json:"text"`
	Lang       string   `json:"lang"`
	Kind       string   `json:"kind"` // toxic, spam, clean or complaint
	Categories []string `json:"categories"`
	Hide       bool     `json:"hide"`
	Obfuscated string   `json:"obfuscated"` // the trick, for variants of toxic items
}

func loadDev(tb testing.TB) []devItem {
	tb.Helper()
	f, err := os.Open("testdata/dev.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var items []devItem
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var it devItem
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			tb.Fatalf("dev.jsonl line %d: %v", len(items)+1, err)
		}
		items = append(items, it)
	}
	return items
}

// confusion counts one binary decision.
type confusion struct{ tp, fp, fn, tn int }

func (c *confusion) add(truth, pred bool) {
	switch {
	case truth && pred:
		c.tp++
	case !truth && pred:
		c.fp++
	case truth:
		c.fn++
	default:
		c.tn++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (c confusion) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c confusion) recall() float64    { return ratio(c.tp, c.tp+c.fn) }
func (c confusion) f1() float64 {
	p, r := c.precision(), c.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

var toxicLabels = []string{"insult", "profanity", "hate", "threat", "harassment", "sexual"}

func hasAny(labels []string, want ...string) bool {
	for _, l := range labels {
		for _, w := range want {
			if l == w {
				return true
			}
		}
	}
	return false
}

// baseline is the plain keyword filter that platforms offer (Meta's
// "hide comments containing these words"): the same word lists, lower-cased
// and matched as substrings or as whole words, with no normalization.
type baseline struct {
	terms []string
	words map[string]bool
}

func newBaseline(tb testing.TB) baseline {
	tb.Helper()
	b := baseline{words: map[string]bool{}}
	for _, line := range strings.Split(lexiconTSV, "\n") {
		term, _, _ := strings.Cut(line, "\t")
		if term == "" || strings.HasPrefix(term, "#") {
			continue
		}
		b.terms = append(b.terms, term)
		b.words[term] = true
	}
	return b
}

var baselineWord = regexp.MustCompile(`[\p{L}\p{N}]+`)

func (b baseline) substring(text string) bool {
	low := strings.ToLower(text)
	for _, t := range b.terms {
		if strings.Contains(low, t) {
			return true
		}
	}
	return false
}

func (b baseline) word(text string) bool {
	for _, w := range baselineWord.FindAllString(strings.ToLower(text), -1) {
		if b.words[w] {
			return true
		}
	}
	return false
}

// TestEvaluation measures the scorer on the labelled development set and
// compares it with the keyword baseline. Thresholds sit a little under
// what the set measures, to catch regressions without chasing noise; the
// set is for checking, not for fitting (the scorer is measured on unseen
// comments elsewhere).
func TestEvaluation(t *testing.T) {
	items := loadDev(t)
	if len(items) < 300 {
		t.Fatalf("dev set has %d items, want at least 300", len(items))
	}
	s, p := New(), DefaultPolicy()
	bl := newBaseline(t)

	type key struct{ what, lang string }
	m := map[key]*confusion{}
	add := func(what, lang string, truth, pred bool) {
		for _, l := range []string{lang, "all"} {
			k := key{what, l}
			if m[k] == nil {
				m[k] = &confusion{}
			}
			m[k].add(truth, pred)
		}
	}
	var obf, obfHit, obfSub, obfWord, compl, complHide, complSub, complWord, complReply, cleanHide, cleanSub int
	var misses []string
	for _, it := range items {
		got := s.ScoreLang(it.Text, "", p)
		hide := got.Action == relais.ActionHide
		toxic := hasAny(got.Labels, toxicLabels...)
		spam := hasAny(got.Labels, "spam", "scam")
		add("toxic", it.Lang, it.Kind == "toxic", toxic)
		add("spam", it.Lang, it.Kind == "spam", spam)
		add("hide", it.Lang, it.Hide, hide)
		add("language", it.Lang, true, got.Language == it.Lang)
		for _, c := range []string{"insult", "harassment", "threat", "hate", "sexual", "spam", "scam"} {
			if it.Kind == "toxic" || it.Kind == "spam" {
				add("cat:"+c, "all", hasAny(it.Categories, c), hasAny(got.Labels, c))
			}
		}
		sub, word := bl.substring(it.Text), bl.word(it.Text)
		switch {
		case it.Obfuscated != "":
			obf++
			obfHit += b2i(hide)
			obfSub += b2i(sub)
			obfWord += b2i(word)
		case it.Kind == "complaint":
			compl++
			complHide += b2i(hide)
			complSub += b2i(sub)
			complWord += b2i(word)
			complReply += b2i(hasAny(got.Labels, "needs_reply"))
		case it.Kind == "clean":
			cleanHide += b2i(hide)
			cleanSub += b2i(sub)
		}
		if hide != it.Hide {
			misses = append(misses, fmt.Sprintf("want hide=%v got %s %v: %q", it.Hide, got.Action, got.Labels, it.Text))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-14s %-4s %9s %7s %6s %5s\n", "decision", "lang", "precision", "recall", "F1", "n")
	for _, what := range []string{"toxic", "spam", "hide", "cat:insult", "cat:harassment", "cat:threat", "cat:hate", "cat:sexual", "cat:spam", "cat:scam"} {
		for _, lang := range []string{"en", "fr", "all"} {
			c := m[key{what, lang}]
			if c == nil {
				continue
			}
			fmt.Fprintf(&b, "%-14s %-4s %9.3f %7.3f %6.3f %5d\n", what, lang, c.precision(), c.recall(), c.f1(), c.tp+c.fn)
		}
	}
	fmt.Fprintf(&b, "language accuracy: %.3f\n", m[key{"language", "all"}].recall())
	fmt.Fprintf(&b, "\n%-40s %8s %10s %10s\n", "", "scorer", "substring", "whole word")
	fmt.Fprintf(&b, "%-40s %8.3f %10.3f %10.3f\n", "recall on obfuscated toxic comments", ratio(obfHit, obf), ratio(obfSub, obf), ratio(obfWord, obf))
	fmt.Fprintf(&b, "%-40s %8d %10d %10d\n", fmt.Sprintf("complaints hidden (of %d)", compl), complHide, complSub, complWord)
	fmt.Fprintf(&b, "%-40s %8d %10d %10s\n", "clean comments hidden", cleanHide, cleanSub, "")
	fmt.Fprintf(&b, "complaints labelled needs_reply: %d of %d\n", complReply, compl)
	t.Log(b.String())
	if testing.Verbose() {
		t.Log("hide errors:\n" + strings.Join(misses, "\n"))
	}

	floors := []struct {
		what, lang string
		p, r       float64
	}{
		{"toxic", "en", 0.9, 0.9},
		{"toxic", "fr", 0.9, 0.9},
		{"spam", "en", 0.9, 0.85},
		{"spam", "fr", 0.9, 0.85},
		{"hide", "en", 0.9, 0.9},
		{"hide", "fr", 0.9, 0.9},
	}
	for _, f := range floors {
		c := m[key{f.what, f.lang}]
		if c.precision() < f.p || c.recall() < f.r {
			t.Errorf("%s/%s: got precision %.3f recall %.3f, want at least %.2f and %.2f", f.what, f.lang, c.precision(), c.recall(), f.p, f.r)
		}
	}
	if got, want := ratio(obfHit, obf), 0.9; got < want {
		t.Errorf("recall on obfuscated comments: got %.3f, want at least %.2f", got, want)
	}
	if ratio(obfHit, obf) <= ratio(obfSub, obf) || ratio(obfHit, obf) <= ratio(obfWord, obf) {
		t.Errorf("obfuscated recall: got %d of %d, baseline %d (substring) and %d (word); want the scorer ahead", obfHit, obf, obfSub, obfWord)
	}
	if complHide != 0 || complHide >= complSub {
		t.Errorf("complaints hidden: got %d, baseline %d; want none and fewer than the baseline", complHide, complSub)
	}
	if got, want := ratio(complReply, compl), 0.85; got < want {
		t.Errorf("complaints labelled needs_reply: got %.3f, want at least %.2f", got, want)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
