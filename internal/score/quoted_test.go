package score

import (
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestQuotedAbuse: a word reported or quoted (counter-speech) sends the
// comment to a person and is never hidden for it alone; the same word
// aimed at someone still hides.
func TestQuotedAbuse(t *testing.T) {
	tests := []struct {
		text, lang string
		want       relais.Action
	}{
		{"It's highly offensive to use the word retarded.", "en", relais.ActionReview},
		{"I got called a faggot at school today and nobody did anything", "en", relais.ActionReview},
		{"someone called me a stupid bitch today at work", "en", relais.ActionReview},
		{"un mec m'a traitée de sale arabe dans le métro", "fr", relais.ActionReview},
		{"Stop calling immigrants vermin, it's disgusting.", "en", relais.ActionReview},
		{"I can't believe people still say 'go back to your country' in 2026", "en", relais.ActionReview},
		{"Ceux qui traitent les migrants de vermine devraient avoir honte.", "fr", relais.ActionReview},
		{"Arrêtez de dire que les femmes sont inférieures, c'est faux", "fr", relais.ActionReview},
		{"Dire « sale arabe » à quelqu'un, c'est du racisme.", "fr", relais.ActionReview},
		{"Il a écrit : \"retournez dans votre pays\" sous notre photo. Honteux.", "fr", relais.ActionReview},
		// A quoted word too mild to count alone is not sent to anyone.
		{"As my teacher said, \"a fool can ask more questions than a wise man can answer\"", "en", relais.ActionAllow},
		// The report ends with its clause; what follows is aimed.
		{"Stop saying that, you stupid bitch", "en", relais.ActionHide},
		{"arrête de dire n'importe quoi, connard", "fr", relais.ActionHide},
		{"Encore le mot de trop. Sale pute", "fr", relais.ActionHide},
		// An apostrophe inside a word opens no quotation.
		{"l'homme a dit qu'il t'encule", "fr", relais.ActionHide},
		{"you are retarded", "en", relais.ActionHide},
		{"sale arabe", "fr", relais.ActionHide},
	}
	s := New()
	for _, tt := range tests {
		got := s.ScoreLang(tt.text, tt.lang, DefaultPolicy())
		if got.Action != tt.want {
			t.Errorf("%q: got %s %q, want %s", tt.text, got.Action, got.Reasons, tt.want)
		}
		if tt.want == relais.ActionReview && !strings.Contains(strings.Join(got.Reasons, "\n"), "quoted or reported abuse: review") {
			t.Errorf("%q: reasons %q do not say the abuse was quoted", tt.text, got.Reasons)
		}
	}
}
