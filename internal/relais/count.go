package relais

import (
	"regexp"
	"unicode"
	"unicode/utf8"
)

// Counting is how a network counts a text against its limit.
type Counting string

const (
	// CountCodePoints counts Unicode code points: the strictest reading,
	// kept where a network counts graphemes (Bluesky) or plain characters.
	CountCodePoints Counting = "codepoints"
	// CountX counts as X does: a link is 23 characters, and a character
	// outside Latin, general punctuation and the like (CJK, emoji) counts
	// twice.
	CountX Counting = "x"
	// CountLinks23 counts code points, a link as 23 characters (Mastodon).
	CountLinks23 Counting = "links23"
	// CountEmojiBytes counts code points, except that an emoji counts as
	// its UTF-8 bytes (Threads). Which characters are emoji is read
	// broadly: symbols, format characters (the zero-width joiner, tags),
	// variation selectors and the combining keycap; letters of any
	// script, digits, punctuation and spaces count one.
	CountEmojiBytes Counting = "emojibytes"
)

// LinkLength is what X and Mastodon count a link as, whatever its length.
const LinkLength = 23

// link finds the links the networks shorten when counting: http and
// https URLs up to the next space.
var link = regexp.MustCompile(`https?://[^\s]+`)

// xSingle are the code point ranges X counts once; everything else counts
// twice (twitter-text's version 3 configuration).
var xSingle = [][2]rune{{0, 4351}, {8192, 8205}, {8208, 8223}, {8242, 8247}}

// Length is text's length as counted this way against a limit.
func (c Counting) Length(text string) int {
	switch c {
	case CountX:
		return linksAs(text, func(s string) int {
			total := 0
			for _, r := range s {
				total += xWeight(r)
			}
			return total
		})
	case CountLinks23:
		return linksAs(text, utf8.RuneCountInString)
	case CountEmojiBytes:
		total := 0
		for _, r := range text {
			if emojiLike(r) {
				total += utf8.RuneLen(r)
			} else {
				total++
			}
		}
		return total
	}
	return utf8.RuneCountInString(text)
}

// linksAs counts each link as LinkLength and the text between with count.
func linksAs(text string, count func(string) int) int {
	total, at := 0, 0
	for _, m := range link.FindAllStringIndex(text, -1) {
		total += count(text[at:m[0]]) + LinkLength
		at = m[1]
	}
	return total + count(text[at:])
}

// keycap is the combining enclosing keycap of 1️⃣.
const keycap = '\u20e3'

func emojiLike(r rune) bool {
	return unicode.In(r, unicode.So, unicode.Sk, unicode.Cf, unicode.Co, unicode.Variation_Selector) || r == keycap
}

func xWeight(r rune) int {
	for _, span := range xSingle {
		if r >= span[0] && r <= span[1] {
			return 1
		}
	}
	return 2
}
