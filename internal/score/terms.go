package score

import (
	"fmt"
	"strings"
)

// policyTerms are a policy's own term lists, compiled once per policy.
type policyTerms struct {
	allowed *phraseSet // allowed terms and brand words
	blocked *phraseSet
	terms   []string // blocked terms as written, by id
	brands  []string // folded brand words, for look-alike links
}

// maxTermCache bounds the compiled policies kept; past it the cache starts
// over (a moderator serves a handful of clients).
const maxTermCache = 256

func (s *Scorer) policyTerms(m *model, p Policy) *policyTerms {
	key := p.termKey(s.seed)
	if key == 0 {
		return nil
	}
	if pt, ok := s.terms.Load(key); ok {
		return pt.(*policyTerms)
	}
	z := &tokenizer{f: m.folder}
	pt := &policyTerms{allowed: newPhraseSet(), blocked: newPhraseSet(), terms: p.Blocked}
	for i, b := range p.Blocked {
		pt.blocked.add(z.words(b), int32(i))
	}
	for i, a := range append(append([]string(nil), p.Allowed...), p.Brands...) {
		pt.allowed.add(z.words(a), int32(i))
	}
	for _, b := range p.Brands {
		for _, w := range z.words(b) {
			if len(w) >= 3 {
				pt.brands = append(pt.brands, w)
			}
		}
	}
	n := 0
	s.terms.Range(func(any, any) bool { n++; return n <= maxTermCache })
	if n > maxTermCache {
		s.terms.Clear()
	}
	s.terms.Store(key, pt)
	return pt
}

// unmentionBrands drops the <mention> reading of the brand's own handles:
// "I sent a DM to @acme" is a customer, not a spammer.
func (pt *policyTerms) unmentionBrands(t *tokens) {
	for i := range t.toks {
		tok := &t.toks[i]
		if tok.nforms < 2 || t.form(i, int(tok.nforms)-1) != "<mention>" {
			continue
		}
		for _, b := range pt.brands {
			if strings.Contains(t.form(i, 0), b) {
				tok.nforms--
				break
			}
		}
	}
}

func (r *run) matchBlocked(t *tokens, pt *policyTerms) {
	for i := range t.toks {
		if t.toks[i].kind != kWord || r.skip[i] {
			continue
		}
		pt.blocked.at(t, i, nil, func(id int32, _ int) {
			if !seen(&r.seenLex, -1-id) {
				r.ruled = true
				r.add(catBlocked, 1, r.reasonFor("blocked", pt.terms[id], t, &t.toks[i], i))
			}
		})
	}
}

// linkSignals flags links whose host borrows a brand word with a support
// word: fake brand support.
func (r *run) linkSignals(t *tokens, pt *policyTerms, support []string) {
	for i := range t.toks {
		tok := &t.toks[i]
		if tok.kind != kEntity || t.form(i, 0) == phPhone || t.form(i, 0) == phEmail {
			continue
		}
		host := urlHost(t.orig(tok))
		for _, b := range pt.brands {
			if !strings.Contains(host, b) {
				continue
			}
			for _, sw := range support {
				if strings.Contains(host, sw) {
					r.ruled = true
					r.add(catScam, 0.85, fmt.Sprintf("scam: link %q looks like %q support (token %d)", host, b, i+1))
					return
				}
			}
		}
	}
}
