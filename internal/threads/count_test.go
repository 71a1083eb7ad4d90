package threads

import (
	"strings"
	"testing"
)

func TestLength(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"Bonjour", 7},
		{"Café à côté", 11},
		{"東京でランチ", 6},
		{"😍", 4},
		{"☕", 3},
		{"☀️", 6},   // sun and variation selector
		{"1️⃣", 7},  // digit, variation selector, keycap
		{"👍🏽", 8},   // thumbs up, skin tone
		{"🇫🇷", 8},   // two regional indicators
		{"👩‍🍳", 11}, // woman, zero-width joiner, cooking
		{"a https://cafe.example/une-tres-longue-adresse", 46},
		{strings.Repeat("é", 492) + "😍😍", 500},
	}
	for _, tt := range tests {
		if got := Length(tt.text); got != tt.want {
			t.Errorf("Length(%q): got %d, want %d", tt.text, got, tt.want)
		}
	}
}

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
