package score

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
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

func loadDev(tb testing.TB) []devItem { return readLines[devItem](tb, "testdata/dev.jsonl") }

// readLines reads a file of JSON lines, gzipped when its name says so.
func readLines[T any](tb testing.TB, path string) []T {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
	}
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		var it T
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			tb.Fatalf("%s line %d: %v", path, len(out)+1, err)
		}
		out = append(out, it)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return out
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

type evalKey struct{ what, lang string }

// evaluation holds the figures of one labelled set.
type evaluation struct {
	m                                     map[evalKey]*confusion
	obf, obfHit, obfSub, obfWord          int
	compl, complHide, complSub, complWord int
	complReply, cleanHide, cleanSub, n    int
	misses                                []string
}

func (e *evaluation) c(what, lang string) confusion {
	if c := e.m[evalKey{what, lang}]; c != nil {
		return *c
	}
	return confusion{}
}

func evaluate(tb testing.TB, items []devItem) *evaluation {
	s, p := New(), DefaultPolicy()
	bl := newBaseline(tb)
	e := &evaluation{m: map[evalKey]*confusion{}, n: len(items)}
	add := func(what, lang string, truth, pred bool) {
		for _, l := range []string{lang, "all"} {
			k := evalKey{what, l}
			if e.m[k] == nil {
				e.m[k] = &confusion{}
			}
			e.m[k].add(truth, pred)
		}
	}
	for _, it := range items {
		got := s.ScoreLang(it.Text, "", p)
		hide := got.Action == relais.ActionHide
		add("toxic", it.Lang, it.Kind == "toxic", hasAny(got.Labels, toxicLabels...))
		add("spam", it.Lang, it.Kind == "spam", hasAny(got.Labels, "spam", "scam"))
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
			e.obf++
			e.obfHit += b2i(hide)
			e.obfSub += b2i(sub)
			e.obfWord += b2i(word)
		case it.Kind == "complaint":
			e.compl++
			e.complHide += b2i(hide)
			e.complSub += b2i(sub)
			e.complWord += b2i(word)
			e.complReply += b2i(hasAny(got.Labels, "needs_reply"))
		case it.Kind == "clean":
			e.cleanHide += b2i(hide)
			e.cleanSub += b2i(sub)
		}
		if hide != it.Hide {
			e.misses = append(e.misses, fmt.Sprintf("want hide=%v got %s %v: %q", it.Hide, got.Action, got.Labels, it.Text))
		}
	}
	return e
}

// table renders the figures, for t.Log.
func (e *evaluation) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-14s %-4s %9s %7s %6s %5s\n", "decision", "lang", "precision", "recall", "F1", "n")
	for _, what := range []string{"toxic", "spam", "hide", "cat:insult", "cat:harassment", "cat:threat", "cat:hate", "cat:sexual", "cat:spam", "cat:scam"} {
		for _, lang := range []string{"en", "fr", "all"} {
			if c, ok := e.m[evalKey{what, lang}]; ok {
				fmt.Fprintf(&b, "%-14s %-4s %9.3f %7.3f %6.3f %5d\n", what, lang, c.precision(), c.recall(), c.f1(), c.tp+c.fn)
			}
		}
	}
	fmt.Fprintf(&b, "language accuracy: %.3f (%d comments)\n", e.c("language", "all").recall(), e.n)
	fmt.Fprintf(&b, "\n%-40s %8s %10s %10s\n", "", "scorer", "substring", "whole word")
	if e.obf > 0 {
		fmt.Fprintf(&b, "%-40s %8.3f %10.3f %10.3f\n", "recall on obfuscated toxic comments", ratio(e.obfHit, e.obf), ratio(e.obfSub, e.obf), ratio(e.obfWord, e.obf))
	}
	fmt.Fprintf(&b, "%-40s %8d %10d %10d\n", fmt.Sprintf("complaints hidden (of %d)", e.compl), e.complHide, e.complSub, e.complWord)
	fmt.Fprintf(&b, "%-40s %8d %10d\n", "clean comments hidden", e.cleanHide, e.cleanSub)
	fmt.Fprintf(&b, "complaints labelled needs_reply: %d of %d\n", e.complReply, e.compl)
	return b.String()
}

// TestEvaluation measures the scorer on the labelled development set and
// compares it with the keyword baseline. Floors sit a little under what
// the set measures, to catch regressions without chasing noise.
func TestEvaluation(t *testing.T) {
	items := loadDev(t)
	if len(items) < 300 {
		t.Fatalf("dev set has %d items, want at least 300", len(items))
	}
	e := evaluate(t, items)
	t.Log(e.table())
	if testing.Verbose() {
		t.Log("hide errors:\n" + strings.Join(e.misses, "\n"))
	}
	floors := []struct {
		what, lang string
		p, r       float64
	}{
		{"toxic", "en", 0.95, 0.95},
		{"toxic", "fr", 0.95, 0.95},
		{"spam", "en", 0.9, 0.95},
		{"spam", "fr", 0.95, 0.95},
		{"hide", "en", 0.97, 0.97},
		{"hide", "fr", 0.97, 0.95},
	}
	for _, f := range floors {
		c := e.c(f.what, f.lang)
		if c.precision() < f.p || c.recall() < f.r {
			t.Errorf("%s/%s: got precision %.3f recall %.3f, want at least %.2f and %.2f", f.what, f.lang, c.precision(), c.recall(), f.p, f.r)
		}
	}
	if got, want := ratio(e.obfHit, e.obf), 0.95; got < want {
		t.Errorf("recall on obfuscated comments: got %.3f, want at least %.2f", got, want)
	}
	if e.obfHit <= e.obfSub || e.obfHit <= e.obfWord {
		t.Errorf("obfuscated recall: got %d of %d, baseline %d (substring) and %d (word); want the scorer ahead", e.obfHit, e.obf, e.obfSub, e.obfWord)
	}
	if e.complHide != 0 || e.complHide >= e.complSub {
		t.Errorf("complaints hidden: got %d, baseline %d; want none and fewer than the baseline", e.complHide, e.complSub)
	}
	if e.cleanHide != 0 {
		t.Errorf("clean comments hidden: got %d, want 0", e.cleanHide)
	}
	if got, want := ratio(e.complReply, e.compl), 0.85; got < want {
		t.Errorf("complaints labelled needs_reply: got %.3f, want at least %.2f", got, want)
	}
}

// TestHoldout measures a second set, written after the dev set's rules
// were in place. Its first measurement (hide precision 0.923, recall
// 0.632) is the honest estimate on unseen comments; its misses then led
// to general fixes (question forms, "bunch of", compounds, handles, names,
// French idioms), so its figures now are optimistic too. The floors only
// guard against regressions.
func TestHoldout(t *testing.T) {
	e := evaluate(t, readLines[devItem](t, "testdata/holdout.jsonl"))
	t.Log(e.table())
	if testing.Verbose() {
		t.Log("hide errors:\n" + strings.Join(e.misses, "\n"))
	}
	hide := e.c("hide", "all")
	if hide.precision() < 0.95 || hide.recall() < 0.9 {
		t.Errorf("hide: got precision %.3f recall %.3f, want at least 0.95 and 0.90", hide.precision(), hide.recall())
	}
	if e.complHide > e.complSub {
		t.Errorf("complaints hidden: got %d, baseline %d; want no more than the baseline", e.complHide, e.complSub)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
