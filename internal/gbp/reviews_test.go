package gbp

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/gbp/gbpfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// review has a customer write a review of acme, a minute after the last.
func (s *stack) review(text string) string {
	s.clock.Advance(time.Minute)
	return s.fake.AddReview(gbpfake.Review{Location: acme, Reviewer: "Ada", StarRating: "TWO", Comment: text})
}

// mustPoll polls acme and returns what was read, as kind:text, and the
// new cursor.
func (s *stack) mustPoll(t *testing.T, cursor string) ([]string, string) {
	t.Helper()
	p, err := s.client.Poll(context.Background(), acmeToken, acme, cursor)
	if err != nil {
		t.Fatalf("poll after %q: %v", cursor, err)
	}
	read := []string{}
	for _, in := range p.Interactions {
		read = append(read, string(in.Kind)+":"+in.Text)
	}
	return read, p.Cursor
}

// TestPollInteractions: a review is a comment with its reviewer's name,
// an edited one an edit, and the location's answer the account's own
// reply under it.
func TestPollInteractions(t *testing.T) {
	s := newStack(t)
	anon := s.fake.AddReview(gbpfake.Review{Location: acme, Anonymous: true, Reviewer: "Zoé", StarRating: "ONE", Comment: "Bof"})
	s.clock.Advance(time.Minute)
	answered := s.fake.AddReview(gbpfake.Review{Location: acme, Reviewer: "Ada", Comment: "Super",
		Reply: &gbpfake.Reply{Comment: "Merci Ada", UpdateTime: start.Add(2 * time.Minute)}})
	s.clock.Advance(5 * time.Minute)
	s.fake.EditReview(anon, "Bof, finalement bien")
	s.fake.AddReview(gbpfake.Review{Location: globex, Comment: "ailleurs"})
	s.clock.Advance(time.Minute)

	p, err := s.client.Poll(context.Background(), acmeToken, acme, "")
	if err != nil {
		t.Fatal(err)
	}
	now := start.Add(7 * time.Minute)
	want := []relais.Interaction{
		{Network: Network, AccountID: acme, ID: answered, Kind: relais.KindComment, Author: relais.Author{Name: "Ada"}, Text: "Super",
			CreatedAt: start.Add(time.Minute), ReceivedAt: now},
		{Network: Network, AccountID: acme, ID: answered + "/reply", ParentID: answered, Kind: relais.KindReply, Author: relais.Author{ID: acme},
			Text: "Merci Ada", CreatedAt: start.Add(2 * time.Minute), ReceivedAt: now},
		{Network: Network, AccountID: acme, ID: anon, Kind: relais.KindEdit, Text: "Bof, finalement bien",
			CreatedAt: start, EditedAt: start.Add(6 * time.Minute), ReceivedAt: now},
	}
	if !reflect.DeepEqual(p.Interactions, want) {
		t.Errorf("interactions:\n got %+v\nwant %+v", p.Interactions, want)
	}
	if !p.Interactions[1].ByAccount() || p.Interactions[0].ByAccount() {
		t.Errorf("by account: the answer should be the account's, the review not")
	}
}

// TestPollCursor: each poll returns what is new or changed since the last
// one, once.
func TestPollCursor(t *testing.T) {
	s := newStack(t)
	first := s.review("un")
	s.review("deux")
	got, cursor := s.mustPoll(t, "")
	if want := []string{"comment:un", "comment:deux"}; !reflect.DeepEqual(got, want) {
		t.Errorf("first poll: got %v, want %v", got, want)
	}
	got, cursor = s.mustPoll(t, cursor)
	if len(got) != 0 {
		t.Errorf("nothing new: got %v", got)
	}
	s.review("trois")
	s.clock.Advance(time.Minute)
	s.fake.EditReview(first, "un, revu")
	got, next := s.mustPoll(t, cursor)
	if want := []string{"comment:trois", "edit:un, revu"}; !reflect.DeepEqual(got, want) {
		t.Errorf("third poll: got %v, want %v", got, want)
	}
	if got, again := s.mustPoll(t, next); len(got) != 0 || again != next {
		t.Errorf("fourth poll: got %v and cursor %q, want nothing and %q", got, again, next)
	}
}

// TestPollLateReviews: a review Google lists late, under an updateTime
// behind those already read, is found within lookBack; two reviews of one
// instant are both read.
func TestPollLateReviews(t *testing.T) {
	s := newStack(t)
	s.clock.Advance(48 * time.Hour)
	s.review("lu")
	_, cursor := s.mustPoll(t, "")
	now := s.clock.Now()
	s.fake.AddReview(gbpfake.Review{Location: acme, Comment: "même instant", CreateTime: now})
	s.fake.AddReview(gbpfake.Review{Location: acme, Comment: "retenu 2 h", CreateTime: now.Add(-2 * time.Hour)})
	s.fake.AddReview(gbpfake.Review{Location: acme, Comment: "retenu 25 h", CreateTime: now.Add(-25 * time.Hour)})
	got, _ := s.mustPoll(t, cursor)
	if want := []string{"comment:retenu 2 h", "comment:même instant"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v (a review held longer than %v is missed)", got, want, lookBack)
	}
}

