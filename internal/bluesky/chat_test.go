package bluesky

import (
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const getLog = "chat.bsky.convo.getLog"

// chatPoll polls and fails the test on an error.
func (s *stack) chatPoll(t *testing.T, cursor string) relais.Polled {
	t.Helper()
	p, err := s.client.Poll(t.Context(), password, handle, cursor)
	if err != nil {
		t.Fatalf("poll after %q: %v", cursor, err)
	}
	return p
}

// texts are the texts of the interactions a poll read.
func texts(p relais.Polled) []string {
	out := []string{}
	for _, in := range p.Interactions {
		out = append(out, in.Text)
	}
	return out
}

// send has from send n messages to to, a second apart, as "<prefix> <i>".
func (s *stack) send(to, from, prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		s.clock.Advance(time.Second)
		out[i] = fmt.Sprint(prefix, " ", i)
		s.pds.SendMessage(to, from, out[i])
	}
	return out
}

func TestPollChat(t *testing.T) {
	s := newStack(t)
	s.pds.ChatLogPage = 3
	s.pds.AccessTTL = 1000 * time.Hour
	s.send(handle, bob, "history", 5)
	first := s.chatPoll(t, "")
	if got, want := texts(first), []string{"history 2", "history 3", "history 4"}; !reflect.DeepEqual(got, want) {
		t.Errorf("first poll: got %v, want the latest page's messages %v", got, want)
	}

	// Messages from two people, the account's answer and a mention
	// between them: all read once, oldest first.
	bobs := s.send(handle, bob, "bob", 2)
	s.clock.Advance(time.Second)
	answer := s.pds.SendMessage(bob, handle, "réponse")
	s.clock.Advance(time.Second)
	s.pds.Mention(handle, carol, "@"+handle+" une mention", "")
	carols := s.send(handle, carol, "carol", 1)
	p := s.chatPoll(t, first.Cursor)
	want := append(append(bobs, "réponse", "@"+handle+" une mention"), carols...)
	if got := texts(p); !reflect.DeepEqual(got, want) {
		t.Errorf("second poll: got %v, want %v", got, want)
	}
	bobDID, carolDID := s.pds.RegisterAccount(bob, "bob-app-password"), s.pds.RegisterAccount(carol, "carol-app-password")
	msgs := s.pds.Messages(answer.ConvoID)
	for i, tt := range []struct {
		in         relais.Interaction
		msg        blueskyfake.ChatMessage
		wantAuthor relais.Author
		byAccount  bool
	}{
		{p.Interactions[0], msgs[5], relais.Author{ID: bobDID, Name: bob}, false},
		{p.Interactions[2], msgs[7], relais.Author{ID: handle, Name: handle}, true},
	} {
		want := relais.Interaction{
			Network: relais.Bluesky, AccountID: handle, ID: tt.msg.ConvoID + "/" + tt.msg.ID, Kind: relais.KindMessage,
			Private: true, Conversation: tt.msg.ConvoID, Author: tt.wantAuthor, Text: tt.msg.Text,
			CreatedAt: tt.msg.SentAt, ReceivedAt: s.clock.Now(),
		}
		if !reflect.DeepEqual(tt.in, want) {
			t.Errorf("message %d:\n got %+v\nwant %+v", i, tt.in, want)
		}
		if tt.in.ByAccount() != tt.byAccount {
			t.Errorf("message %d: by the account %v, want %v", i, tt.in.ByAccount(), tt.byAccount)
		}
	}
	if got := p.Interactions[4]; got.Conversation == answer.ConvoID || got.Author.ID != carolDID {
		t.Errorf("carol's message: got conversation %s by %s, want her own conversation", got.Conversation, got.Author.ID)
	}

	// More than one poll reads: the next goes on from there.
	many := s.send(handle, bob, "many", maxPages*s.pds.ChatLogPage+4)
	before := s.count(getLog)
	p = s.chatPoll(t, p.Cursor)
	if got := s.count(getLog) - before; got != maxPages {
		t.Errorf("log pages read: got %d, want %d", got, maxPages)
	}
	rest := s.chatPoll(t, p.Cursor)
	if got := append(texts(p), texts(rest)...); !reflect.DeepEqual(got, many) {
		t.Errorf("two polls: got %d messages from %v, want %d", len(got), first3(got), len(many))
	}
	if again := s.chatPoll(t, rest.Cursor); len(again.Interactions) != 0 || again.Cursor != rest.Cursor {
		t.Errorf("poll with nothing new: got %v and cursor %q, want none and %q", texts(again), again.Cursor, rest.Cursor)
	}
}

func first3(texts []string) []string { return texts[:min(len(texts), 3)] }

