package score

// Counter-speech: a word that is reported or quoted ("it's offensive to
// use the word retarded", "il m'a traitée de sale arabe") is not aimed at
// anyone. Abuse the word lists or rules find there still needs a person's
// eyes, since a quote can carry an insult too, but it is never hidden for
// it alone.

// quoteScope is how many words after a mention phrase it reports.
const quoteScope = 4

// markQuoted marks the words that follow a mention phrase.
func (r *run) markQuoted(t *tokens, mentions *phraseSet) {
	r.quoted = append(r.quoted[:0], make([]bool, len(t.toks))...)
	for i := range t.toks {
		if t.toks[i].kind != kWord {
			continue
		}
		mentions.at(t, i, nil, func(_ int32, n int) {
			for k := i + n; k < min(i+n+quoteScope, len(t.toks)); k++ {
				r.quoted[k] = true
			}
		})
	}
}

// quotedAbuse reports abuse found in words tokens start..end-1 that a
// mention phrase reports; it sends the comment to review instead, and
// keeps the model, which reads the quoted words too, from hiding it.
func (r *run) quotedAbuse(c category, start, end int) bool {
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
	r.doubt, r.quotes = true, true
	return true
}
