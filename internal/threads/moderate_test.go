package threads

import (
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// thread is a post of the account with a reply from Léa and Hugo's reply
// to hers, as the webhook names them.
type thread struct {
	post       string
	lea, hugo  relais.Interaction
	otherReply relais.Interaction // a reply on another account's post
}

func newThread(t *testing.T, s *stack) thread {
	t.Helper()
	post, err := s.client.Publish(t.Context(), acctToken, acct, "post-1", relais.Content{Text: "Brunch dimanche"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.client.Publish(t.Context(), otherToken, otherAcct, "post-1", relais.Content{Text: "Ailleurs"})
	if err != nil {
		t.Fatal(err)
	}
	lea := s.fake.AddReply(post, "lea.martin", "On vient !")
	hugo := s.fake.AddReply(lea, "hugo_b", "Moi aussi")
	elsewhere := s.fake.AddReply(other, "lea.martin", "Et ici ?")
	return thread{
		post: post,
		lea:  relais.Interaction{Network: Network, AccountID: acct, ID: lea, ParentID: post, PostID: post, Kind: relais.KindComment, Text: "On vient !"},
		hugo: relais.Interaction{Network: Network, AccountID: acct, ID: hugo, ParentID: lea, PostID: post, Kind: relais.KindReply, Text: "Moi aussi"},
		otherReply: relais.Interaction{Network: Network, AccountID: acct, ID: elsewhere, ParentID: other, PostID: other,
			Kind: relais.KindComment, Text: "Et ici ?"},
	}
}

// TestHide hides and shows again a reply to the account's post.
func TestHide(t *testing.T) {
	s := newStack(t)
	th := newThread(t, s)
	if err := s.client.Hide(t.Context(), acctToken, th.lea); err != nil {
		t.Fatalf("hide: %v", err)
	}
	if !s.fake.Hidden(th.lea.ID) {
		t.Errorf("after hide: the reply is shown")
	}
	if err := s.client.Unhide(t.Context(), acctToken, th.lea); err != nil {
		t.Fatalf("unhide: %v", err)
	}
	if s.fake.Hidden(th.lea.ID) {
		t.Errorf("after unhide: the reply is hidden")
	}
}

// TestHideRefused: what Threads cannot hide is refused before any call,
// and what it refuses is permanent.
func TestHideRefused(t *testing.T) {
	s := newStack(t)
	th := newThread(t, s)
	mention := th.lea
	mention.Kind = relais.KindMention
	tests := []struct {
		name         string
		token        string
		in           relais.Interaction
		wantCode     string
		wantRequests int
	}{
		{name: "nested reply", token: acctToken, in: th.hugo},
		{name: "mention", token: acctToken, in: mention},
		{name: "reply on another account's post", token: acctToken, in: th.otherReply, wantCode: "100/33", wantRequests: 1},
		{name: "bad token", token: "THAA-nope", in: th.lea, wantCode: "190", wantRequests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.seen())
			e := mustFail(t, s.client.Hide(t.Context(), tt.token, tt.in), relais.FailPermanent)
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q (%v)", got, want, e)
			}
			if got, want := len(s.seen())-before, tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			if s.fake.Hidden(tt.in.ID) {
				t.Errorf("the reply is hidden")
			}
		})
	}
}

// TestReply answers a reply, a nested reply and a mention-like reply on
// another's post, each under what it answers.
func TestReply(t *testing.T) {
	s := newStack(t)
	th := newThread(t, s)
	for _, in := range []relais.Interaction{th.lea, th.hugo, th.otherReply} {
		id, err := s.client.Reply(t.Context(), acctToken, in, "Merci, à dimanche ! 🙌")
		if err != nil {
			t.Fatalf("reply to %s: %v", in.ID, err)
		}
		m, ok := s.fake.Get(id)
		if !ok {
			t.Fatalf("reply %s: not found", id)
		}
		if m.ReplyTo != in.ID || m.Root != in.PostID || m.Account != acct || m.Text != "Merci, à dimanche ! 🙌" {
			t.Errorf("reply to %s: got %+v", in.ID, m)
		}
	}
	if got := len(s.fake.Posts(acct)); got != 1 {
		t.Errorf("posts: got %d, want 1: replies are no posts", got)
	}
}

func TestReplyRefused(t *testing.T) {
	s := newStack(t)
	th := newThread(t, s)
	private := th.lea
	private.Private = true
	gone := th.lea
	gone.ID = "18000000000000001"
	tests := []struct {
		name         string
		in           relais.Interaction
		text         string
		wantCode     string
		wantRequests int
	}{
		{name: "private", in: private, text: "ok"},
		{name: "no text", in: th.lea, text: " "},
		{name: "too long", in: th.lea, text: strings.Repeat("👍", 126)},
		{name: "deleted reply", in: gone, text: "ok", wantCode: "24/4279009", wantRequests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.seen())
			_, err := s.client.Reply(t.Context(), acctToken, tt.in, tt.text)
			e := mustFail(t, err, relais.FailPermanent)
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q (%v)", got, want, err)
			}
			if got, want := len(s.seen())-before, tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
		})
	}
}

// TestReplyFailures: the reply's publish is what may have made it.
func TestReplyFailures(t *testing.T) {
	// The calls of a reply: the limit, the container, its status, the
	// publish.
	tests := []struct {
		name   string
		before int
		fault  netfake.Fault
		// limited lets the account one reply a day, spent first.
		limited     bool
		wantKind    relais.Failure
		wantWait    time.Duration
		wantReplies int
	}{
		{name: "reply limit reached", limited: true, wantKind: relais.FailTransient, wantWait: time.Hour, wantReplies: 1},
		{name: "container fails", before: 1, fault: netfake.ServerError, wantKind: relais.FailTransient},
		{name: "publish fails", before: 3, fault: netfake.ServerError, wantKind: relais.FailAmbiguous},
		{name: "publish answer lost", before: 3, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantReplies: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			th := newThread(t, s)
			if tt.limited {
				s.fake.ReplyLimit = 1
				if _, err := s.client.Reply(t.Context(), acctToken, th.hugo, "Premier"); err != nil {
					t.Fatal(err)
				}
			}
			s.fake.Faults.FailNext(tt.before, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.Reply(t.Context(), acctToken, th.lea, "Merci !")
			e := mustFail(t, err, tt.wantKind)
			if got, want := e.Wait(), tt.wantWait; got != want {
				t.Errorf("wait: got %v, want %v", got, want)
			}
			if got, want := len(s.fake.Replies(acct)), tt.wantReplies; got != want {
				t.Errorf("replies by the account: got %d, want %d", got, want)
			}
		})
	}
}
