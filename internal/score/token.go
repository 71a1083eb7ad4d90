package score

import (
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	kWord tokKind = iota
	kNumber
	kEmoji
	kEntity
)

// maxForms bounds the spellings kept per token: as written, leet read with
// 1 as i, leet read with 1 as l or with digits dropped, and letter runs
// squeezed to two.
const maxForms = 4

type span struct{ a, b int32 }

// token is one word, number, emoji or extracted entity. Its forms live in
// the tokenizer's buffer, so that tokenizing a comment allocates one string.
type token struct {
	kind    tokKind
	masked  bool  // holds * or # standing for letters (f*ck)
	nforms  uint8 // forms used
	forms   [maxForms]span
	squeeze span // every letter run squeezed to one, set when a run of 3+ was seen
	orig    span // byte range in the input
}

// tokens is a tokenized comment: strings are slices of text.
type tokens struct {
	input string
	text  string // folded forms, one allocation per comment
	toks  []token
	joins []token // spaced or dotted letters rejoined (c o n n a r d)
	// res holds, by token, the listed word a masked or stretched spelling
	// was read as (f*ck, fuuuck), so that phrase rules see it too.
	res []string
}

func (t *tokens) form(i, k int) string {
	f := t.toks[i].forms[k]
	return t.text[f.a:f.b]
}

func (t *tokens) orig(tok *token) string { return t.input[tok.orig.a:tok.orig.b] }

// entity is a span of the input read as a URL, e-mail or phone number; its
// placeholder is what rules see instead of the text.
type entity struct {
	start, end  int
	placeholder string
}

