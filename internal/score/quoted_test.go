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
	tests := []actionCase{
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
		{"Not all Muslims are terrorists", "en", relais.ActionReview},
		{"Saying all Muslims are terrorists is hate speech", "en", relais.ActionReview},
		{"Dire que les arabes sont tous des voleurs, c'est du racisme", "fr", relais.ActionReview},
		// A quoted word too mild to count alone is not sent to anyone.
		{"As my teacher said, \"a fool can ask more questions than a wise man can answer\"", "en", relais.ActionAllow},
		// The report ends with its clause; what follows is aimed.
		{"Stop saying that, you stupid bitch", "en", relais.ActionHide},
		{"arrête de dire n'importe quoi, connard", "fr", relais.ActionHide},
		{"Encore le mot de trop. Sale pute", "fr", relais.ActionHide},
		// "Saying" reports only as a sentence's subject.
		{"That's what I'm saying, you retard", "en", relais.ActionHide},
		// An apostrophe inside a word opens no quotation.
		{"l'homme a dit qu'il t'encule", "fr", relais.ActionHide},
		{"you are retarded", "en", relais.ActionHide},
		{"sale arabe", "fr", relais.ActionHide},
	}
	for i, got := range checkActions(t, tests) {
		if tests[i].want == relais.ActionReview && !strings.Contains(strings.Join(got.Reasons, "\n"), "quoted or reported abuse: review") {
			t.Errorf("%q: reasons %q do not say the abuse was quoted", tests[i].text, got.Reasons)
		}
	}
}

// actionCase is a comment, its language and the action it must get.
type actionCase struct {
	text, lang string
	want       relais.Action
}

// checkActions scores each case with the default policy, reports those
// whose action is not the one wanted, and answers the scores.
func checkActions(t *testing.T, cases []actionCase) []relais.Score {
	t.Helper()
	s, p := New(), DefaultPolicy()
	out := make([]relais.Score, len(cases))
	for i, tt := range cases {
		out[i] = s.ScoreLang(tt.text, tt.lang, p)
		if got := out[i]; got.Action != tt.want {
			t.Errorf("ScoreLang(%q): got %s %v %v, want %s", tt.text, got.Action, got.Labels, got.Reasons, tt.want)
		}
	}
	return out
}
