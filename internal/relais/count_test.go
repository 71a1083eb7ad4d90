package relais

import (
	"strings"
	"testing"
)

func TestLength(t *testing.T) {
	long := "https://www.example.com/" + strings.Repeat("a", 100)
	for _, c := range []struct {
		n    Network
		text string
		want int
	}{
		{X, "Bonjour !", 9},
		{X, "Voir " + long, 5 + LinkLength},
		{X, "a http://x.co b", 2 + LinkLength + 2},
		{X, "日本語", 6},
		{X, "café — “ok”", 11},
		{X, "🙂", 2},
		{Mastodon, "Voir " + long + " et " + long, 5 + LinkLength + 4 + LinkLength},
		{Mastodon, "日本語", 3},
		{Bluesky, "Voir " + long, 5 + len([]rune(long))},
		{Facebook, "🙂🙂", 2},
	} {
		if got := Length(c.n, c.text); got != c.want {
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
