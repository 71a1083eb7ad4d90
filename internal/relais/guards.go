package relais

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// Guard names a check that runs before a post is scheduled and again
// before it is published, against the job's known mistakes.
type Guard string

const (
	// GuardBrand: the text names another client's brand. Forced by the user.
	GuardBrand Guard = "brand"
	// GuardPrivateData: the text carries a phone number, an email address
	// or an order number. Confirmed by the user.
	GuardPrivateData Guard = "private_data"
	// GuardLimit: the post breaks its network's limits. Never overridden.
	GuardLimit Guard = "limit"
	// GuardToxic: the text itself would be hidden as a comment: insults,
	// threats, hate. Never overridden.
	GuardToxic Guard = "toxic"
)

// ToxicityCheck says why a client's text may not go out, or "" when it
// may. The moderation scorer provides it; the domain only asks.
type ToxicityCheck func(text string, own Client) string

// Finding is one guard that stops a post.
type Finding struct {
	Guard   Guard  `json:"guard"`
	Message string `json:"message"`
}

// CheckPost runs every guard on a post's content for its network. others
// are the agency's other clients, whose brands this client must not name.
// Findings whose guard is in overrides are left out; a limit or toxic text
// never is.
func CheckPost(c Content, n Network, own Client, others []Client, overrides []Guard, toxic ToxicityCheck) []Finding {
	f := findings{overrides: overrides}
	if err := CheckLimits(c, n); err != nil {
		f.add(GuardLimit, "%s", ErrorMessage(err))
	}
	f.text(c.Text, own, others, toxic)
	return f.out
}

// CheckAnswer runs the guards on a person's reply to an interaction:
// CheckReply's refusals for a public one, CheckMessage's for a private
// one, as a limit, then the text's guards, as for a post.
func CheckAnswer(in Interaction, text string, private bool, own Client, others []Client, overrides []Guard, toxic ToxicityCheck) []Finding {
	f := findings{overrides: overrides}
	check := CheckReply
	if private {
		check = CheckMessage
	}
	if err := check(in, text); err != nil {
		f.add(GuardLimit, "%s", ErrorMessage(err))
	}
	f.text(text, own, others, toxic)
	return f.out
}

// findings gathers what the guards find, leaving out what the person
// accepted.
type findings struct {
	overrides []Guard
	out       []Finding
}

func (f *findings) add(g Guard, format string, args ...any) {
	if g == GuardLimit || g == GuardToxic || !containsGuard(f.overrides, g) {
		f.out = append(f.out, Finding{Guard: g, Message: fmt.Sprintf(format, args...)})
	}
}

// text runs the guards on a text going out in own's name: toxicity,
// another client's brand, private data.
func (f *findings) text(text string, own Client, others []Client, toxic ToxicityCheck) {
	if why := toxic(text, own); why != "" {
		f.add(GuardToxic, "%s", why)
	}
	words := wordSet(text)
	ownBrands := map[string]bool{}
	for _, b := range own.Brands {
		ownBrands[fold(b)] = true
	}
	for _, other := range others {
		if other.ID == own.ID {
			continue
		}
		for _, b := range other.Brands {
			if !ownBrands[fold(b)] && containsPhrase(words, b) {
				f.add(GuardBrand, "the text names %q, a brand of client %s; use --force if it is meant", b, other.ID)
			}
		}
	}
	for _, p := range privatePatterns() {
		for _, m := range p.re.FindAllString(text, -1) {
			if p.accept == nil || p.accept(m) {
				f.add(GuardPrivateData, "the text seems to hold %s; use --confirm if it is meant to be public", p.what)
				break
			}
		}
	}
}

// Refused is the error of content that guards stop. Its message is the
// one every interface shows; Findings let an interface offer to accept
// the guards a person may accept.
type Refused struct {
	Findings []Finding
	err      *Error
}

func (r *Refused) Error() string { return r.err.Message }

// Unwrap gives the domain error, so that ErrorCode and ErrorMessage read it.
func (r *Refused) Unwrap() error { return r.err }

// Refuse returns the EINVALID error of content stopped by findings.
func Refuse(fs []Finding) *Refused {
	msgs := make([]string, len(fs))
	for i, f := range fs {
		msgs[i] = f.Message
	}
	return &Refused{Findings: fs, err: Errorf(EINVALID, "refused: %s", strings.Join(msgs, "; "))}
}

func containsGuard(gs []Guard, g Guard) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

// fold lower-cases a word for comparison.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// wordSet returns the text's words, folded, in order.
func wordSet(text string) []string {
	return strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// containsPhrase reports whether a brand, as whole words, appears in words.
func containsPhrase(words []string, brand string) bool {
	phrase := wordSet(brand)
	if len(phrase) == 0 {
		return false
	}
	for i := 0; i+len(phrase) <= len(words); i++ {
		match := true
		for j := range phrase {
			if words[i+j] != phrase[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

type privatePattern struct {
	what string
	re   *regexp.Regexp
	// accept, when set, keeps only the matches it approves.
	accept func(match string) bool
}

// phoneLike accepts 9 to 15 digits, the length of phone numbers, so that
// dates and prices are not taken for one.
func phoneLike(m string) bool {
	n := 0
	for _, r := range m {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n >= 9 && n <= 15
}

// privatePatterns compile on first use, not at every function's start-up.
var privatePatterns = sync.OnceValue(func() []privatePattern {
	return []privatePattern{
		{"an email address", regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`), nil},
		{"a phone number", regexp.MustCompile(`\+?\d[\d .()-]{7,}\d`), phoneLike},
		{"an order number", regexp.MustCompile(`(?i)(commande|order|n°|#)\s*:?\s*[A-Z]{0,4}-?\d{5,}`), nil},
	}
})
