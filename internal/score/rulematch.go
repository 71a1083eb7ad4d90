package score

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Matching the phrase rules on one comment's tokens.

// altAt reports how many tokens alternative a covers from token i, or 0.
func altAt(t *tokens, i int, a []string) int {
	if i+len(a) > len(t.toks) {
		return 0
	}
	for j, w := range a {
		tok := &t.toks[i+j]
		switch w {
		case "<num>":
			if tok.kind != kNumber {
				return 0
			}
			continue
		case "<money>":
			if !t.isMoney(i + j) {
				return 0
			}
			continue
		}
		if !t.hasForm(i+j, w) {
			return 0
		}
	}
	return len(a)
}

// slotAt reports how many tokens slot s covers from token i, or 0.
func slotAt(t *tokens, i int, s *slot) int {
	if s.any {
		if i < len(t.toks) && t.toks[i].kind != kEntity {
			return 1
		}
		return 0
	}
	if i >= len(t.toks) {
		return 0
	}
	n := 0
	keys(t, i, func(w string) {
		for _, ai := range s.byKey[w] {
			n = max(n, altAt(t, i, s.alts[ai]))
		}
	})
	return n
}

// matchFrom matches slots from token i and returns the end of the match.
func matchFrom(t *tokens, i int, slots []slot) (int, bool) {
	if len(slots) == 0 {
		return i, true
	}
	s := &slots[0]
	for g := 0; g <= s.gap && i+g < len(t.toks); g++ {
		if n := slotAt(t, i+g, s); n > 0 {
			if end, ok := matchFrom(t, i+g+n, slots[1:]); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// isMoney reports an amount: a number written with a currency sign or a
// k, or followed by a currency word.
func (t *tokens) isMoney(i int) bool {
	tok := &t.toks[i]
	if tok.kind != kNumber {
		return false
	}
	if strings.ContainsAny(t.form(i, 0), "$€£k") {
		return true
	}
	if i+1 < len(t.toks) {
		switch t.form(i+1, 0) {
		case "euros", "euro", "eur", "dollars", "dollar", "usd", "usdt", "balles", "k", "pounds", "gbp":
			return true
		}
	}
	return false
}

// keys returns the words token i is looked up under in the rule indexes.
func keys(t *tokens, i int, fn func(string)) {
	tok := &t.toks[i]
	for k := range int(tok.nforms) {
		fn(t.form(i, k))
	}
	if tok.squeeze.b > tok.squeeze.a {
		fn(t.text[tok.squeeze.a:tok.squeeze.b])
	}
	if t.res[i] != "" {
		fn(t.res[i])
	}
	if tok.kind == kNumber {
		fn("<num>")
		fn("<money>")
	}
}

func (r *run) matchRules(t *tokens, m *model) {
	rs := m.rules
	for i := range t.toks {
		keys(t, i, func(w string) {
			for _, id := range rs.first[w] {
				if countID(r.seenRul, id) >= maxRuleHits(rs.list[id].category) {
					continue
				}
				if end, ok := matchFrom(t, i, rs.list[id].slots); ok {
					r.seenRul = append(r.seenRul, id)
					r.hitRule(t, &rs.list[id], i, end)
				}
			}
			for _, bs := range rs.bag[w] {
				rl := &rs.list[bs[0]]
				if slotAt(t, i, &rl.slots[bs[1]]) > 0 {
					r.bagBits[m.bagSlot[bs[0]]] |= 1 << bs[1]
				}
			}
		})
	}
	for bi, id := range rs.bags {
		rl := &rs.list[id]
		if r.bagBits[bi] == 1<<len(rl.slots)-1 {
			r.count(rl, rl.weight, fmt.Sprintf("%s: rule %q", categoryNames[rl.category], rl.text))
		}
	}
}

func countID(ids []int32, id int32) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	return n
}

// maxRuleHits lets an abuse rule count twice ("nobody cares... go away"),
// while a complaint cue counts once: a customer naming an order and a
// delivery is not twice as unhappy.
func maxRuleHits(c category) int {
	if c == catComplaint {
		return 1
	}
	return 2
}

func (r *run) hitRule(t *tokens, rl *rule, start, end int) {
	a, b := t.toks[start].orig.a, t.toks[end-1].orig.b
	w, why := rl.weight, fmt.Sprintf("%s: rule %q (tokens %d-%d, %q)", categoryNames[rl.category], shortRule(rl.text), start+1, end, t.input[a:b])
	if r.quotedAbuse(rl.category, w, start, end) {
		w, why = 0, why+", quoted"
	}
	r.count(rl, w, why)
}

// count adds what a rule found to its category.
func (r *run) count(rl *rule, w float64, why string) {
	r.ruled = r.ruled || w > 0
	if rl.linked && rl.category == catSpam {
		r.linkSpamKeep *= 1 - unit(w)
	}
	r.add(rl.category, w, why)
}

// shortRule keeps reasons readable: long alternative lists are cut.
func shortRule(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 57
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
