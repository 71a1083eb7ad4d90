package score

import (
	"slices"
	"strings"
	"testing"
)

// tokenForms tokenizes text as Score does and returns each token's forms
// joined by "/", with the squeezed spelling after "~".
func tokenForms(tb testing.TB, text string) []string {
	m := mustModel(tb)
	z := tokenizer{f: m.folder, known: m.known}
	ents := m.ext.find(text, nil)
	t := z.tokenize(text, ents)
	var out []string
	for i := range t.toks {
		var fs []string
		for k := range int(t.toks[i].nforms) {
			fs = append(fs, t.form(i, k))
		}
		s := strings.Join(fs, "/")
		if sq := t.toks[i].squeeze; sq.b > sq.a {
			s += "~" + t.text[sq.a:sq.b]
		}
		out = append(out, s)
	}
	return out
}

func TestNormalization(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"lower case and accents", "Crétin ÉNERVÉ", []string{"cretin", "enerve"}},
		{"fullwidth", "ｃｏｎｎａｒｄ", []string{"connard"}},
		{"mathematical bold", "𝐢𝐝𝐢𝐨𝐭", []string{"idiot"}},
		{"circled", "ⓘⓓⓘⓞⓣ", []string{"idiot"}},
		{"negative squared", "🅸🅳🅸🅾🆃", []string{"idiot"}},
		{"cyrillic look-alikes", "сonnаrd", []string{"connard"}},
		{"greek look-alikes", "ιdιοt", []string{"idiot"}},
		{"zero-width inside a word", "con\u200bn\u200dard", []string{"connard"}},
		{"soft hyphen", "con\u00adnard", []string{"connard"}},
		{"combining marks", "i\u0301d\u0308iot", []string{"idiot"}},
		{"repeated letters", "fuuuuck", []string{"fuuuuck/fuuck~fuck"}},
		{"doubled letters kept", "connnnnard", []string{"connnnnard/connard~conard"}},
		{"spaced letters", "c o n n a r d", []string{"connard"}},
		{"dotted letters", "i.d.i.o.t", []string{"idiot"}},
		{"dashed letters", "f-u-c-k", []string{"fuck"}},
		{"leet inside a mixed token", "c0nn@rd", []string{"c0nn@rd/connard/cnnrd"}},
		{"leet reads 1 as i and l", "1d10t", []string{"1d10t/idiot/ldlot/dt"}},
		{"no leet in plain words", "hello world", []string{"hello", "world"}},
		{"numbers stay numbers", "100% sur 24h pour 10k", []string{"100", "sur", "24h", "pour", "10k"}},
		{"masks kept", "f*ck p***n", []string{"f*ck", "p***n"}},
		{"emphasis stars dropped", "*super*", []string{"super"}},
		{"apostrophes split", "t'es qu’un", []string{"t", "es", "qu", "un"}},
		{"hyphens split words", "casse-couilles", []string{"casse", "couilles"}},
		{"trailing punctuation", "idiot!!! vraiment...", []string{"idiot", "vraiment"}},
		{"hashtags and mentions", "#relais @acme", []string{"relais", "acme/<mention>"}},
		{"url extracted first", "go to bit.ly/x0x0 now", []string{"go", "to", "<shortlink>", "now"}},
		{"chat link", "t.me/cryptoking", []string{"<chatlink>"}},
		{"email", "write to jo.doe@mail.com", []string{"write", "to", "<email>"}},
		{"french phone", "appelez le 06 12 34 56 78", []string{"appelez", "le", "<phone>"}},
		{"international phone", "WhatsApp +33 6 12 34 56 78", []string{"whatsapp", "<phone>"}},
		{"short numbers are not phones", "commande 48213", []string{"commande", "48213"}},
		{"emoji is a token", "merci 😍", []string{"merci", "😍"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokenForms(t, tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("tokenForms(%q):\ngot  %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestMaskMatch(t *testing.T) {
	tests := []struct {
		pattern, word string
		want          bool
	}{
		{"f*ck", "fuck", true},
		{"p***n", "porn", true},
		{"s**t", "shit", true},
		{"c*nn*rd", "connard", true},
		{"f*ck", "fork", false},
		{"b*tch", "batch", true}, // a pattern alone cannot tell: only listed words are tried
		{"a*", "ass", true},
		{"f*ck", "fuckingly", false},
	}
	for _, tt := range tests {
		if got := maskMatch(tt.pattern, tt.word); got != tt.want {
			t.Errorf("maskMatch(%q, %q): got %v, want %v", tt.pattern, tt.word, got, tt.want)
		}
	}
}

// TestRuleWordsFolded checks that rules are written the way tokens are
// read: lower case, no accents, one word per step.
func TestRuleWordsFolded(t *testing.T) {
	m := mustModel(t)
	for _, r := range m.rules.list {
		for _, s := range r.slots {
			for _, a := range s.alts {
				for _, w := range a {
					if strings.HasPrefix(w, "<") {
						continue
					}
					if got := tokenForms(t, w); len(got) != 1 || strings.Split(got[0], "/")[0] != w {
						t.Errorf("rule %q: word %q reads as %q", r.text, w, got)
					}
				}
			}
		}
	}
}