// TestPollCursor: a cursor holds the mentions' part and the chat's; one
// stored before the chat was read is all the mentions' part.
func TestPollCursor(t *testing.T) {
	at := time.Date(2026, 11, 22, 9, 0, 0, 123000000, time.UTC)
	tests := []struct {
		cursor  string
		want    pollCursor
		wantErr bool
	}{
		{cursor: "", want: pollCursor{seen: map[string]bool{}}},
		{cursor: "2026-11-22T09:00:00.123Z", want: pollCursor{newest: at, seen: map[string]bool{}}},
		{cursor: "2026-11-22T09:00:00.123Z AAAAAAAAAAAA B-_BBBBBBBBB", want: pollCursor{newest: at, seen: map[string]bool{"AAAAAAAAAAAA": true, "B-_BBBBBBBBB": true}}},
		{cursor: "2026-11-22T09:00:00.123Z AAAAAAAAAAAA chat:3lbx2", want: pollCursor{newest: at, seen: map[string]bool{"AAAAAAAAAAAA": true}, chat: "3lbx2"}},
		{cursor: "chat:a+b%2Fc", want: pollCursor{seen: map[string]bool{}, chat: "a b/c"}},
		{cursor: "chat:", wantErr: true},
		{cursor: "chat:%zz", wantErr: true},
		{cursor: "yesterday chat:3lbx2", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseCursor(tt.cursor)
		if tt.wantErr {
			if err == nil {
				t.Errorf("%q: got %+v, want an error", tt.cursor, got)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %+v, %v; want %+v", tt.cursor, got, err, tt.want)
		}
		if s := got.String(); s != tt.cursor {
			t.Errorf("%q: written back as %q", tt.cursor, s)
		}
	}
}

// TestPollOldCursor: an account polled before the chat was read goes on
// with its mentions where it was, and starts reading its chat.
func TestPollOldCursor(t *testing.T) {
	s := newStack(t)
	s.mentions("old", 3)
	p := s.chatPoll(t, "")
	old, err := parseCursor(p.Cursor)
	if err != nil || old.chat != "" {
		t.Fatalf("cursor %q: %+v, %v; want one without a chat part", p.Cursor, old, err)
	}
	s.send(handle, bob, "chat", 2)
	mentions := s.mentions("new", 2)
	p = s.chatPoll(t, old.String())
	if got, want := texts(p), []string{"chat 0", "chat 1", "@" + handle + " " + mentions[0], "@" + handle + " " + mentions[1]}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if next, err := parseCursor(p.Cursor); err != nil || next.chat == "" || next.newest.Before(old.newest) {
		t.Errorf("next cursor %q: %+v, %v; want both parts", p.Cursor, next, err)
	}
}

// TestPollChatRefused: an app password without access to direct messages
// reads the mentions still; the chat is skipped with a warning that says
// what to do, and no session is opened again for it.
func TestPollChatRefused(t *testing.T) {
	s := newStack(t)
	s.pds.DenyDirectMessages(handle)
	s.send(handle, bob, "unread", 1)
	s.mentions("mention", 2)
	p := s.chatPoll(t, "")
	if got := len(p.Interactions); got != 2 {
		t.Errorf("interactions: got %v, want the 2 mentions", texts(p))
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "without access to direct messages") {
		t.Errorf("warnings: got %q, want one about access to direct messages", p.Warnings)
	}
	for _, w := range p.Warnings {
		for _, secret := range append(s.pds.IssuedTokens(), password) {
			if strings.Contains(w, secret) {
				t.Errorf("warning %q shows a secret", w)
			}
		}
	}
	if c, err := parseCursor(p.Cursor); err != nil || c.chat != "" || c.newest.IsZero() {
		t.Errorf("cursor %q: %+v, %v; want the mentions' part only", p.Cursor, c, err)
	}
	if got := s.pds.SessionsCreated() + s.pds.Refreshes(); got != 1 {
		t.Errorf("sessions opened or renewed: got %d, want 1", got)
	}
}

// TestPollChatFailures: the chat service failing leaves the mentions read
// and the chat's cursor where it was, so the next poll reads the messages.
func TestPollChatFailures(t *testing.T) {
	for _, fault := range []netfake.Fault{netfake.ServerError, netfake.RateLimit, netfake.Timeout} {
		t.Run(string(fault), func(t *testing.T) {
			s := newStack(t)
			s.pds.AccessTTL = 1000 * time.Hour
			s.send(handle, bob, "before", 1)
			cursor := s.chatPoll(t, "").Cursor
			// Past lookBack, the mentions take one page to read.
			s.clock.Advance(time.Hour)
			mentions := s.mentions("mention", 1)
			messages := s.send(handle, bob, "message", 2)
			s.pds.Faults.FailNext(1, netfake.None)
			s.pds.Faults.FailNext(1, fault)
			p := s.chatPoll(t, cursor)
			if got, want := texts(p), []string{"@" + handle + " " + mentions[0]}; !reflect.DeepEqual(got, want) {
				t.Errorf("poll: got %v, want the mention", got)
			}
			if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "next poll reads it from where it stopped") {
				t.Errorf("warnings: got %q, want one that the chat was not read", p.Warnings)
			}
			checkNoSecret(t, s.pds, fmt.Errorf("%s", strings.Join(p.Warnings, "; ")))
			if got := texts(s.chatPoll(t, p.Cursor)); !reflect.DeepEqual(got, messages) {
				t.Errorf("next poll: got %v, want the messages %v", got, messages)
			}
		})
	}
}

// received is bob's message to the account, as a poll reads it.
func (s *stack) received(t *testing.T) relais.Interaction {
	t.Helper()
	s.pds.SendMessage(handle, bob, "ma commande ?")
	p := s.chatPoll(t, "")
	if len(p.Interactions) != 1 {
		t.Fatalf("poll: got %v, want bob's message", texts(p))
	}
	return p.Interactions[0]
}

func TestMessage(t *testing.T) {
	const text = "Elle part demain."
	tests := []struct {
		name  string
		setup func(*stack, *relais.Interaction)
		text  string
		// wantCalls counts the calls made after the poll; wantMsg, when
		// set, is in the refusal.
		wantCalls int
		wantCode  string
		wantMsg   string
	}{
		{name: "sent", text: text, wantCalls: 1},
		{name: "after the session expired", setup: func(s *stack, _ *relais.Interaction) { s.pds.ExpireAccessTokens() }, text: text, wantCalls: 3},
		{name: "public interaction", setup: func(_ *stack, in *relais.Interaction) { in.Private = false }, text: text,
			wantCode: relais.EINVALID, wantMsg: "answered in public, never in private"},
		{name: "no conversation", setup: func(_ *stack, in *relais.Interaction) { in.Conversation = "" }, text: text,
			wantCode: relais.EINVALID, wantMsg: "no conversation"},
		{name: "blank", text: " \n", wantCode: relais.EINVALID, wantMsg: "needs text"},
		{name: "too long", text: strings.Repeat("é", 1001), wantCode: relais.EINVALID, wantMsg: "1001 characters"},
		{name: "unknown conversation", setup: func(_ *stack, in *relais.Interaction) { in.Conversation = "nope" }, text: text,
			wantCalls: 1, wantCode: relais.EINTERNAL, wantMsg: "Convo not found"},
		{name: "app password without chat", setup: func(s *stack, _ *relais.Interaction) {
			s.pds.DenyDirectMessages(handle)
			s.client = New(s.srv.URL, s.hc)
		}, text: text, wantCalls: 2, wantCode: relais.EUNAUTHORIZED, wantMsg: "without access to direct messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			in := s.received(t)
			if tt.setup != nil {
				tt.setup(s, &in)
			}
			before := s.totalCalls()
			id, err := s.client.Message(t.Context(), password, in, tt.text, relais.TagStandard)
			if got := s.totalCalls() - before; got != tt.wantCalls {
				t.Errorf("calls: got %d, want %d", got, tt.wantCalls)
			}
			checkNoSecret(t, s.pds, err)
			msgs := s.pds.Messages(in.Conversation)
			if tt.wantMsg != "" {
				if kind, _ := relais.FailureOf(err); kind != relais.FailPermanent || relais.ErrorCode(err) != tt.wantCode || !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("got %s %s %v, want permanent %s with %q", kind, relais.ErrorCode(err), err, tt.wantCode, tt.wantMsg)
				}
				if len(msgs) > 1 {
					t.Errorf("messages: got %+v, want bob's alone", msgs)
				}
				return
			}
			if err != nil {
				t.Fatalf("message: %v", err)
			}
			if len(msgs) != 2 || msgs[1].Text != text || msgs[1].Sender != s.did || id != url.PathEscape(in.Conversation)+"/"+msgs[1].ID {
				t.Errorf("got %s, messages %+v; want the answer after bob's, by the account", id, msgs)
			}
		})
	}
}

