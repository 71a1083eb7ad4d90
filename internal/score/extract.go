package score

import (
	"regexp"
	"sort"
	"strings"
)

// Placeholders that rules and signals see instead of an extracted span.
const (
	phURL       = "<url>"
	phShortLink = "<shortlink>"
	phChatLink  = "<chatlink>"
	phEmail     = "<email>"
	phPhone     = "<phone>"
)

// shorteners hide where a link goes; spammers use them to dodge filters.
// t.co is not one: X wraps every link in it, whoever posts it.
var shorteners = map[string]bool{
	"bit.ly": true, "tinyurl.com": true, "goo.gl": true, "ow.ly": true, "is.gd": true,
	"buff.ly": true, "cutt.ly": true, "rb.gy": true, "shorturl.at": true, "tiny.cc": true, "rebrand.ly": true,
	"s.id": true, "v.gd": true, "t.ly": true, "shorte.st": true, "adf.ly": true, "linktr.ee": true, "bl.ink": true,
	"lnkd.in": true, "qrco.de": true, "tinu.be": true,
}

// chatHosts open a private chat: a comment sending readers there is the
// "contact me on WhatsApp/Telegram" scam.
var chatHosts = map[string]bool{
	"wa.me": true, "api.whatsapp.com": true, "chat.whatsapp.com": true, "t.me": true, "telegram.me": true, "telegram.dog": true,
}

// phonePattern finds phone numbers in French and international formats.
//
// Relais uses its own pattern rather than github.com/nyaruka/phonenumbers:
// measured on Go 1.26, that library's package init takes about 21 ms and
// allocates 2.4 MB (it decodes the metadata of every region), and it adds
// about 9 MB to a binary with protobuf. The moderator's cold start and its
// 20 MB budget matter more than validating numbers: the scorer only needs
// to keep numbers out of the word lists and to notice a number offered in
// a comment.
const phonePattern = `(?:\+|\b00)[1-9]\d{0,2}[\s.\-]?(?:\(0\)[\s.\-]?)?\d{1,4}(?:[\s.\-]?\d{2,4}){2,5}\b` +
	`|\b0[1-9](?:[\s.\-]?\d{2}){4}\b` +
	`|(?:\(\d{3}\)\s?|\b\d{3}[\s.\-])\d{3}[\s.\-]\d{4}\b`

// extractor finds URLs, e-mails and phone numbers before any word is read,
// so "bit.ly/xxxx", "+33 6..." or "100%" never feed the word lists.
type extractor struct {
	urls   *regexp.Regexp
	phones *regexp.Regexp
}

// maxURL bounds the text read as one link.
const maxURL = 2048

// find returns the entity spans of text, sorted and not overlapping. The
// regular expressions run only on the few stretches that could hold a
// link (a word with a dot, "@" or "://") or a phone number (eight digits
// or more among digits and separators): most comments skip them entirely.
func (x *extractor) find(text string, dst []entity) []entity {
	dst = dst[:0]
	for a := 0; a < len(text); {
		for a < len(text) && isSpaceByte(text[a]) {
			a++
		}
		b := a
		for b < len(text) && !isSpaceByte(text[b]) {
			b++
		}
		// No link is longer than maxURL; the cap bounds the work on junk.
		if field := text[a:min(b, a+maxURL)]; b > a && mayHaveURL(field) {
			for _, m := range x.urls.FindAllStringIndex(field, -1) {
				dst = append(dst, entity{start: a + m[0], end: a + m[1], placeholder: classifyURL(text[a+m[0] : a+m[1]])})
			}
		}
		a = b
	}
	found := len(dst) > 0
	for a := 0; a < len(text); {
		for a < len(text) && !isPhoneStart(text[a]) {
			a++
		}
		b := a
		for b < len(text) && isPhoneByte(text[b]) {
			b++
		}
		if digitCount(text[a:b]) >= 8 {
			for _, m := range x.phones.FindAllStringIndex(text[a:b], -1) {
				s, e := a+m[0], a+m[1]
				if d := digitCount(text[s:e]); d < 8 || d > 15 || overlaps(dst, s, e) {
					continue
				}
				dst = append(dst, entity{start: s, end: e, placeholder: phPhone})
				found = true
			}
		}
		a = max(b, a+1)
	}
	if found {
		sort.Slice(dst, func(i, j int) bool { return dst[i].start < dst[j].start })
	}
	return dst
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isPhoneStart(c byte) bool { return c >= '0' && c <= '9' || c == '+' || c == '(' }

func isPhoneByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '+' || c == '(' || c == ')' || c == ' ' || c == '.' || c == '-'
}

func overlaps(ents []entity, a, b int) bool {
	for _, e := range ents {
		if a < e.end && e.start < b {
			return true
		}
	}
	return false
}

// mayHaveURL reports a dot between two word characters, "://" or "@": the
// least a link or e-mail needs.
func mayHaveURL(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		switch s[i] {
		case '.':
			if isAlnum(s[i-1]) && isAlnum(s[i+1]) {
				return true
			}
		case '@':
			if strings.IndexByte(s[i:], '.') > 0 {
				return true
			}
		case ':':
			if strings.HasPrefix(s[i:], "://") {
				return true
			}
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func digitCount(s string) int {
	n := 0
	for i := range len(s) {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// urlHost returns the lower-cased host of a URL or e-mail as written.
func urlHost(u string) string {
	u = strings.ToLower(u)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	} else if i := strings.LastIndexByte(u, '@'); i >= 0 {
		u = u[i+1:]
	}
	if i := strings.IndexAny(u, "/?#:"); i >= 0 {
		u = u[:i]
	}
	return strings.TrimPrefix(u, "www.")
}

func classifyURL(u string) string {
	if strings.Contains(u, "@") && !strings.Contains(u, "://") {
		return phEmail
	}
	host := urlHost(u)
	switch {
	case chatHosts[host]:
		return phChatLink
	case shorteners[host]:
		return phShortLink
	}
	return phURL
}