// TestPollAnswered: an answer that moves its review's updateTime does not
// make the review an edit to moderate again; it comes back as the
// account's reply, with the review as already known.
func TestPollAnswered(t *testing.T) {
	for _, touches := range []bool{false, true} {
		t.Run(fmt.Sprint("touches ", touches), func(t *testing.T) {
			s := newStack(t)
			s.fake.ReplyTouchesReview = touches
			name := s.review("Super")
			_, cursor := s.mustPoll(t, "")
			s.clock.Advance(time.Minute)
			in := relais.Interaction{Network: Network, AccountID: acme, ID: name, Kind: relais.KindComment}
			if _, err := s.client.Reply(context.Background(), acmeToken, in, "Merci !"); err != nil {
				t.Fatal(err)
			}
			got, _ := s.mustPoll(t, cursor)
			want := []string{}
			if touches {
				want = []string{"comment:Super", "reply:Merci !"}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// TestPollPages: a first poll reads the latest page; a later one reads
// down to lookBack before its cursor, at most maxReviewPages pages.
func TestPollPages(t *testing.T) {
	tests := []struct {
		name         string
		history      int // reviews before the first poll
		between      int // reviews after it
		wantFirst    int
		wantNext     int
		wantRequests int64 // of the second poll
	}{
		{name: "nothing", wantRequests: 1},
		// The history the first poll left is not returned; the second
		// page is read to find where the first ended.
		{name: "history", history: 120, wantFirst: reviewPage, wantRequests: 2},
		{name: "a few new", history: 3, between: 2, wantFirst: 3, wantNext: 2, wantRequests: 1},
		{name: "three pages new", history: 3, between: 120, wantFirst: 3, wantNext: 120, wantRequests: 3},
		{name: "more than a poll reads", history: 3, between: maxReviewPages*reviewPage + 5, wantFirst: 3, wantNext: maxReviewPages * reviewPage, wantRequests: maxReviewPages},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			for i := range tt.history {
				s.review(fmt.Sprint("ancien ", i))
			}
			got, cursor := s.mustPoll(t, "")
			if len(got) != tt.wantFirst {
				t.Errorf("first poll: got %d, want %d", len(got), tt.wantFirst)
			}
			s.clock.Advance(30 * time.Hour) // past lookBack: the history is not read again
			for i := range tt.between {
				s.fake.AddReview(gbpfake.Review{Location: acme, Comment: fmt.Sprint("nouveau ", i), CreateTime: s.clock.Now().Add(time.Duration(i) * time.Second)})
			}
			s.requests.Store(0)
			got, _ = s.mustPoll(t, cursor)
			if len(got) != tt.wantNext {
				t.Errorf("second poll: got %d, want %d", len(got), tt.wantNext)
			}
			if n := s.requests.Load(); n != tt.wantRequests {
				t.Errorf("second poll's requests: got %d, want %d", n, tt.wantRequests)
			}
		})
	}
}

// TestPollHistoryEnd: where a first poll's page ended stays in the
// cursor while a poll can read back to it, and no longer.
func TestPollHistoryEnd(t *testing.T) {
	s := newStack(t)
	for i := range reviewPage + 1 {
		s.review(fmt.Sprint("ancien ", i))
	}
	_, cursor := s.mustPoll(t, "")
	if !strings.Contains(cursor, fromField) {
		t.Errorf("first cursor %q: want where the page ended", cursor)
	}
	s.clock.Advance(lookBack)
	s.review("nouveau")
	got, cursor := s.mustPoll(t, cursor)
	if want := []string{"comment:nouveau"}; !reflect.DeepEqual(got, want) || strings.Contains(cursor, fromField) {
		t.Errorf("got %v and cursor %q, want %v and no history end", got, cursor, want)
	}
}

func TestPollFailures(t *testing.T) {
	tests := []struct {
		name       string
		fault      netfake.Fault
		token      string
		account    string
		cursor     string
		wantKind   relais.Failure
		wantStatus int
	}{
		{name: "server error", fault: netfake.ServerError, token: acmeToken, account: acme, wantKind: relais.FailTransient, wantStatus: 500},
		{name: "timeout", fault: netfake.Timeout, token: acmeToken, account: acme, wantKind: relais.FailTransient},
		{name: "rate limit", fault: netfake.RateLimit, token: acmeToken, account: acme, wantKind: relais.FailTransient, wantStatus: 429},
		{name: "bad token", token: "nope", account: acme, wantKind: relais.FailPermanent, wantStatus: 401},
		{name: "other location's token", token: globexToken, account: acme, wantKind: relais.FailPermanent, wantStatus: 403},
		{name: "not a location", token: acmeToken, account: "acme", wantKind: relais.FailPermanent},
		{name: "bad cursor", token: acmeToken, account: acme, cursor: "yesterday abc", wantKind: relais.FailPermanent},
		{name: "bad cursor end", token: acmeToken, account: acme, cursor: "2026-11-20T09:00:00Z abc from:never", wantKind: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.review("Super")
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.Poll(context.Background(), tt.token, tt.account, tt.cursor)
			mustFail(t, err, tt.wantKind, tt.wantStatus)
		})
	}
}
