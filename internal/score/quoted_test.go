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
		{"you are retarded", "en", relais.ActionHide},
		{"sale arabe", "fr", relais.ActionHide},
	}
	s := New()
	for _, tt := range tests {
		got := s.ScoreLang(tt.text, tt.lang, DefaultPolicy())
		if got.Action != tt.want {
			t.Errorf("%q: got %s %q, want %s", tt.text, got.Action, got.Reasons, tt.want)
		}
		if tt.want == relais.ActionReview && !strings.Contains(strings.Join(got.Reasons, "\n"), "quoted: review") {
			t.Errorf("%q: reasons %q do not say the abuse was quoted", tt.text, got.Reasons)
		}
	}
}
