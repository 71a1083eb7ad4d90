package score

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// A doubtful listed word alone (data/lone.tsv), in a comment the model
// reads without counting it as abuse, goes to a person; the same word
// aimed by a rule or confirmed by the model, and words the training data
// finds in abuse, still hide.
func TestLoneWord(t *testing.T) {
	s, p := New(), DefaultPolicy()
	for _, c := range []struct {
		text string
		want relais.Action
	}{
		{"je marche comme une mongol ce matin", relais.ActionReview},
		{"my legs are so retarded today lol", relais.ActionReview},
		{"I look like a twat in this hat", relais.ActionReview},
		{"t'es qu'un mongol", relais.ActionHide},
		{"you are retarded", relais.ActionHide},
		{"You are a complete asshole", relais.ActionHide},
	} {
		if got := s.ScoreLang(c.text, "", p).Action; got != c.want {
			t.Errorf("%q: got %s, want %s", c.text, got, c.want)
		}
	}
}

// A stale data/lone.tsv, naming a term the lists no longer hold, is an
// error at load, not a silent no-op.
func TestMarkDoubtful(t *testing.T) {
	z := &tokenizer{f: newFolder(confusablesTSV)}
	for _, c := range []struct {
		tsv     string
		wantErr bool
	}{
		{"# header\nmongol\t34\t543\n", false},
		{"notalistedterm\t1\t5\n", true},
	} {
		l := loadLexicon(z, lexiconTSV)
		if err := l.markDoubtful(c.tsv); (err != nil) != c.wantErr {
			t.Errorf("%q: got error %v, want error %v", c.tsv, err, c.wantErr)
		}
	}
}
