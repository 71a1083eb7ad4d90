package mastodon

import (
	"strings"
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
	in := relais.Interaction{Network: relais.Mastodon, AccountID: testAccount, ID: st.ID, Kind: relais.KindMention}
	if visibility == "direct" {
		in.Kind, in.Private, in.Conversation = relais.KindMessage, true, st.ID
	}
	return in
}

// answer answers in with op: "reply" (in public) or "message" (in
// private).
func (f *fixture) answer(t *testing.T, op string, in relais.Interaction, text string) (string, error) {
	if op == "reply" {
		return f.client.Reply(t.Context(), testToken, in, text)
	}
	return f.client.Message(t.Context(), testToken, in, text, relais.TagStandard)
}

// TestAnswer: an answer goes under the status with its visibility, and
// only where the status's visibility, as the instance says, is one that
// kind of answer may go under.
func TestAnswer(t *testing.T) {
	const text = "Bonjour, nous regardons."
	const ada = "ada@other.example"
	tests := []struct {
		name, op, author, visibility string
		// flip makes the interaction's Private flag say the opposite of
		// what the visibility implies.
		flip bool
		text string // the answer's, when not text
		// wantStatus is the answer's text; "" when none is made.
		wantStatus   string
		wantRequests int
		wantMsg      string // in a refusal, always EINVALID
	}{
		{name: "public", op: "reply", author: ada, visibility: "public", wantStatus: "@" + ada + " " + text, wantRequests: 2},
		{name: "unlisted", op: "reply", author: ada, visibility: "unlisted", wantStatus: "@" + ada + " " + text, wantRequests: 2},
		{name: "local author", op: "reply", author: "bob", visibility: "public", wantStatus: "@bob " + text, wantRequests: 2},
		{name: "mention already there", op: "reply", author: ada, visibility: "public", text: "@" + ada + " " + text, wantStatus: "@" + ada + " " + text, wantRequests: 2},
		// Answered in public, it would show what only followers saw.
		{name: "followers only", op: "reply", author: ada, visibility: "private", wantRequests: 1, wantMsg: "followers only"},
		{name: "direct message", op: "reply", author: ada, visibility: "direct", wantMsg: "private message"},
		// The status says what the interaction failed to: still no answer.
		{name: "direct message not marked private", op: "reply", author: ada, visibility: "direct", flip: true, wantRequests: 1, wantMsg: "is a direct message"},

		{name: "direct", op: "message", author: ada, visibility: "direct", wantStatus: "@" + ada + " " + text, wantRequests: 2},
		{name: "local author", op: "message", author: "bob", visibility: "direct", wantStatus: "@bob " + text, wantRequests: 2},
		{name: "mention already there", op: "message", author: ada, visibility: "direct", text: "Merci @" + ada + ", c'est noté.",
			wantStatus: "Merci @" + ada + ", c'est noté.", wantRequests: 2},
		{name: "local mention with the instance", op: "message", author: "bob", visibility: "direct", text: "@bob@social.example " + text,
			wantStatus: "@bob@social.example " + text, wantRequests: 2},
		{name: "another's mention is not the author's", op: "message", author: ada, visibility: "direct", text: "@ada " + text,
			wantStatus: "@" + ada + " @ada " + text, wantRequests: 2},
		// The interaction says public: refused before any call.
		{name: "public interaction", op: "message", author: ada, visibility: "direct", flip: true, wantMsg: "answered in public, never in private"},
		{name: "blank", op: "message", author: ada, visibility: "direct", text: " \n", wantMsg: "needs text"},
		{name: "too long", op: "message", author: ada, visibility: "direct", text: strings.Repeat("é", 501), wantMsg: "501 characters"},
		// The interaction says private, the status does not: refused
		// once read, before posting.
		{name: "public status", op: "message", author: ada, visibility: "public", flip: true, wantRequests: 1, wantMsg: "visibility is public"},
		{name: "unlisted status", op: "message", author: ada, visibility: "unlisted", flip: true, wantRequests: 1, wantMsg: "visibility is unlisted"},
		{name: "followers-only status", op: "message", author: ada, visibility: "private", flip: true, wantRequests: 1, wantMsg: "visibility is private"},
	}
	for _, tt := range tests {
		t.Run(tt.op+" "+tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			in := f.received(tt.author, tt.visibility)
			if tt.flip {
				in.Private = !in.Private
			}
			answer := text
			if tt.text != "" {
				answer = tt.text
			}
			id, err := f.answer(t, tt.op, in, answer)
			if got := f.count(""); got != tt.wantRequests {
				t.Errorf("requests: got %d, want %d", got, tt.wantRequests)
			}
			replies := f.fake.Replies(in.ID)
			if tt.wantStatus == "" {
				e := mustFailure(t, err)
				if e.Kind != relais.FailPermanent || relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("got %s %s %q, want permanent %s with %q", e.Kind, relais.ErrorCode(err), err, relais.EINVALID, tt.wantMsg)
				}
				if len(replies) != 0 {
					t.Errorf("answers: got %+v, want none", replies)
				}
				return
			}
			if err != nil {
				t.Fatalf("answer: %v", err)
			}
			if len(replies) != 1 {
				t.Fatalf("answers: got %d, want 1", len(replies))
			}
			if r := replies[0]; r.ID != id || r.Text != tt.wantStatus || r.Visibility != tt.visibility {
				t.Errorf("answer: got %s %q %s, want %s %q %s", r.ID, r.Text, r.Visibility, id, tt.wantStatus, tt.visibility)
			}
			if got := f.fake.Statuses(testUser); len(got) != 1 || got[0].ID != id {
				t.Errorf("account's statuses: got %+v, want only the answer", got)
			}
			// The mention delivers the answer to the author, and a direct
			// one to no one else.
			if got := f.fake.Inbox(tt.author); len(got) != 1 || got[0].ID != id {
				t.Errorf("author's inbox: got %+v, want the answer", got)
			}
			if got := f.fake.Inbox("other"); len(got) != 0 {
				t.Errorf("another account's inbox: got %+v, want nothing", got)
			}
		})
	}
}

