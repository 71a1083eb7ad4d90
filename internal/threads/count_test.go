package threads

import (
	"testing"
)

func TestLinks(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"pas de lien", 0},
		{"https://cafe.example", 1},
		{"https://cafe.example et https://cafe.example.", 1},
		{"voir www.cafe.example, puis HTTP://autre.example/a?b=1!", 2},
		{"(https://a.example) https://b.example/x https://b.example/y", 3},
	}
	for _, tt := range tests {
		if got := Links(tt.text); got != tt.want {
			t.Errorf("Links(%q): got %d, want %d", tt.text, got, tt.want)
		}
	}
}
