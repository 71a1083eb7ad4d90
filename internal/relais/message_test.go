package relais

import (
	"strings"
	"testing"
	"time"
)

func TestMessageWindow(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	dm := func(n Network) Interaction {
		return Interaction{Network: n, ID: "m1", Kind: KindMessage, Private: true, CreatedAt: at}
	}
	comment := Interaction{Network: Facebook, ID: "c1", Kind: KindComment, CreatedAt: at}
	for _, c := range []struct {
		name    string
		in      Interaction
		last    time.Time
		after   time.Duration
		want    MessageTag
		refused string
	}{
		{"messenger within a day", dm(Facebook), at, 23 * time.Hour, TagStandard, ""},
		{"messenger after a day, a person's tag", dm(Facebook), at, 25 * time.Hour, TagHumanAgent, ""},
		{"instagram on the seventh day", dm(Instagram), at, 7*24*time.Hour - time.Minute, TagHumanAgent, ""},
		{"messenger after seven days", dm(Facebook), at, 7*24*time.Hour + time.Minute, "", "window closed at 2026-12-08T10:00:00Z"},
		{"the customer's last message counts", dm(Facebook), at.Add(48 * time.Hour), 50 * time.Hour, TagStandard, ""},
		{"the message's own time without a last one", dm(Facebook), time.Time{}, 2 * time.Hour, TagStandard, ""},
		{"private reply to a comment within 7 days", comment, at, 6 * 24 * time.Hour, TagStandard, ""},
		{"private reply to a comment after 7 days", comment, at, 8 * 24 * time.Hour, "", "this one's window closed"},
		{"mastodon has no window", dm(Mastodon), at, 90 * 24 * time.Hour, TagStandard, ""},
		{"mastodon comments are not answered in private", Interaction{Network: Mastodon, ID: "s1", CreatedAt: at}, at, time.Hour, "", "does not let Relais answer a public comment in private"},
		{"x is priced per call", dm(X), at, time.Minute, "", "priced per call"},
		{"tiktok has no messaging API", dm(TikTok), at, time.Minute, "", "no messaging API"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := MessageWindow(c.in, c.last, at.Add(c.after))
			if c.refused != "" {
				if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.refused) {
					t.Fatalf("got %v, want EINVALID with %q", err, c.refused)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestWindowCloses(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		n       Network
		private bool
		want    time.Time
	}{
		{Facebook, true, at.Add(7 * 24 * time.Hour)},
		{Instagram, false, at.Add(7 * 24 * time.Hour)},
		{Mastodon, true, time.Time{}},
		{X, true, time.Time{}},
	} {
		if got := WindowCloses(c.n, c.private, at); !got.Equal(c.want) {
			t.Errorf("%s private=%v: got %v, want %v", c.n, c.private, got, c.want)
		}
	}
}
