package score_test

import (
	"testing"

	"github.com/relais-dev/relais/internal/score"
)

// TestFingerprint: comments that differ only in how they are written
// share a fingerprint; a word more or less does not.
func TestFingerprint(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"Bande de connards", "BANDE de c0nnaaards !!! 😡", true},
		{"Allez voir ma page pour des promos", "allez voir MA PAGE pour des promos!!", true},
		{"Vous êtes nuls", "vous etes NULS...", true},
		{"Bande de connards", "Bande de connards, vraiment", false},
		{"you are an idiot", "you are not an idiot", false},
	}
	for _, tt := range tests {
		a, err := score.Fingerprint(tt.a)
		if err != nil {
			t.Fatal(err)
		}
		b, err := score.Fingerprint(tt.b)
		if err != nil {
			t.Fatal(err)
		}
		if got := a == b; got != tt.same {
			t.Errorf("%q and %q: got same %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if got, err := score.Fingerprint(" 😀 !! "); got != "" || err != nil {
		t.Errorf("no words: got %q (%v), want none", got, err)
	}
}
