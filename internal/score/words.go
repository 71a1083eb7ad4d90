package score

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// markAllowed marks the tokens of allowed terms, brand words and innocent
// phrases: the word lists skip them.
func (r *run) markAllowed(t *tokens, builtin *phraseSet, pt *policyTerms) {
	r.skip = append(r.skip[:0], make([]bool, len(t.toks))...)
	r.res = append(r.res[:0], make([]string, len(t.toks))...)
	r.foreign = append(r.foreign[:0], make([]bool, len(t.toks))...)
	t.res = r.res
	mark := func(i int) func(int32, int) {
		return func(_ int32, n int) {
			for k := i; k < i+n; k++ {
				r.skip[k] = true
			}
		}
	}
	for i := range t.toks {
		if t.toks[i].kind != kWord {
			continue
		}
		builtin.at(t, i, nil, mark(i))
		if pt != nil {
			pt.allowed.at(t, i, nil, mark(i))
		}
	}
}

func (r *run) hitLex(t *tokens, l *lexicon, id int32, tok *token, idx int, lang string, sure bool) {
	if seen(&r.seenLex, id) {
		return
	}
	e := &l.entries[id]
	w := e.weight
	if e.weight < 0.9 && nameLike(t, idx) {
		w *= 0.4 // Dick Fosbury, Rod Hull: a capitalised word inside a name
	}
	switch {
	case e.lang == "" || e.lang == lang && sure:
	case e.lang != lang && sure:
		w *= 0.5 // innocent, or far milder, in the comment's language
		r.foreign[idx] = true
	default:
		w *= 0.75 // the language is a guess
	}
	why := r.reasonFor(categoryNames[e.category], e.term, t, tok, idx)
	if r.quotedAbuse(e.category, w, idx, idx+1) {
		w, why = 0, why+", quoted"
	}
	if w > 0 {
		r.listed, r.lone = r.listed+1, id
	}
	r.add(e.category, w, why)
}

// nameLike reports a capitalised word, not starting a sentence, next to
// another capitalised word: most likely part of a name.
func nameLike(t *tokens, i int) bool {
	upper := func(k int) bool {
		if k < 0 || k >= len(t.toks) || t.toks[k].kind != kWord {
			return false
		}
		r, _ := utf8.DecodeRuneInString(t.orig(&t.toks[k]))
		return unicode.IsUpper(r)
	}
	if i == 0 || !upper(i) {
		return false
	}
	before := strings.TrimRight(t.input[:t.toks[i].orig.a], " ")
	if before == "" || strings.ContainsAny(before[len(before)-1:], ".!?\n") {
		return false
	}
	return upper(i-1) || upper(i+1)
}

func vulgarAffix(affixes []affix, t *tokens, i int) (affix, bool) {
	for k := range int(t.toks[i].nforms) {
		f := t.form(i, k)
		for _, a := range affixes {
			if len(f) >= len(a.text)+2 && (a.prefix && strings.HasPrefix(f, a.text) || !a.prefix && strings.HasSuffix(f, a.text)) {
				return a, true
			}
		}
	}
	return affix{}, false
}

// reasonFor writes `insult: "connard" (token 3, from "c0nn@rd")`, and
// keeps the word as written among the matched ones.
func (r *run) reasonFor(cat, term string, t *tokens, tok *token, idx int) string {
	orig := t.orig(tok)
	if len(r.matched) < maxReasons {
		r.matched = append(r.matched, orig)
	}
	if strings.EqualFold(orig, term) {
		return fmt.Sprintf("%s: %q (token %d)", cat, term, idx+1)
	}
	return fmt.Sprintf("%s: %q (token %d, from %q)", cat, term, idx+1, orig)
}

func (r *run) matchLexicon(t *tokens, l *lexicon, affixes []affix, lang string, sure bool) {
	for i := range t.toks {
		tok := &t.toks[i]
		if r.skip[i] || tok.kind == kNumber || tok.kind == kEntity {
			continue
		}
		hit := false
		l.set.at(t, i, r.skip, func(id int32, _ int) {
			hit = true
			r.hitLex(t, l, id, tok, i, lang, sure)
		})
		// A stretched word is read both ways (cooooon: coon and con).
		if sq := tok.squeeze; sq.b > sq.a {
			if id, ok := l.squeezed[t.text[sq.a:sq.b]]; ok {
				hit = true
				t.res[i] = l.entries[id].words[0]
				r.hitLex(t, l, id, tok, i, lang, sure)
			}
		}
		if hit || tok.kind != kWord {
			continue
		}
		if id, ok := l.lookupVariant(t, i); ok {
			t.res[i] = l.entries[id].words[0]
			r.hitLex(t, l, id, tok, i, lang, sure)
			continue
		}
		if a, ok := vulgarAffix(affixes, t, i); ok {
			r.listed, r.lone = r.listed+1, -1 // an affix, not a listed term
			r.add(a.category, a.weight, r.reasonFor(categoryNames[a.category], a.show, t, tok, i))
			continue
		}
		// Two short words that make a listed one (con nard).
		if i+1 < len(t.toks) && !r.skip[i+1] && t.toks[i+1].kind == kWord {
			a, b := t.form(i, 0), t.form(i+1, 0)
			if len(a) <= 4 && len(b) <= 4 && len(a)+len(b) >= 5 {
				r.pair = append(append(r.pair[:0], a...), b...)
				if id, ok := l.set.single[string(r.pair)]; ok && len(l.entries[id].words) == 1 {
					pair := token{kind: kWord, orig: span{tok.orig.a, t.toks[i+1].orig.b}}
					r.hitLex(t, l, id, &pair, i, lang, sure)
				}
			}
		}
	}
	for j := range t.joins {
		tok := &t.joins[j]
		w := t.text[tok.forms[0].a:tok.forms[0].b]
		id, ok := l.set.single[w]
		if !ok && tok.squeeze.b > tok.squeeze.a {
			id, ok = l.squeezed[t.text[tok.squeeze.a:tok.squeeze.b]]
		}
		if ok {
			r.hitLex(t, l, id, tok, tokenIndex(t, tok.orig.a), lang, sure)
		}
	}
}

// lookupVariant tries the spellings a plain lookup misses: plurals and
// masks.
func (l *lexicon) lookupVariant(t *tokens, i int) (int32, bool) {
	tok := &t.toks[i]
	for k := range int(tok.nforms) {
		f := t.form(i, k)
		if len(f) >= 5 && f[len(f)-1] == 's' {
			if id, ok := l.set.single[f[:len(f)-1]]; ok {
				return id, true
			}
		}
	}
	if tok.masked {
		for k := range int(tok.nforms) {
			if f := t.form(i, k); strings.Contains(f, "*") {
				if id, ok := l.masked(f); ok {
					return id, true
				}
			}
		}
	}
	return 0, false
}

// unmask reads masked tokens the word lists did not know as a rule word,
// so that "tu s*rs a rien" still reads as the phrase.
func (r *run) unmask(t *tokens, words map[byte][]string) {
	for i := range t.toks {
		tok := &t.toks[i]
		if !tok.masked || t.res[i] != "" {
			continue
		}
		f := t.form(i, int(tok.nforms)-1)
		if !maskable(f) {
			continue
		}
		for _, w := range words[f[0]] {
			if maskMatch(f, w) {
				t.res[i] = w
				break
			}
		}
	}
}

func tokenIndex(t *tokens, origStart int32) int {
	for i := range t.toks {
		if t.toks[i].orig.a == origStart {
			return i
		}
	}
	return 0
}
