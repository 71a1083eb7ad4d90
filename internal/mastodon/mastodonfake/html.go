package mastodonfake

import (
	"html"
	"regexp"
	"strings"
)

var (
	paragraphBreak = regexp.MustCompile(`\n{2,}`)
	// linkPattern finds the URLs Mastodon turns into links; trailing
	// punctuation stays text, as in Mastodon.
	linkPattern = regexp.MustCompile(`https?://[^\s<>"]*[^\s<>".,;:!?)'\]]`)
)

// displayLength is how much of a URL Mastodon shows before an ellipsis.
const displayLength = 30

// Render turns a status's text into the HTML content Mastodon lists it
// with: text escaped, a paragraph per run of blank lines, <br /> for a
// single newline, no raw newline left, and each URL a link whose visible
// text is split into spans (scheme hidden, long URLs cut with an
// ellipsis) but whose text, read in full, is the URL.
func Render(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var b strings.Builder
	for _, p := range paragraphBreak.Split(text, -1) {
		if p == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(p, "\n") {
			if i > 0 {
				b.WriteString("<br />")
			}
			renderLine(&b, line)
		}
		b.WriteString("</p>")
	}
	return b.String()
}

func renderLine(b *strings.Builder, line string) {
	last := 0
	for _, m := range linkPattern.FindAllStringIndex(line, -1) {
		b.WriteString(html.EscapeString(line[last:m[0]]))
		renderLink(b, line[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(html.EscapeString(line[last:]))
}

func renderLink(b *strings.Builder, u string) {
	prefix := u[:strings.Index(u, "://")+3]
	if strings.HasPrefix(u[len(prefix):], "www.") {
		prefix += "www."
	}
	rest := []rune(u[len(prefix):])
	shown, hidden, class := string(rest), "", ""
	if len(rest) > displayLength {
		shown, hidden, class = string(rest[:displayLength]), string(rest[displayLength:]), "ellipsis"
	}
	b.WriteString(`<a href="` + html.EscapeString(u) + `" target="_blank" rel="nofollow noopener noreferrer" translate="no">`)
	b.WriteString(`<span class="invisible">` + html.EscapeString(prefix) + `</span>`)
	b.WriteString(`<span class="` + class + `">` + html.EscapeString(shown) + `</span>`)
	b.WriteString(`<span class="invisible">` + html.EscapeString(hidden) + `</span></a>`)
}
