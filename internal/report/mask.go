package report

import (
	"strings"
	"unicode"
)

// Mask hides what a report should not spell out of a moderated text: each
// flagged word keeps its first letter and loses the rest to asterisks
// ("abruti" becomes "a*****"); with all set (a hidden text whose words
// were not named) every word does; links always do, spam being their
// point. Spaces and punctuation stay, so the text keeps its shape.
func Mask(text string, flagged []string, all bool) string {
	bad := make(map[string]bool, len(flagged))
	for _, w := range flagged {
		bad[strings.ToLower(w)] = true
	}
	var b strings.Builder
	for _, tok := range splitSpaces(text) {
		if isLink(tok) {
			b.WriteString(hide(tok))
			continue
		}
		var word []rune
		flush := func() {
			if len(word) > 0 {
				if all || bad[strings.ToLower(string(word))] {
					b.WriteString(hide(string(word)))
				} else {
					b.WriteString(string(word))
				}
				word = word[:0]
			}
		}
		for _, r := range tok {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				word = append(word, r)
				continue
			}
			flush()
			b.WriteRune(r)
		}
		flush()
	}
	return b.String()
}

// hide keeps a word's first character and stars the others.
func hide(w string) string {
	r := []rune(w)
	return string(r[:1]) + strings.Repeat("*", len(r)-1)
}

// splitSpaces cuts text into runs of spaces and runs of anything else.
func splitSpaces(text string) []string {
	var out []string
	start := 0
	for i, r := range text {
		if i > start && unicode.IsSpace(r) != unicode.IsSpace([]rune(text[start:])[0]) {
			out = append(out, text[start:i])
			start = i
		}
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

func isLink(tok string) bool {
	t := strings.ToLower(tok)
	return strings.Contains(t, "://") || strings.HasPrefix(t, "www.") ||
		strings.Contains(t, ".") && strings.Contains(t, "/") && !strings.HasPrefix(t, "/")
}
