package mastodon

import (
	"html"
	"strings"
)

// plainText reads a status's HTML content back as the text that was
// posted, undoing Mastodon's rendering: each <p> after the first is a
// blank line, <br> a newline, other tags (links, their spans) leave only
// their text, entities are unescaped. Raw newlines carry nothing:
// Mastodon removes them from what it renders.
func plainText(content string) string {
	var b strings.Builder
	paragraphs := 0
	for i := 0; i < len(content); {
		if content[i] != '<' {
			j := strings.IndexByte(content[i:], '<')
			if j < 0 {
				j = len(content) - i
			}
			text := strings.NewReplacer("\r", "", "\n", "").Replace(content[i : i+j])
			b.WriteString(html.UnescapeString(text))
			i += j
			continue
		}
		end := tagEnd(content, i)
		if end < 0 {
			// Not a tag after all: Mastodon escapes '<', so keep it as text.
			b.WriteString(html.UnescapeString(content[i:]))
			break
		}
		switch tagName(content[i+1 : end-1]) {
		case "p":
			if paragraphs > 0 {
				b.WriteString("\n\n")
			}
			paragraphs++
		case "br":
			b.WriteString("\n")
		}
		i = end
	}
	return b.String()
}

// tagEnd returns the index just after the '>' closing the tag opened at
// i, skipping quoted attribute values, or -1.
func tagEnd(s string, i int) int {
	var quote byte
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return -1
}

// tagName returns an opening tag's name in lower case; a closing tag's
// name keeps its '/'.
func tagName(tag string) string {
	end := strings.IndexAny(tag, " \t\n\r/>")
	if strings.HasPrefix(tag, "/") {
		return "/" + tagName(tag[1:])
	}
	if end < 0 {
		end = len(tag)
	}
	return strings.ToLower(tag[:end])
}
