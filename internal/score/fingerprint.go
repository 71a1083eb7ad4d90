package score

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Fingerprint identifies the normalised reading of text: the words the
// model reads, in order, with stretched letters squeezed, numbers as one
// placeholder and emoji left out. Comments that differ only in case,
// accents, lookalike letters, leet, masking, stretched letters,
// punctuation, emoji or numbers share it, so that a person's correction
// reaches the spam and abuse that come back slightly reworded. An empty
// reading has no fingerprint ("").
func Fingerprint(text string) (string, error) {
	m, err := loadModel()
	if err != nil {
		return "", err
	}
	r := m.runs.Get().(*run)
	defer m.runs.Put(r)
	t, _, _ := r.read(m, clip(text), "", nil)
	var b strings.Builder
	for i := range t.toks {
		tok := &t.toks[i]
		if tok.kind == kEmoji {
			continue
		}
		w := modelWord(&t, i)
		if tok.kind == kWord && t.res[i] == "" && tok.squeeze.b > tok.squeeze.a {
			w = t.text[tok.squeeze.a:tok.squeeze.b]
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	if b.Len() == 0 {
		return "", nil
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:16]), nil
}

// Follow makes s follow a person's correction of a comment that reads the
// same: the action they chose, and the reason first, so that the team
// sees why. The labels still say what the comment holds; only a hide
// keeps the label that asks to delete.
func Follow(s relais.Score, c relais.Correction) relais.Score {
	s.Action = c.To
	if c.To != relais.ActionHide {
		s.Labels = slices.DeleteFunc(slices.Clone(s.Labels), func(l string) bool { return l == "delete" })
	}
	why := "correction: " + c.By + " chose " + string(c.To) + " for a comment that reads the same (" +
		string(c.Network) + " " + c.InteractionID + ", " + c.At.UTC().Format("2006-01-02") + ")"
	s.Reasons = append([]string{why}, s.Reasons...)
	return s
}
