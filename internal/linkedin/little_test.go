package linkedin

import (
	"testing"
	"unicode/utf8"
)

func TestEscapeCommentary(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bonjour à tous", "Bonjour à tous"},
		{"(a) [b] {c} <d> e|f g~h *i* j_k @l \\m", `\(a\) \[b\] \{c\} \<d\> e\|f g\~h \*i\* j\_k \@l \\m`},
		{"#Relais #2026 # C# #é", `#Relais #2026 \# C\# #é`},
		{"https://a.example/x_y~z#frag@v*(1)", `https://a.example/x_y~z#frag@v*\(1\)`},
		{"(voir https://a.example/a_b)", `\(voir https://a.example/a_b\)`},
		{"HTTPS://A.example/a_b a_b", `HTTPS://A.example/a_b a\_b`},
		{"https://a.example/a\\b", `https://a.example/a\\b`},
	}
	for _, tt := range tests {
		if got := escapeCommentary(tt.in); got != tt.want {
			t.Errorf("escape %q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnescapeCommentary(t *testing.T) {
	tests := []struct{ in, want string }{
		{`\(a\) \_b\_ \\`, `(a) _b_ \`},
		{`Vive {hashtag|\#|Relais} et {hashtag|\#|CM\_s} !`, `Vive #Relais et #CM_s !`},
		{`@[Acme](urn:li:organization:1)`, `@[Acme](urn:li:organization:1)`},
		{`un \n reste`, `un \n reste`},
		{`{hashtag|\#|ouvert`, `{hashtag|#|ouvert`},
	}
	for _, tt := range tests {
		if got := unescapeCommentary(tt.in); got != tt.want {
			t.Errorf("unescape %q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCommentaryRoundTrip: a post listed back must hash as the content
// that made it, whatever its text.
func FuzzCommentaryRoundTrip(f *testing.F) {
	for _, s := range []string{"", "a", `\`, "{hashtag|\\#|x}", "#a (b) https://x.example/(a)_b\\c #d", "é@[x](y)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // post texts are valid UTF-8; nothing to check
		}
		if got := unescapeCommentary(escapeCommentary(s)); got != s {
			t.Errorf("round trip of %q: got %q", s, got)
		}
	})
}
