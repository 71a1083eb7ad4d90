package threadsfake

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Threads' rules for a text ("Threads Posts"): 500 characters at most,
// "emojis are counted as the number of UTF-8 bytes", and 5 distinct links
// at most.
const (
	maxText    = 500
	maxLinks   = 5
	maxAltText = 1000
)

// emoji are the code points the fake counts as emoji: Unicode's emoji
// and pictograph blocks, and what joins and varies them.
var emoji = [][2]rune{
	{0x1F000, 0x1FAFF}, // mahjong to pictographs extended-A: faces, flags' letters, skin tones
	{0x2300, 0x23FF},   // miscellaneous technical: ⌚, ⏰
	{0x2600, 0x27BF},   // miscellaneous symbols and dingbats: ☀, ✅, ❤
	{0x2B00, 0x2BFF},   // arrows and stars: ⭐
	{0x200D, 0x200D},   // zero-width joiner
	{0x20E3, 0x20E3},   // combining keycap
	{0xFE00, 0xFE0F},   // variation selectors
	{0xE0020, 0xE007F}, // tags of subdivision flags
}

// textLength is a text's length as Threads counts it.
func textLength(s string) int {
	n := 0
	for _, r := range s {
		n += weight(r)
	}
	return n
}

func weight(r rune) int {
	for _, span := range emoji {
		if r >= span[0] && r <= span[1] {
			return utf8.RuneLen(r)
		}
	}
	return 1
}

var linkRE = regexp.MustCompile(`(?i)(?:https?://|www\.)\S+`)

// links counts a text's distinct links, as Threads counts them.
func links(s string) int {
	seen := map[string]bool{}
	for _, l := range linkRE.FindAllString(s, -1) {
		seen[strings.TrimRight(l, ".,;:!?")] = true
	}
	return len(seen)
}