// TestMessageFaults: a message the chat service may have taken is
// ambiguous; a refusal before taking it is transient.
func TestMessageFaults(t *testing.T) {
	tests := []struct {
		fault    netfake.Fault
		want     relais.Failure
		wantWait time.Duration
		wantMade bool
	}{
		{fault: netfake.ServerError, want: relais.FailAmbiguous},
		{fault: netfake.Timeout, want: relais.FailAmbiguous},
		{fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantMade: true},
		{fault: netfake.RateLimit, want: relais.FailTransient, wantWait: blueskyfake.RateLimitWindow},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			s := newStack(t)
			in := s.received(t)
			s.pds.Faults.FailNext(1, tt.fault)
			_, err := s.client.Message(t.Context(), password, in, "Merci !", relais.TagStandard)
			checkNoSecret(t, s.pds, err)
			if kind, wait := relais.FailureOf(err); kind != tt.want || wait != tt.wantWait {
				t.Errorf("got %s after %v, want %s after %v (%v)", kind, wait, tt.want, tt.wantWait, err)
			}
			if got := len(s.pds.Messages(in.Conversation)) - 1; got != map[bool]int{true: 1}[tt.wantMade] {
				t.Errorf("answers: got %d, want made %v", got, tt.wantMade)
			}
		})
	}
}