// tokenizer turns text into tokens; it is reused through a sync.Pool.
type tokenizer struct {
	f folder
	// known is the vocabulary of word lists and rules: rejoined letters
	// that spell a known word replace the single letters, so phrase rules
	// read them too.
	known  map[string]bool
	buf    []byte
	origAt []int32 // input offset of each chunk byte
	chunk  []byte
	toks   []token
	joins  []token
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', '`', '´', 'ʼ', '′':
		return true
	}
	return false
}

// isChunkSymbol reports the symbols kept inside a word: leet letters,
// masks and the joiners that split or rejoin (. - _).
func isChunkSymbol(c byte) bool {
	switch c {
	case '@', '$', '!', '|', '+', '*', '#', '.', '-', '_':
		return true
	}
	return false
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 0x80 }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }

func isEmoji(r rune) bool {
	return r >= 0x2190 && (unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r)) && !(r >= 0x1F130 && r <= 0x1F1FF)
}

// tokenize reads text, skipping entity spans, which become placeholder
// tokens. ents is sorted by start.
func (z *tokenizer) tokenize(text string, ents []entity) tokens {
	z.buf, z.chunk, z.origAt, z.toks, z.joins = z.buf[:0], z.chunk[:0], z.origAt[:0], z.toks[:0], z.joins[:0]
	chunkStart := -1
	flush := func(end int) {
		if chunkStart >= 0 {
			z.origAt = append(z.origAt, int32(end))
			z.addChunk()
		}
		chunkStart = -1
		z.chunk, z.origAt = z.chunk[:0], z.origAt[:0]
	}
	for i := 0; i < len(text); {
		if len(ents) > 0 && i >= ents[0].start {
			flush(i)
			e := ents[0]
			ents = ents[1:]
			a := len(z.buf)
			z.buf = append(z.buf, e.placeholder...)
			z.toks = append(z.toks, token{kind: kEntity, nforms: 1, forms: [maxForms]span{{int32(a), int32(len(z.buf))}}, orig: span{int32(e.start), int32(e.end)}})
			i = e.end
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1, unicode.IsSpace(r), isApostrophe(r):
			flush(i)
		case isEmoji(r) && !z.f.letter(r):
			flush(i)
			a := len(z.buf)
			z.buf = utf8.AppendRune(z.buf, r)
			z.toks = append(z.toks, token{kind: kEmoji, nforms: 1, forms: [maxForms]span{{int32(a), int32(len(z.buf))}}, orig: span{int32(i), int32(i + size)}})
		default:
			n := len(z.chunk)
			z.chunk = z.f.fold(z.chunk, r)
			switch {
			case len(z.chunk) == n: // invisible: does not split a word
			case !wordBytes(z.chunk[n:]):
				z.chunk = z.chunk[:n]
				flush(i)
			default:
				if chunkStart < 0 {
					chunkStart = i
				}
				for range len(z.chunk) - n {
					z.origAt = append(z.origAt, int32(i))
				}
			}
		}
		i += size
	}
	flush(len(text))
	z.findJoins()
	s := string(z.buf)
	return tokens{input: text, text: s, toks: z.toks, joins: z.joins}
}

// wordBytes reports whether folded bytes can be part of a word: letters,
// digits, the chunk symbols and the currency signs read as leet.
func wordBytes(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case r < utf8.RuneSelf:
			c := byte(r)
			if !isLetterByte(c) && !isDigit(c) && !isChunkSymbol(c) {
				return false
			}
		case r == '€' || r == '£' || r == '¢' || unicode.IsLetter(r) || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}

func isTrimmed(c byte) bool {
	switch c {
	case '.', '!', '-', '_', '+', '#', '|':
		return true
	}
	return false
}

// addChunk turns the folded chunk (a run without spaces) into tokens.
func (z *tokenizer) addChunk() {
	c := z.chunk
	a, b := 0, len(c)
	mention := false
	for a < b && (isTrimmed(c[a]) || c[a] == '@' && a+1 < b && isLetterByte(c[a+1])) {
		mention = mention || c[a] == '@'
		a++
	}
	for b > a && isTrimmed(c[b-1]) {
		b--
	}
	if b-a >= 2 && c[a] == '*' && c[b-1] == '*' { // *emphasis*
		a, b = a+1, b-1
	}
	if a >= b {
		return
	}
	// Split on joiners; single letters split by joiners are one word.
	parts := 0
	single := true
	for p := a; p < b; {
		q := p
		for q < b && c[q] != '.' && c[q] != '-' && c[q] != '_' {
			q++
		}
		if q > p {
			parts++
			if utf8.RuneCount(c[p:q]) != 1 {
				single = false
			}
		}
		p = q + 1
	}
	first := len(z.toks)
	if parts >= 3 && single {
		z.addPart(a, b, true)
	} else {
		for p := a; p < b; {
			q := p
			for q < b && c[q] != '.' && c[q] != '-' && c[q] != '_' {
				q++
			}
			if q > p {
				z.addPart(p, q, false)
			}
			p = q + 1
		}
	}
	// A handle (@name) is also read as <mention>, for "DM @name" rules.
	if mention && first < len(z.toks) {
		start := len(z.buf)
		z.buf = append(z.buf, "<mention>"...)
		z.keepForm(&z.toks[first], start)
	}
}

// addPart adds the token for chunk[a:b]; dropJoiners removes . - _ (for
// rejoined single letters).
func (z *tokenizer) addPart(a, b int, dropJoiners bool) {
	c := z.chunk[a:b]
	letters, digits, symbols, masks := 0, 0, 0, 0
	for _, ch := range c {
		switch {
		case isLetterByte(ch):
			letters++
		case isDigit(ch):
			digits++
		case ch == '*' || ch == '#':
			masks++
		case ch == '.' || ch == '-' || ch == '_':
		default:
			symbols++
		}
	}
	if letters == 0 && digits == 0 {
		return
	}
	t := token{orig: span{z.origAt[a], z.origAt[b]}}
	start := len(z.buf)
	for _, ch := range c {
		if !dropJoiners || (ch != '.' && ch != '-' && ch != '_') {
			z.buf = append(z.buf, ch)
		}
	}
	t.forms[0] = span{int32(start), int32(len(z.buf))}
	t.nforms = 1
	raw := z.buf[start:]
	switch {
	case letters == 0 || numberish(raw):
		t.kind = kNumber
	case digits+symbols+masks > 0:
		t.masked = masks > 0 && letters >= 2 && raw[0] != '*' && raw[0] != '#'
		if digits+symbols > 0 {
			z.addLeet(&t, 'i', false)
			z.addLeet(&t, 'l', false)
			z.addLeet(&t, 0, true)
		}
	}
	if t.kind == kWord {
		z.addSqueeze(&t)
	}
	z.toks = append(z.toks, t)
}

// numberish reports tokens such as 10k, 24h, x10, 2nd or 3eme that are
// numbers with a unit, never leet.
func numberish(b []byte) bool {
	for _, sign := range [...]string{"$", "€", "£"} {
		if len(b) > len(sign) && string(b[:len(sign)]) == sign {
			b = b[len(sign):]
			break
		}
	}
	i := 0
	if len(b) > 1 && b[0] == 'x' {
		i = 1
	}
	d := i
	for d < len(b) && (isDigit(b[d]) || b[d] == ',' || b[d] == '.') {
		d++
	}
	if d == i {
		return false
	}
	switch string(b[d:]) {
	case "", "k", "m", "x", "h", "e", "er", "eme", "st", "nd", "rd", "th", "min", "j", "g", "gb", "go", "mo", "hz", "km", "kg", "cm", "mm", "ml", "€", "$", "£", "$$":
		return true
	}
	return false
}

// addLeet appends a leet reading of the token's first form: one reads 1
// and | as i, another as l; strip drops digits and symbols instead.
func (z *tokenizer) addLeet(t *token, one byte, strip bool) {
	start := len(z.buf)
	raw := z.buf[t.forms[0].a:t.forms[0].b]
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRune(raw[i:])
		i += size
		switch l := leetRune(r); {
		case r == '*' || r == '#':
			z.buf = append(z.buf, '*')
		case strip && (r < 128 && !isLetterByte(byte(r)) || r == '€' || r == '£' || r == '¢'):
		case !strip && (r == '1' || r == '|') && one != 0:
			z.buf = append(z.buf, one)
		case !strip && l != 0:
			z.buf = append(z.buf, l)
		default:
			z.buf = utf8.AppendRune(z.buf, r)
		}
	}
	z.keepForm(t, start)
}

// keepForm keeps buf[start:] as a new form of t unless it repeats one.
func (z *tokenizer) keepForm(t *token, start int) {
	f := z.buf[start:]
	if len(f) == 0 || int(t.nforms) == maxForms {
		z.buf = z.buf[:start]
		return
	}
	for k := range t.nforms {
		if string(z.buf[t.forms[k].a:t.forms[k].b]) == string(f) {
			z.buf = z.buf[:start]
			return
		}
	}
	t.forms[t.nforms] = span{int32(start), int32(len(z.buf))}
	t.nforms++
}

// addSqueeze handles repeated letters: a run of three or more becomes two
// (a new form) and every run becomes one (the squeeze, matched against the
// squeezed word list).
func (z *tokenizer) addSqueeze(t *token) {
	src := t.forms[0]
	if t.nforms > 1 {
		src = t.forms[1] // the leet reading holds the letters
	}
	w := z.buf[src.a:src.b]
	long := false
	for i := 2; i < len(w); i++ {
		if w[i] == w[i-1] && w[i] == w[i-2] && isLetterByte(w[i]) {
			long = true
			break
		}
	}
	if !long {
		return
	}
	start := len(z.buf)
	for i := range len(w) {
		if i < 2 || w[i] != w[i-1] || w[i] != w[i-2] {
			z.buf = append(z.buf, z.buf[int(src.a)+i])
		}
	}
	z.keepForm(t, start)
	start = len(z.buf)
	for i := range len(w) {
		if i == 0 || z.buf[int(src.a)+i] != z.buf[int(src.a)+i-1] {
			z.buf = append(z.buf, z.buf[int(src.a)+i])
		}
	}
	t.squeeze = span{int32(start), int32(len(z.buf))}
}

// findJoins rejoins runs of three or more single-letter words (c o n n a r
// d). The longest known word inside a run replaces its letters, so that
// phrase rules read it too ("à t o i": "a" then "toi"); the whole run is
// also kept aside for the word lists.
func (z *tokenizer) findJoins() {
	out := z.toks[:0]
	for i := 0; i < len(z.toks); {
		j := i
		for j < len(z.toks) && z.single(j) {
			j++
		}
		if j-i < 3 {
			out = append(out, z.toks[i])
			i++
			continue
		}
		whole := z.join(i, j)
		z.joins = append(z.joins, whole)
		s, e, ok := z.knownIn(i, j)
		if !ok {
			out = append(out, z.toks[i:j]...)
			i = j
			continue
		}
		out = append(out, z.toks[i:s]...)
		out = append(out, z.join(s, e))
		out = append(out, z.toks[e:j]...)
		i = j
	}
	z.toks = out
}

// join builds one token from the single letters toks[i:j].
func (z *tokenizer) join(i, j int) token {
	t := token{orig: span{z.toks[i].orig.a, z.toks[j-1].orig.b}, nforms: 1}
	start := len(z.buf)
	for k := i; k < j; k++ {
		f := z.toks[k].forms[0]
		z.buf = append(z.buf, z.buf[f.a:f.b]...)
	}
	t.forms[0] = span{int32(start), int32(len(z.buf))}
	z.addSqueeze(&t)
	return t
}

// maxJoin bounds the letters rejoined into one word, and so the work on
// long runs of single letters.
const maxJoin = 24

// knownIn finds the longest run of three or more letters in toks[i:j]
// that spells a known word.
func (z *tokenizer) knownIn(i, j int) (int, int, bool) {
	for n := min(j-i, maxJoin); n >= 3; n-- {
		for s := i; s+n <= j; s++ {
			z.chunk = z.chunk[:0]
			for k := s; k < s+n; k++ {
				f := z.toks[k].forms[0]
				z.chunk = append(z.chunk, z.buf[f.a:f.b]...)
			}
			if z.known[string(z.chunk)] || z.known[squeeze(string(z.chunk))] {
				return s, s + n, true
			}
		}
	}
	return 0, 0, false
}

func (z *tokenizer) single(i int) bool {
	t := &z.toks[i]
	f := t.forms[0]
	if t.kind != kWord || t.nforms != 1 {
		return false
	}
	r, size := utf8.DecodeRune(z.buf[f.a:f.b])
	return int(f.b-f.a) == size && unicode.IsLetter(r)
}
