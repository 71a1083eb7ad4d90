package bluesky

import (
	"cmp"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	listNotifications = "app.bsky.notification.listNotifications"
	bob               = "bob.example"
	carol             = "carol.example"
)

// mentions has bob mention the account n times, a minute apart, as
// "<prefix> <i>".
func (s *stack) mentions(prefix string, n int) []string {
	texts := make([]string, n)
	for i := range texts {
		s.clock.Advance(time.Minute)
		texts[i] = fmt.Sprint(prefix, " ", i)
		s.pds.Mention(handle, bob, "@"+handle+" "+texts[i], "")
	}
	return texts
}

// mustPoll polls and returns the texts read, without the mention of the
// account that starts them, and the new cursor.
func (s *stack) mustPoll(t *testing.T, cursor string) ([]string, string) {
	t.Helper()
	p, err := s.client.Poll(t.Context(), password, handle, cursor)
	if err != nil {
		t.Fatalf("poll after %q: %v", cursor, err)
	}
	texts := make([]string, len(p.Interactions))
	for i, in := range p.Interactions {
		texts[i] = in.Text[len("@"+handle+" "):]
	}
	return texts, p.Cursor
}

// first shows the first texts of a long list.
func first(texts []string) []string { return texts[:min(len(texts), 3)] }

func TestPollPages(t *testing.T) {
	tests := []struct {
		name    string
		history int // mentions before the first poll
		wantOld int // how many of the newest of them the first poll reads
		between int // mentions after the first poll
		// wantPages is how many pages each later poll reads.
		wantPages []int
		// wantLost is how many of the oldest mentions made between polls
		// are not read, past what one poll reads.
		wantLost int
	}{
		{name: "nothing yet", wantPages: []int{1}},
		// All within lookBack: reading ends with an empty page.
		{name: "history", history: 3, wantOld: 3, wantPages: []int{2}},
		{name: "first poll reads one page", history: 250, wantOld: maxListLimit, wantPages: []int{1}},
		{name: "a few new", history: 3, wantOld: 3, between: 2, wantPages: []int{2}},
		{name: "after an empty first poll", between: 5, wantPages: []int{1}},
		// The new ones, then ten read again within lookBack, then one
		// older that ends the reading.
		{name: "more than a page between polls", history: 30, wantOld: 30, between: 250, wantPages: []int{3}},
		{name: "lookBack across pages", history: 30, wantOld: 30, between: 195, wantPages: []int{3}},
		{name: "more than a poll reads", history: 1, wantOld: 1, between: maxPages*maxListLimit + 5, wantPages: []int{maxPages, 1}, wantLost: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			// One session throughout, so that calls count pages.
			s.pds.AccessTTL = 1000 * time.Hour
			history := s.mentions("old", tt.history)
			got, cursor := s.mustPoll(t, "")
			if want := history[tt.history-tt.wantOld:]; !reflect.DeepEqual(got, want) {
				t.Errorf("first poll: got %d from %v, want %d from %v", len(got), first(got), len(want), first(want))
			}

			between := s.mentions("new", tt.between)
			read := []string{}
			var pages []int
			for range tt.wantPages {
				before := s.count(listNotifications)
				got, cursor = s.mustPoll(t, cursor)
				read = append(read, got...)
				pages = append(pages, s.count(listNotifications)-before)
			}
			if want := between[tt.wantLost:]; !reflect.DeepEqual(read, want) {
				t.Errorf("later polls: got %d from %v, want %d from %v", len(read), first(read), len(want), first(want))
			}
			if !reflect.DeepEqual(pages, tt.wantPages) {
				t.Errorf("pages read by each later poll: got %v, want %v", pages, tt.wantPages)
			}
			if again, next := s.mustPoll(t, cursor); len(again) != 0 || next != cursor {
				t.Errorf("poll with nothing new: got %v and cursor %q, want none and %q", again, next, cursor)
			}
		})
	}
}

