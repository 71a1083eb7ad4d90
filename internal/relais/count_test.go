package relais

import (
	"strings"
	"testing"
)

func TestLength(t *testing.T) {
	long := "https://www.example.com/" + strings.Repeat("a", 100)
	for _, c := range []struct {
		n    Counting
		text string
		want int
	}{
		{CountX, "Bonjour !", 9},
		{CountX, "Voir " + long, 5 + LinkLength},
		{CountX, "a http://x.co b", 2 + LinkLength + 2},
		{CountX, "日本語", 6},
		{CountX, "café — “ok”", 11},
		{CountX, "🙂", 2},
		{CountLinks23, "Voir " + long + " et " + long, 5 + LinkLength + 4 + LinkLength},
		{CountLinks23, "日本語", 3},
		{CountCodePoints, "Voir " + long, 5 + len([]rune(long))},
		{CountCodePoints, "🙂🙂", 2},
		{CountEmojiBytes, "", 0},
		{CountEmojiBytes, "Bonjour", 7},
		{CountEmojiBytes, "Café à côté", 11},
		{CountEmojiBytes, "東京でランチ", 6},
		{CountEmojiBytes, "😍", 4},
		{CountEmojiBytes, "☕", 3},
		{CountEmojiBytes, "☀️", 6},   // sun and variation selector
		{CountEmojiBytes, "1️⃣", 7},  // digit, variation selector, keycap
		{CountEmojiBytes, "👍🏽", 8},   // thumbs up, skin tone
		{CountEmojiBytes, "🇫🇷", 8},   // two regional indicators
		{CountEmojiBytes, "👩‍🍳", 11}, // woman, zero-width joiner, cooking
		{CountEmojiBytes, "a https://cafe.example/une-tres-longue-adresse", 46},
		{CountEmojiBytes, strings.Repeat("é", 492) + "😍😍", 500},
	} {
		if got := c.n.Length(c.text); got != c.want {
			t.Errorf("%s %q: got %d, want %d", c.n, c.text, got, c.want)
		}
	}
}

// A post X would take is not refused for its link's length, and one X
// would refuse for its characters is.
func TestCheckLimitsCountsAsTheNetwork(t *testing.T) {
	link := "https://www.example.com/" + strings.Repeat("a", 200)
	if err := CheckLimits(Content{Text: strings.Repeat("a", 250), Link: link}, X); err != nil {
		t.Errorf("250 characters and a long link on X: %v", err)
	}
	if err := CheckLimits(Content{Text: strings.Repeat("日", 141)}, X); ErrorCode(err) != EINVALID {
		t.Errorf("141 CJK characters on X: got %v, want refused", err)
	}
	if err := CheckLimits(Content{Text: strings.Repeat("a", 470), Link: link}, Mastodon); err != nil {
		t.Errorf("470 characters and a long link on Mastodon: %v", err)
	}
}
