package threads

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length is text's length as Threads counts it against MaxText: one per
// character, except that "emojis are counted as the number of UTF-8
// bytes" (Threads Posts, Limitations). Threads does not say which
// characters it takes for emoji, so Length reads it broadly: every
// symbol (emoji, dingbats, skin tones, flags' letters), format character
// (the zero-width joiner, tags), variation selector and the combining
// keycap counts its bytes. Letters, digits, punctuation and spaces of
// any script count one, so accented text is not cut short. Links count
// as the characters they are: Threads does not shorten them.
func Length(text string) int {
	n := 0
	for _, r := range text {
		if emojiLike(r) {
			n += utf8.RuneLen(r)
		} else {
			n++
		}
	}
	return n
}

// keycap is the combining enclosing keycap of 1️⃣.
const keycap = '\u20e3'

func emojiLike(r rune) bool {
	return unicode.In(r, unicode.So, unicode.Sk, unicode.Cf, unicode.Co, unicode.Variation_Selector) || r == keycap
}

// link finds what Threads counts as links: URLs with a scheme, and bare
// www. addresses, which its own examples count.
var link = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s]+`)

// Links counts the distinct links of a text, as Threads does against
// MaxLinks: a URL written twice counts once. Punctuation that ends a
// sentence after a link is not part of it.
func Links(text string) int {
	seen := map[string]bool{}
	for _, l := range link.FindAllString(text, -1) {
		seen[strings.TrimRight(l, `.,;:!?)]}'"`)] = true
	}
	return len(seen)
}
