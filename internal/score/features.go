package score

import (
	"math"
	"strings"
)

// The model reads a comment as hashed features of its normalised tokens,
// so that it sees what the word lists see: folded, de-leeted, unmasked.
//
//   - each word, and each pair of neighbouring words;
//   - the character 3- to 5-grams that start or end each word framed by
//     spaces, which carry spellings no list holds (connasse, fucktard);
//     grams from inside a word are left out, being the Scunthorpe problem
//     itself (shitake, raccoon);
//   - entity placeholders (<url>, <phone>...) as words.
//
// Words the policy or the built-in list allow are left out, as the word
// lists leave them out, and so are words listed only in the other language. Features hash into 2^featureBits buckets.
const featureBits = 18

const (
	featWord uint8 = iota
	featPair
	featChars
)

// feature is one hashed feature, and where it came from, to name it in a
// reason.
type feature struct {
	bucket uint32
	kind   uint8
	tok    int32 // the word, or the second word of a pair
	a, b   uint8 // the character n-gram's bytes in " word "
}

// maxGramWord bounds the words cut into character n-grams: longer ones
// are links or noise.
const maxGramWord = 24

// modelWord is the spelling of token i the model reads: the listed word a
// masked or stretched spelling stood for, else its de-leeted reading, else
// as written.
func modelWord(t *tokens, i int) string {
	if t.res[i] != "" {
		return t.res[i]
	}
	tok := &t.toks[i]
	switch tok.kind {
	case kNumber:
		return "<num>"
	case kEntity:
		return t.form(i, int(tok.nforms)-1)
	}
	f := t.form(i, 0)
	if tok.nforms > 1 && !isLetters(f) {
		return t.form(i, 1)
	}
	return f
}

// features appends the comment's features to dst.
func (r *run) features(t *tokens, dst []feature) []feature {
	prev := ""
	for i := range t.toks {
		if r.skip[i] || r.foreign[i] || t.toks[i].kind == kEmoji {
			prev = ""
			continue
		}
		w := modelWord(t, i)
		dst = append(dst, feature{bucket: hashFeature("w", w, ""), kind: featWord, tok: int32(i)})
		if prev != "" {
			dst = append(dst, feature{bucket: hashFeature("p", prev, w), kind: featPair, tok: int32(i)})
		}
		prev = w
		if t.toks[i].kind != kWord || len(w) > maxGramWord {
			continue
		}
		framed := len(w) + 2
		for n := 3; n <= 5 && n < framed; n++ {
			dst = append(dst, feature{bucket: hashGram(w, 0, n), kind: featChars, tok: int32(i), b: uint8(n)},
				feature{bucket: hashGram(w, framed-n, framed), kind: featChars, tok: int32(i), a: uint8(framed - n), b: uint8(framed)})
		}
	}
	return dst
}

// describe names a feature as the reasons show it: a word, a pair, or a
// piece of a word between dots (·conn·).
func describe(t *tokens, f feature) string {
	w := modelWord(t, int(f.tok))
	switch f.kind {
	case featPair:
		return modelWord(t, int(f.tok)-1) + " " + w
	case featChars:
		framed := " " + w + " "
		return "·" + strings.TrimSpace(framed[f.a:f.b]) + "·"
	}
	return w
}

// FNV-1a, 32 bits: stable across runs and machines, as the weights need.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashFeature(kind, a, b string) uint32 {
	h := uint32(fnvOffset)
	for _, s := range [...]string{kind, a, "\x00", b} {
		for i := 0; i < len(s); i++ {
			h = (h ^ uint32(s[i])) * fnvPrime
		}
	}
	return h & (1<<featureBits - 1)
}

// hashGram hashes bytes a..b of " w " without building it.
func hashGram(w string, a, b int) uint32 {
	h := uint32(fnvOffset)
	h = (h ^ 'c') * fnvPrime
	for i := a; i < b; i++ {
		c := byte(' ')
		if i > 0 && i <= len(w) {
			c = w[i-1]
		}
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h & (1<<featureBits - 1)
}

// featureWeight is each feature's value: 1/sqrt(n), so that a long
// comment does not score higher for its length alone.
func featureWeight(n int) float32 {
	if n == 0 {
		return 0
	}
	return float32(1 / math.Sqrt(float64(n)))
}
