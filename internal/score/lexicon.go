package score

import (
	"bufio"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// entry is one listed term: a word or a phrase of several words.
type entry struct {
	term     string // as listed, for reasons
	category category
	weight   float64
	lang     string // "en", "fr", or "" for both
	words    []string
	// doubtful terms are the ones the training data often finds alone in
	// clean comments (data/lone.tsv): alone, they hide only if the model
	// agrees.
	doubtful bool
}

// phraseSet matches terms on token boundaries: one map lookup per token
// form, then a check of the following tokens for terms of several words.
type phraseSet struct {
	single map[string]int32
	multi  map[string][]int32
	words  [][]string
}

func newPhraseSet() *phraseSet {
	return &phraseSet{single: map[string]int32{}, multi: map[string][]int32{}}
}

// add registers words under id; the first id registered for a key wins.
func (p *phraseSet) add(words []string, id int32) {
	for int(id) >= len(p.words) {
		p.words = append(p.words, nil)
	}
	p.words[id] = words
	switch len(words) {
	case 0:
	case 1:
		if _, ok := p.single[words[0]]; !ok {
			p.single[words[0]] = id
		}
	default:
		p.multi[words[0]] = append(p.multi[words[0]], id)
	}
}

// at calls fn for each term starting at token i, with the number of tokens
// it covers. skip reports tokens that must not be matched.
func (p *phraseSet) at(t *tokens, i int, skip []bool, fn func(id int32, n int)) {
	tok := &t.toks[i]
	for k := range int(tok.nforms) {
		f := t.form(i, k)
		if id, ok := p.single[f]; ok {
			fn(id, 1)
		}
		for _, id := range p.multi[f] {
			if n := p.follows(t, i, p.words[id], skip); n > 0 {
				fn(id, n)
			}
		}
	}
}

// follows reports how many tokens words covers from i, or 0.
func (p *phraseSet) follows(t *tokens, i int, words []string, skip []bool) int {
	if i+len(words) > len(t.toks) {
		return 0
	}
	for j, w := range words[1:] {
		if skip != nil && skip[i+1+j] || !t.hasForm(i+1+j, w) {
			return 0
		}
	}
	return len(words)
}

func (t *tokens) hasForm(i int, w string) bool {
	for k := range int(t.toks[i].nforms) {
		if t.form(i, k) == w {
			return true
		}
	}
	if sq := t.toks[i].squeeze; sq.b > sq.a && t.text[sq.a:sq.b] == w {
		return true
	}
	return t.res != nil && t.res[i] == w
}

// lexicon is the word lists: terms by folded words, by squeezed spelling
// (for tokens with repeated letters) and by first letter (for masks).
type lexicon struct {
	entries  []entry
	set      *phraseSet
	squeezed map[string]int32
	byFirst  map[byte][]int32
}

// words tokenizes a listed term the way comments are tokenized.
func (z *tokenizer) words(term string) []string {
	if isLetters(term) { // most listed terms: skip the tokenizer
		return []string{term}
	}
	t := z.tokenize(term, nil)
	out := make([]string, 0, len(t.toks))
	for i := range t.toks {
		out = append(out, t.form(i, 0))
	}
	return out
}

func loadLexicon(z *tokenizer, tsv string) *lexicon {
	l := &lexicon{set: newPhraseSet(), squeezed: map[string]int32{}, byFirst: map[byte][]int32{}}
	sc := bufio.NewScanner(strings.NewReader(tsv))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			continue
		}
		c, ok := categoryByName[f[1]]
		w, err := strconv.ParseFloat(f[2], 64)
		if !ok || err != nil {
			continue
		}
		lang := f[3]
		if lang == "*" {
			lang = ""
		}
		words := z.words(f[0])
		if len(words) == 0 {
			continue
		}
		id := int32(len(l.entries))
		l.entries = append(l.entries, entry{term: f[0], category: c, weight: w, lang: lang, words: words})
		l.set.add(words, id)
		if len(words) == 1 && isLetters(words[0]) {
			sq := squeeze(words[0])
			if _, ok := l.squeezed[sq]; !ok && len(sq) >= 3 {
				l.squeezed[sq] = id
			}
			if w >= 0.5 {
				l.byFirst[words[0][0]] = append(l.byFirst[words[0][0]], id)
			}
		}
	}
	for _, ids := range l.byFirst {
		sort.SliceStable(ids, func(a, b int) bool { return l.entries[ids[a]].weight > l.entries[ids[b]].weight })
	}
	return l
}

func isLetters(s string) bool {
	for i := range len(s) {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

func squeeze(s string) string {
	b := make([]byte, 0, len(s))
	for i := range len(s) {
		if i == 0 || s[i] != s[i-1] {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// masked finds the listed word a masked token stands for (f*ck, p***n):
// same first letter, letters in place, and each run of k masks standing
// for k-1 to k+1 letters.
func (l *lexicon) masked(form string) (int32, bool) {
	if !maskable(form) {
		return 0, false
	}
	for _, id := range l.byFirst[form[0]] {
		if maskMatch(form, l.entries[id].words[0]) {
			return id, true
		}
	}
	return 0, false
}

// maskable reports a masked form worth matching: a letter first, and few
// enough masks that matching stays cheap (each run tries three lengths).
func maskable(form string) bool {
	if form == "" || form[0] < 'a' || form[0] > 'z' || len(form) > maxMasked {
		return false
	}
	return strings.Count(form, "*")-strings.Count(form, "**") <= 4
}

// maxMasked is longer than any listed word.
const maxMasked = 32

func maskMatch(p, w string) bool {
	if p == "" {
		return w == ""
	}
	if p[0] != '*' {
		return w != "" && w[0] == p[0] && maskMatch(p[1:], w[1:])
	}
	k := 0
	for k < len(p) && p[k] == '*' {
		k++
	}
	for n := max(1, k-1); n <= k+1 && n <= len(w); n++ {
		if maskMatch(p[k:], w[n:]) {
			return true
		}
	}
	return false
}

// markDoubtful marks the terms data/lone.tsv lists (term, then how often
// it stood alone in clean and in all training comments); a term the lists
// do not hold is an error, so a stale file fails the tests.
func (l *lexicon) markDoubtful(tsv string) error {
	byTerm := make(map[string][]int, len(l.entries))
	for i, e := range l.entries {
		byTerm[e.term] = append(byTerm[e.term], i)
	}
	for _, line := range dataLines(tsv) {
		term, _, _ := strings.Cut(line, "\t")
		ids, ok := byTerm[term]
		if !ok {
			return fmt.Errorf("score: data/lone.tsv: %q is not a listed term", term)
		}
		for _, i := range ids {
			l.entries[i].doubtful = true
		}
	}
	return nil
}
