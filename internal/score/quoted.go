package score

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Counter-speech: a word that is reported or quoted ("it's offensive to
// use the word retarded", "il m'a traitée de sale arabe", "stop calling
// immigrants vermin") is not aimed at anyone. Abuse the word lists or
// rules find there still needs a person's eyes, since a quote can carry
// an insult too, but it is never hidden for it alone.

// quoteScope is how many words after a mention phrase it reports, within
// its clause.
const quoteScope = 6

// quotationSpan bounds, in words, how far a quotation is looked for.
const quotationSpan = 40

// markQuoted marks the words a mention phrase reports (an opener only at
// a sentence's start): the quotation that follows it, or its next few
// words up to the clause's end; and the quotation that follows a word
// that introduces speech.
func (r *run) markQuoted(t *tokens, m *model) {
	r.quoted = append(r.quoted[:0], make([]bool, len(t.toks))...)
	for i := range t.toks {
		if t.toks[i].kind != kWord {
			continue
		}
		report := func(_ int32, n int) {
			k := i + n
			if end := quotation(t, k); end >= 0 {
				r.markWords(k, end+1)
				return
			}
			end := k
			for end < min(k+quoteScope, len(t.toks)) && !clauseBreak(gapBefore(t, end)) {
				end++
			}
			r.markWords(k, end)
		}
		m.mentions.at(t, i, nil, report)
		if i == 0 || strings.ContainsAny(gapBefore(t, i), ".!?\n") {
			m.openers.at(t, i, nil, report)
		}
		m.quoting.at(t, i, nil, func(_ int32, n int) {
			if end := quotation(t, i+n); end >= 0 {
				r.markWords(i+n, end+1)
			}
		})
	}
}

func (r *run) markWords(from, to int) {
	for k := from; k < to; k++ {
		r.quoted[k] = true
	}
}

// gapBefore is the text between token k and the one before it (or the
// comment's start).
func gapBefore(t *tokens, k int) string {
	a := int32(0)
	if k > 0 {
		a = t.toks[k-1].orig.b
	}
	return t.input[a:t.toks[k].orig.a]
}

// gapAfter is the text between token k and the next one (or the end).
func gapAfter(t *tokens, k int) string {
	b := int32(len(t.input))
	if k+1 < len(t.toks) {
		b = t.toks[k+1].orig.a
	}
	return t.input[t.toks[k].orig.b:b]
}

// clauseBreak reports whether a gap between words ends a clause: a
// sentence or clause mark with a space, or a quotation mark.
func clauseBreak(gap string) bool {
	return strings.ContainsAny(gap, ",.;:!?()") && strings.ContainsFunc(gap, unicode.IsSpace) ||
		strings.ContainsAny(gap, "\"“”«»")
}

// quotation answers the last token of a quotation that opens right before
// token k ("…", “…”, «…», '…'), or -1 when none does or it does not close.
func quotation(t *tokens, k int) int {
	if k >= len(t.toks) {
		return -1
	}
	gap := strings.TrimRightFunc(gapBefore(t, k), unicode.IsSpace)
	mark, size := utf8.DecodeLastRuneInString(gap)
	switch mark {
	case '"', '“', '«', '„':
	case '\'', '‘', '’':
		// An apostrophe opens a quotation only after a space or at the
		// start, not inside a word (l'homme, don't).
		if before := gap[:len(gap)-size]; before != "" && !strings.ContainsFunc(before, unicode.IsSpace) && k > 0 {
			return -1
		}
	default:
		return -1
	}
	for j := k; j < min(k+quotationSpan, len(t.toks)); j++ {
		after := gapAfter(t, j)
		switch {
		case strings.ContainsAny(after, "\"“”»"):
			return j
		case strings.ContainsAny(after, "'’") && (j+1 == len(t.toks) || strings.ContainsFunc(after, unicode.IsSpace)):
			return j
		}
	}
	return -1
}

// quotedAbuse reports abuse of weight w found in words tokens
// start..end-1 that a mention phrase reports; it counts apart, to send the
// comment to review instead (verdict), and keeps the model, which reads
// the quoted words too, from hiding it.
func (r *run) quotedAbuse(c category, w float64, start, end int) bool {
	switch c {
	case catInsult, catProfanity, catHate, catHarassment, catSexual:
	default:
		return false
	}
	for k := start; k < end; k++ {
		if !r.quoted[k] {
			return false
		}
	}
	r.quotes = true
	r.quotedKeep[c] *= 1 - unit(w)
	return true
}