func TestAnswerToUnknownStatus(t *testing.T) {
	for _, op := range []string{"reply", "message"} {
		f := newFixture(t, nil)
		in := relais.Interaction{Network: relais.Mastodon, AccountID: testAccount, ID: "42", Private: op == "message"}
		_, err := f.answer(t, op, in, "Bonjour")
		if e := mustFailure(t, err); e.Kind != relais.FailPermanent || e.Status != 404 {
			t.Errorf("%s: got %s with status %d, want permanent 404 (%v)", op, e.Kind, e.Status, err)
		}
	}
}

// TestAnswerFaults: reading the status makes nothing; posting the answer
// may, and the key makes the same answer again safe.
func TestAnswerFaults(t *testing.T) {
	tests := []struct {
		name     string
		faults   []netfake.Fault // of the read, then of the post
		want     relais.Failure
		wantWait time.Duration
		wantMade bool
	}{
		{name: "read fails", faults: []netfake.Fault{netfake.ServerError}, want: relais.FailTransient},
		{name: "read rate limited", faults: []netfake.Fault{netfake.RateLimit}, want: relais.FailTransient, wantWait: mastodonfake.RateLimitWindow},
		{name: "post fails", faults: []netfake.Fault{netfake.None, netfake.ServerError}, want: relais.FailAmbiguous},
		{name: "post rate limited", faults: []netfake.Fault{netfake.None, netfake.RateLimit}, want: relais.FailTransient, wantWait: mastodonfake.RateLimitWindow},
		{name: "post times out", faults: []netfake.Fault{netfake.None, netfake.Timeout}, want: relais.FailAmbiguous},
		{name: "answer lost", faults: []netfake.Fault{netfake.None, netfake.TimeoutAfterEffect}, want: relais.FailAmbiguous, wantMade: true},
	}
	visibility := map[string]string{"reply": "public", "message": "direct"}
	for _, op := range []string{"reply", "message"} {
		for _, tt := range tests {
			t.Run(op+" "+tt.name, func(t *testing.T) {
				f := newFixture(t, nil)
				f.srv.Client().Timeout = 300 * time.Millisecond
				in := f.received("ada@other.example", visibility[op])
				for _, fault := range tt.faults {
					f.fake.Faults.FailNext(1, fault)
				}
				_, err := f.answer(t, op, in, "Merci !")
				if e := mustFailure(t, err); e.Kind != tt.want || e.RetryAfter != tt.wantWait {
					t.Errorf("got %s after %s, want %s after %s (%v)", e.Kind, e.RetryAfter, tt.want, tt.wantWait, err)
				}
				if got := len(f.fake.Replies(in.ID)); got != map[bool]int{true: 1}[tt.wantMade] {
					t.Errorf("answers: got %d, want made %v", got, tt.wantMade)
				}
				id, err := f.answer(t, op, in, "Merci !")
				if err != nil {
					t.Fatalf("retry: %v", err)
				}
				if replies := f.fake.Replies(in.ID); len(replies) != 1 || replies[0].ID != id {
					t.Errorf("after the retry: got %+v, want one answer %s", replies, id)
				}
			})
		}
	}
}
