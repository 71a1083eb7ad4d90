package linkedin

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// LinkedIn reads a post's commentary as "little" text, in which these
// characters mark mentions, hashtags and templates. Left unescaped, they
// can make LinkedIn cut the post at the first one while still answering
// 201, so Relais escapes them with a backslash.
const reserved = `\|{}@[]()<>#*_~`

// urlKeeps are the reserved characters left as they are inside a URL:
// they are common in URLs, and escaping them could stop LinkedIn making
// the URL a link. The delimiters, which risk a cut post, are escaped even
// there.
const urlKeeps = `_~#@*`

// hashtagTemplate is how LinkedIn may give a hashtag back: {hashtag|\#|tag}.
const hashtagTemplate = `{hashtag|\#|`

// escapeCommentary turns the text a community manager wrote into little
// text that reads the same, with its hashtags still hashtags and its URLs
// still links. unescapeCommentary is its exact inverse, so that a post
// listed back hashes as the content that made it.
func escapeCommentary(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	inURL := false
	for i, r := range s {
		switch {
		case unicode.IsSpace(r):
			inURL = false
		case !inURL && startsURL(s[i:]):
			inURL = true
		}
		if strings.ContainsRune(reserved, r) && !keep(s, i, r, inURL) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// keep reports whether the reserved r at s[i] stays unescaped.
func keep(s string, i int, r rune, inURL bool) bool {
	if inURL {
		return strings.ContainsRune(urlKeeps, r)
	}
	if r != '#' {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[i+1:])
	return unicode.IsLetter(next) || unicode.IsDigit(next)
}

func startsURL(s string) bool {
	for _, p := range []string{"https://", "http://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// unescapeCommentary turns little text back into plain text: hashtag
// templates become #tag again and escapes are dropped. Mentions and other
// templates are kept as LinkedIn wrote them; Relais never sends any.
func unescapeCommentary(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], hashtagTemplate) {
			rest := s[i+len(hashtagTemplate):]
			if end := strings.IndexByte(rest, '}'); end >= 0 {
				b.WriteByte('#')
				b.WriteString(unescapeCommentary(rest[:end]))
				i += len(hashtagTemplate) + end + 1
				continue
			}
		}
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(reserved, s[i+1]) >= 0 {
			b.WriteByte(s[i+1])
			i += 2
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
