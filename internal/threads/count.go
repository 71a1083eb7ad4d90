package threads

import (
	"regexp"
	"strings"
)

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