// TestPollOrder: notifications that sort at or behind the newest already
// read are read once, unless they sort more than lookBack behind it.
func TestPollOrder(t *testing.T) {
	tests := []struct {
		name  string
		shift time.Duration // when the late mention sorts, from the newest read
		want  []string
	}{
		{name: "same millisecond", want: []string{"late"}},
		{name: "behind", shift: -5 * time.Minute, want: []string{"late"}},
		{name: "at lookBack", shift: -lookBack, want: []string{"late"}},
		{name: "beyond lookBack", shift: -lookBack - time.Millisecond, want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.mentions("old", 20)
			// Three in one millisecond, the newest the first poll reads.
			for i := range 3 {
				s.pds.Mention(handle, carol, fmt.Sprint("@", handle, " same ", i), "")
			}
			_, cursor := s.mustPoll(t, "")
			s.clock.Advance(tt.shift)
			s.pds.Mention(handle, carol, "@"+handle+" late", "")
			s.clock.Advance(-tt.shift)
			got, _ := s.mustPoll(t, cursor)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPollInteractions(t *testing.T) {
	s := newStack(t)
	own := s.mustPublish(t, postKey, relais.Content{Text: "Nouvelle carte ce soir"})
	s.pds.RegisterAccount(carol, "carol-app-password")
	bobs := s.pds.Mention(carol, bob, "unrelated post", "")
	_, cursor := s.mustPoll(t, "")
	s.clock.Advance(time.Minute)
	at := s.clock.Now()

	reply := s.pds.Mention(handle, bob, "J'ai hâte !", own)
	s.clock.Advance(time.Second)
	deeper := s.pds.Mention(handle, carol, "Moi aussi", reply.URI)
	s.clock.Advance(time.Second)
	elsewhere := s.pds.Mention(handle, carol, "@"+handle+" what do you think?", bobs.URI)
	s.clock.Advance(time.Second)
	s.pds.Like(handle, carol, own)
	quote := s.pds.Quote(handle, bob, "Look at this menu", own)

	p, err := s.client.Poll(t.Context(), password, handle, cursor)
	if err != nil {
		t.Fatalf("poll: %v", err)
	}
	bobDID, carolDID := s.pds.RegisterAccount(bob, "bob-app-password"), s.pds.RegisterAccount(carol, "carol-app-password")
	now := s.clock.Now()
	want := []relais.Interaction{
		{ID: reply.URI, ParentID: own, PostID: own, Kind: relais.KindReply, Author: relais.Author{ID: bobDID, Name: bob}, Text: "J'ai hâte !", CreatedAt: at},
		{ID: deeper.URI, ParentID: reply.URI, PostID: own, Kind: relais.KindReply, Author: relais.Author{ID: carolDID, Name: carol}, Text: "Moi aussi", CreatedAt: at.Add(time.Second)},
		{ID: elsewhere.URI, ParentID: bobs.URI, PostID: bobs.URI, Kind: relais.KindMention, Author: relais.Author{ID: carolDID, Name: carol}, Text: "@" + handle + " what do you think?", CreatedAt: at.Add(2 * time.Second)},
		{ID: quote.URI, PostID: own, Kind: relais.KindMention, Author: relais.Author{ID: bobDID, Name: bob}, Text: "Look at this menu", CreatedAt: now},
	}
	for i := range want {
		want[i].Network, want[i].AccountID, want[i].ReceivedAt = relais.Bluesky, handle, now
	}
	if !reflect.DeepEqual(p.Interactions, want) {
		t.Errorf("interactions:\n got %+v\nwant %+v", p.Interactions, want)
	}
}

func TestPollFailures(t *testing.T) {
	tests := []struct {
		name     string
		faults   []netfake.Fault // for the calls of the second poll
		expire   bool
		password string         // given to Poll, when not the account's
		wantKind relais.Failure // "" for success
		wantWait time.Duration
	}{
		{name: "server error", faults: []netfake.Fault{netfake.ServerError}, wantKind: relais.FailTransient},
		{name: "rate limited", faults: []netfake.Fault{netfake.RateLimit}, wantKind: relais.FailTransient, wantWait: 5 * time.Minute},
		{name: "second page fails", faults: []netfake.Fault{netfake.None, netfake.ServerError}, wantKind: relais.FailTransient},
		{name: "timeout", faults: []netfake.Fault{netfake.Timeout}, wantKind: relais.FailTransient},
		{name: "expired session", expire: true},
		{name: "app password refused", password: "wrong-pass-word-1234", wantKind: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.mentions("old", 2)
			_, cursor := s.mustPoll(t, "")
			want := s.mentions("new", maxListLimit+1)
			for _, f := range tt.faults {
				s.pds.Faults.FailNext(1, f)
			}
			if tt.expire {
				s.pds.ExpireAccessTokens()
			}
			p, err := s.client.Poll(t.Context(), cmp.Or(tt.password, password), handle, cursor)
			checkNoSecret(t, s.pds, err)
			if tt.wantKind == "" {
				if err != nil || len(p.Interactions) != len(want) {
					t.Fatalf("poll: got %d interactions, %v; want %d", len(p.Interactions), err, len(want))
				}
				return
			}
			if kind, wait := relais.FailureOf(err); kind != tt.wantKind || wait != tt.wantWait {
				t.Errorf("failure: got %s after %v, want %s after %v (%v)", kind, wait, tt.wantKind, tt.wantWait, err)
			}
			if tt.password != "" {
				return
			}
			// The cursor did not move: the next poll reads them all.
			if got, _ := s.mustPoll(t, cursor); !reflect.DeepEqual(got, want) {
				t.Errorf("poll after the failure: got %d from %v, want %d from %v", len(got), first(got), len(want), first(want))
			}
		})
	}
	t.Run("invalid cursor", func(t *testing.T) {
		s := newStack(t)
		_, err := s.client.Poll(t.Context(), password, handle, "yesterday")
		if kind, _ := relais.FailureOf(err); kind != relais.FailPermanent || s.totalCalls() != 0 {
			t.Errorf("got %s after %d calls (%v), want permanent before any call", kind, s.totalCalls(), err)
		}
	})
}
