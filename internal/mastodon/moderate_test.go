package mastodon

import (
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// received has author write to the account with a visibility and returns
// the interaction as a poll gives it.
func (f *fixture) received(author, visibility string) relais.Interaction {
	st := f.fake.Receive(testUser, author, mastodonfake.Status{Text: "@relais une question", Visibility: visibility})
	return relais.Interaction{Network: relais.Mastodon, AccountID: testAccount, ID: st.ID, Kind: relais.KindMention, Private: visibility == "direct"}
}

func TestReply(t *testing.T) {
	const text = "Bonjour, nous regardons."
	tests := []struct {
		name       string
		author     string
		visibility string
		// private, when set, is the interaction's Private flag instead of
		// what the visibility implies.
		private *bool
		// wantStatus is the reply's text; "" when none is made.
		wantStatus     string
		wantVisibility string
		wantCode       string // relais code of a refusal
		wantRequests   int
	}{
		{name: "public", author: "ada@other.example", visibility: "public", wantStatus: "@ada@other.example " + text, wantVisibility: "public", wantRequests: 2},
		{name: "unlisted", author: "ada@other.example", visibility: "unlisted", wantStatus: "@ada@other.example " + text, wantVisibility: "unlisted", wantRequests: 2},
		{name: "followers only", author: "ada@other.example", visibility: "private", wantStatus: "@ada@other.example " + text, wantVisibility: "private", wantRequests: 2},
		{name: "local author", author: "bob", visibility: "public", wantStatus: "@bob " + text, wantVisibility: "public", wantRequests: 2},
		{name: "direct message", author: "ada@other.example", visibility: "direct", wantCode: relais.EINVALID},
		// The status says what the interaction failed to: still no answer.
		{name: "direct message not marked private", author: "ada@other.example", visibility: "direct", private: new(bool), wantCode: relais.EINVALID, wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			in := f.received(tt.author, tt.visibility)
			if tt.private != nil {
				in.Private = *tt.private
			}
			id, err := f.client.Reply(t.Context(), testToken, in, text)
			if got := f.count(""); got != tt.wantRequests {
				t.Errorf("requests: got %d, want %d", got, tt.wantRequests)
			}
			replies := f.fake.Replies(in.ID)
			if tt.wantStatus == "" {
				e := mustFailure(t, err)
				if e.Kind != relais.FailPermanent || relais.ErrorCode(err) != tt.wantCode {
					t.Errorf("got %s %s, want permanent %s (%v)", e.Kind, relais.ErrorCode(err), tt.wantCode, err)
				}
				if len(replies) != 0 {
					t.Errorf("replies: got %+v, want none", replies)
				}
				return
			}
			if err != nil {
				t.Fatalf("reply: %v", err)
			}
			if len(replies) != 1 {
				t.Fatalf("replies: got %d, want 1", len(replies))
			}
			if r := replies[0]; r.ID != id || r.Text != tt.wantStatus || r.Visibility != tt.wantVisibility {
				t.Errorf("reply: got %s %q %s, want %s %q %s", r.ID, r.Text, r.Visibility, id, tt.wantStatus, tt.wantVisibility)
			}
			if got := f.fake.Statuses(testUser); len(got) != 1 || got[0].ID != id {
				t.Errorf("account's statuses: got %+v, want only the reply", got)
			}
		})
	}
}

func TestReplyToUnknownStatus(t *testing.T) {
	f := newFixture(t, nil)
	in := relais.Interaction{Network: relais.Mastodon, AccountID: testAccount, ID: "42"}
	_, err := f.client.Reply(t.Context(), testToken, in, "Bonjour")
	if e := mustFailure(t, err); e.Kind != relais.FailPermanent || e.Status != 404 {
		t.Errorf("got %s with status %d, want permanent 404 (%v)", e.Kind, e.Status, err)
	}
}

// TestReplyFaults: reading the status makes nothing; posting the reply may.
func TestReplyFaults(t *testing.T) {
	tests := []struct {
		name     string
		faults   []netfake.Fault // of the read, then of the post
		want     relais.Failure
		wantWait time.Duration
		wantMade bool
	}{
		{name: "read fails", faults: []netfake.Fault{netfake.ServerError}, want: relais.FailTransient},
		{name: "post fails", faults: []netfake.Fault{netfake.None, netfake.ServerError}, want: relais.FailAmbiguous},
		{name: "post rate limited", faults: []netfake.Fault{netfake.None, netfake.RateLimit}, want: relais.FailTransient, wantWait: mastodonfake.RateLimitWindow},
		{name: "answer lost", faults: []netfake.Fault{netfake.None, netfake.TimeoutAfterEffect}, want: relais.FailAmbiguous, wantMade: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.srv.Client().Timeout = 300 * time.Millisecond
			in := f.received("ada@other.example", "public")
			for _, fault := range tt.faults {
				f.fake.Faults.FailNext(1, fault)
			}
			_, err := f.client.Reply(t.Context(), testToken, in, "Merci !")
			if e := mustFailure(t, err); e.Kind != tt.want || e.RetryAfter != tt.wantWait {
				t.Errorf("got %s after %s, want %s after %s (%v)", e.Kind, e.RetryAfter, tt.want, tt.wantWait, err)
			}
			if got := len(f.fake.Replies(in.ID)); got != map[bool]int{true: 1}[tt.wantMade] {
				t.Errorf("replies: got %d, want made %v", got, tt.wantMade)
			}
			// The same answer again is safe: the key brings back the
			// status an earlier attempt made instead of a second one.
			id, err := f.client.Reply(t.Context(), testToken, in, "Merci !")
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if replies := f.fake.Replies(in.ID); len(replies) != 1 || replies[0].ID != id {
				t.Errorf("after the retry: got %+v, want one reply %s", replies, id)
			}
		})
	}
}
