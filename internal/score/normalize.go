package score

import (
	"bufio"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folder maps a non-ASCII rune to the lower-case, accent-free letters it is
// read as when matching: NFKC first (fullwidth and styled letters), then the
// confusables table (Cyrillic and Greek look-alikes), then accents dropped.
// An empty string drops the rune (zero-width and combining characters).
type folder map[rune]string

// foldRanges are the blocks where look-alike letters live; the table is
// built for them once, at New, and other runes are folded on the fly.
var foldRanges = [][2]rune{
	{0x80, 0x250},      // Latin-1 and Latin Extended-A/B
	{0x370, 0x530},     // Greek, Cyrillic
	{0x1D00, 0x1DC0},   // phonetic extensions (small capitals)
	{0x1E00, 0x1F00},   // Latin Extended Additional
	{0x2100, 0x2150},   // letterlike symbols
	{0x2460, 0x2500},   // circled letters
	{0xFF00, 0xFF70},   // fullwidth forms
	{0x1D400, 0x1D800}, // mathematical alphanumerics (bold, script, ...)
	{0x1F130, 0x1F150}, // squared letters
}

func newFolder(confusables string) folder {
	conf := map[rune]rune{}
	sc := bufio.NewScanner(strings.NewReader(confusables))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		hex, letter, ok := strings.Cut(line, "\t")
		cp, err := strconv.ParseUint(hex, 16, 32)
		if !ok || err != nil || letter == "" {
			continue
		}
		conf[rune(cp)] = rune(letter[0])
	}
	f := folder{}
	add := func(r rune) {
		if s := foldRune(r, conf); s != string(r) {
			f[r] = s
		}
	}
	for _, rg := range foldRanges {
		for r := rg[0]; r < rg[1]; r++ {
			add(r)
		}
	}
	for r := range conf {
		add(r)
	}
	// Negative circled and squared letters (🅐, 🅰) and regional indicators
	// have no NFKC decomposition but are used to spell words.
	for i := rune(0); i < 26; i++ {
		f[0x1F150+i] = string('a' + i)
		f[0x1F170+i] = string('a' + i)
		f[0x1F1E6+i] = string('a' + i)
	}
	return f
}

// foldRune computes a rune's folded form without the table.
func foldRune(r rune, conf map[rune]rune) string {
	if isInvisible(r) {
		return ""
	}
	var b strings.Builder
	for _, c := range norm.NFKC.String(string(r)) {
		c = unicode.ToLower(c)
		if l, ok := conf[c]; ok {
			c = l
		}
		for _, d := range norm.NFD.String(string(c)) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(unicode.ToLower(d))
			}
		}
	}
	switch s := b.String(); s {
	case "ß":
		return "ss"
	case "æ":
		return "ae"
	case "œ":
		return "oe"
	case "ø":
		return "o"
	case "đ":
		return "d"
	case "ł":
		return "l"
	case "ı":
		return "i"
	default:
		return s
	}
}

// isInvisible reports runes that render as nothing: zero-width spaces and
// joiners, format controls, combining marks and variation selectors.
func isInvisible(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || (r >= 0xFE00 && r <= 0xFE0F)
}

// fold appends the folded form of r to dst.
func (f folder) fold(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if s, ok := f[r]; ok {
		return append(dst, s...)
	}
	if isInvisible(r) {
		return dst
	}
	return utf8.AppendRune(dst, unicode.ToLower(r))
}

// foldString folds a whole string, for loading word lists and policy terms.
func (f folder) foldString(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		b = f.fold(b, r)
	}
	return string(b)
}

// leet maps the digits and symbols read as letters inside a token that
// mixes them with letters; 1 and | are also tried as l (leetAlt).
var leet = [128]byte{
	'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g',
	'@': 'a', '$': 's', '!': 'i', '|': 'i', '+': 't', '(': 'c',
}

// leetRune adds the non-ASCII symbols used as letters.
func leetRune(r rune) byte {
	switch r {
	case '€':
		return 'e'
	case '£':
		return 'l'
	case '¢':
		return 'c'
	}
	if r < 128 {
		return leet[r]
	}
	return 0
}

// letter reports a symbol that folds to letters (ⓐ, 🅰), so it is read as
// part of a word rather than as an emoji.
func (f folder) letter(r rune) bool {
	s, ok := f[r]
	return ok && s != "" && isLetterByte(s[0])
}
