package meta

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// customer is who writes to the accounts in private in these tests.
const customer = "6283749102837465"

// inbox is a stack whose fake runs on a clock, with a customer who wrote
// to each account and a comment c1 with a reply c2 on each, all at t0.
type inbox struct {
	*stack
	clock *netfake.Clock
}

func newInbox(t *testing.T) inbox {
	t.Helper()
	s := inbox{stack: newStack(t), clock: netfake.NewClock(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))}
	s.fake.Now = s.clock.Now
	for _, account := range []string{pageID, igID} {
		s.fake.ReceiveMessage(account, customer)
		s.fake.AddComment(account, account+"-c1")
		s.fake.AddReply(account, account+"-c1", account+"-c2")
	}
	return s
}

// messenger returns a network's adapter, account and token.
func (s inbox) messenger(n relais.Network) (relais.NetworkMessenger, string, string) {
	if n == relais.Instagram {
		return s.ig, igID, igToken
	}
	return s.fb, pageID, pageToken
}

// dm is the customer's message in account's conversation, as intake
// stored it; comment is one of the account's comments (c1, or its reply
// c2).
func dm(n relais.Network, account string) relais.Interaction {
	return relais.Interaction{Network: n, AccountID: account, ID: "m_1", Kind: relais.KindMessage, Private: true,
		Author: relais.Author{ID: customer}, Conversation: customer}
}

func comment(n relais.Network, account, c string) relais.Interaction {
	in := relais.Interaction{Network: n, AccountID: account, ID: account + "-" + c, PostID: "m1", ParentID: "m1", Kind: relais.KindComment,
		Author: relais.Author{ID: customer}}
	if c == "c2" {
		in.Kind, in.ParentID = relais.KindReply, account+"-c1"
	}
	return in
}

// sent is what the fake recorded an account sent, one line a message.
func (s inbox) sent(account string) []string {
	var out []string
	for _, m := range s.fake.Messages(account) {
		out = append(out, strings.TrimSpace(m.Recipient+m.CommentID+" "+m.MessagingType+" "+m.Tag))
	}
	return out
}

func TestMessage(t *testing.T) {
	tests := []struct {
		name    string
		network relais.Network
		after   time.Duration // since the customer wrote
		comment string        // answer this comment in private instead
		tag     relais.MessageTag
		// twice sends the same answer again first.
		twice    bool
		blocked  bool // the customer cannot receive messages
		wantErr  relais.Failure
		wantCode string
		wantIn   string
		wantSent []string
	}{
		{name: "messenger within a day", network: relais.Facebook, after: time.Hour, wantSent: []string{customer + " RESPONSE"}},
		{name: "instagram within a day", network: relais.Instagram, after: 23 * time.Hour, wantSent: []string{customer + " RESPONSE"}},
		{name: "messenger by a person after a day", network: relais.Facebook, after: 3 * 24 * time.Hour, tag: relais.TagHumanAgent,
			wantSent: []string{customer + " MESSAGE_TAG HUMAN_AGENT"}},
		{name: "instagram by a person after a day", network: relais.Instagram, after: 6 * 24 * time.Hour, tag: relais.TagHumanAgent,
			wantSent: []string{customer + " MESSAGE_TAG HUMAN_AGENT"}},
		{name: "messenger window closed", network: relais.Facebook, after: metafake.StandardWindow + time.Hour,
			wantErr: relais.FailPermanent, wantCode: "10/2018278", wantIn: "window is closed"},
		{name: "instagram human-agent window closed", network: relais.Instagram, after: metafake.HumanAgentWindow + time.Hour, tag: relais.TagHumanAgent,
			wantErr: relais.FailPermanent, wantCode: "10/2018278", wantIn: "window is closed"},
		{name: "customer unavailable", network: relais.Facebook, after: time.Hour, blocked: true,
			wantErr: relais.FailPermanent, wantCode: "551/1545041", wantIn: "cannot receive messages"},
		{name: "messenger private reply", network: relais.Facebook, after: 6 * 24 * time.Hour, comment: "c1", wantSent: []string{pageID + "-c1"}},
		{name: "instagram private reply to a reply", network: relais.Instagram, after: time.Hour, comment: "c2", wantSent: []string{igID + "-c2"}},
		{name: "second private reply", network: relais.Instagram, after: time.Hour, comment: "c1", twice: true,
			wantErr: relais.FailPermanent, wantCode: "10900", wantIn: "one private reply per comment", wantSent: []string{igID + "-c1"}},
		{name: "private reply after a week", network: relais.Facebook, after: metafake.PrivateReplyWindow + time.Hour, comment: "c1",
			wantErr: relais.FailPermanent, wantCode: "10/2018278", wantIn: "window is closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newInbox(t)
			m, account, token := s.messenger(tt.network)
			in := dm(tt.network, account)
			if tt.comment != "" {
				in = comment(tt.network, account, tt.comment)
			}
			if tt.blocked {
				s.fake.MakeUnavailable(account, customer)
			}
			s.clock.Advance(tt.after)
			if tt.twice {
				if _, err := m.Message(t.Context(), token, in, "Bonjour, je vous écris en privé.", tt.tag); err != nil {
					t.Fatalf("first answer: %v", err)
				}
			}
			id, err := m.Message(t.Context(), token, in, "Bonjour, je vous écris en privé.", tt.tag)
			if tt.wantErr != "" {
				e := mustMetaError(t, err, tt.wantErr)
				if e.Code != tt.wantCode || !strings.Contains(e.Error(), tt.wantIn) {
					t.Errorf("error %q: want code %s and %q", e, tt.wantCode, tt.wantIn)
				}
			} else if err != nil || id == "" {
				t.Fatalf("got id %q and %v, want an id", id, err)
			}
			if got := s.sent(account); !slices.Equal(got, tt.wantSent) {
				t.Errorf("sent: got %q, want %q", got, tt.wantSent)
			}
			for _, r := range s.seen() {
				if want := "POST /v21.0/" + account + "/messages"; r != want {
					t.Errorf("request %q, want %q", r, want)
				}
			}
		})
	}
}

// TestMessageRefused: what is neither a private message of a conversation
// nor a comment, or would be refused by Meta anyway, is refused before
// any call.
func TestMessageRefused(t *testing.T) {
	private := dm(relais.Facebook, pageID)
	public := comment(relais.Facebook, pageID, "c1")
	with := func(in relais.Interaction, change func(*relais.Interaction)) relais.Interaction {
		change(&in)
		return in
	}
	tests := []struct {
		name    string
		network relais.Network
		in      relais.Interaction
		text    string
		tag     relais.MessageTag
		wantIn  string
	}{
		{name: "instagram mention", network: relais.Instagram, in: relais.Interaction{Network: relais.Instagram, AccountID: igID, ID: "17876", PostID: "18098", Kind: relais.KindMention}, wantIn: "public mention"},
		{name: "edit", network: relais.Facebook, in: with(public, func(in *relais.Interaction) { in.Kind = relais.KindEdit }), wantIn: "public edit"},
		{name: "removed comment", network: relais.Facebook, in: with(public, func(in *relais.Interaction) { in.Removed = true }), wantIn: "removed"},
		{name: "the account's own comment", network: relais.Facebook, in: with(public, func(in *relais.Interaction) { in.Author.ID = pageID }), wantIn: "account's own"},
		{name: "private reply with a tag", network: relais.Facebook, in: public, tag: relais.TagHumanAgent, wantIn: "no message tag"},
		{name: "private comment", network: relais.Facebook, in: with(public, func(in *relais.Interaction) { in.Private = true }), wantIn: "not a message of a conversation"},
		{name: "message without conversation", network: relais.Facebook, in: with(private, func(in *relais.Interaction) { in.Conversation = "" }), wantIn: "not a message of a conversation"},
		{name: "unknown tag", network: relais.Facebook, in: private, tag: "ACCOUNT_UPDATE", wantIn: "no message tag"},
		{name: "no account", network: relais.Facebook, in: with(private, func(in *relais.Interaction) { in.AccountID = "" }), wantIn: "no account"},
		{name: "no text", network: relais.Facebook, in: private, text: " \n", wantIn: "needs text"},
		{name: "messenger text too long", network: relais.Facebook, in: private, text: strings.Repeat("é", 2001), wantIn: "Messenger allows 2000"},
		{name: "instagram text too long", network: relais.Instagram, in: dm(relais.Instagram, igID), text: strings.Repeat("é", 501), wantIn: "Instagram allows 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newInbox(t)
			m, _, token := s.messenger(tt.network)
			text := tt.text
			if text == "" {
				text = "Bonjour"
			}
			_, err := m.Message(t.Context(), token, tt.in, text, tt.tag)
			e := mustMetaError(t, err, relais.FailPermanent)
			if got := relais.ErrorCode(err); got != relais.EINVALID {
				t.Errorf("code: got %q, want %q", got, relais.EINVALID)
			}
			if !strings.Contains(e.Error(), tt.wantIn) {
				t.Errorf("error %q: want it to say %q", e, tt.wantIn)
			}
			if got := s.seen(); len(got) != 0 {
				t.Errorf("requests: got %q, want none", got)
			}
		})
	}
}

// TestMessageFaults: a private answer is something made, so a failure
// after its request went out is ambiguous; a rate limit is transient.
func TestMessageFaults(t *testing.T) {
	tests := []struct {
		fault    netfake.Fault
		comment  bool // a private reply rather than a message
		want     relais.Failure
		wantWait time.Duration
		wantSent int // the network sent it despite the failure
	}{
		{fault: netfake.ServerError, want: relais.FailAmbiguous},
		{fault: netfake.ServerError, comment: true, want: relais.FailAmbiguous},
		{fault: netfake.Timeout, want: relais.FailAmbiguous},
		{fault: netfake.TimeoutAfterEffect, comment: true, want: relais.FailAmbiguous, wantSent: 1},
		{fault: netfake.RateLimit, want: relais.FailTransient, wantWait: time.Minute},
	}
	for _, tt := range tests {
		name := string(tt.fault) + " message"
		if tt.comment {
			name = string(tt.fault) + " private reply"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel() // the timeouts take the client's timeout each
			s := newInbox(t)
			in := dm(relais.Facebook, pageID)
			if tt.comment {
				in = comment(relais.Facebook, pageID, "c1")
			}
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.fb.Message(t.Context(), pageToken, in, "Bonjour", relais.TagStandard)
			e := mustMetaError(t, err, tt.want)
			if got := e.Wait(); got != tt.wantWait {
				t.Errorf("wait: got %s, want %s", got, tt.wantWait)
			}
			if tt.want == relais.FailAmbiguous && !strings.Contains(e.Error(), "the message may exist") {
				t.Errorf("error %q: want it to say the message may exist", e)
			}
			if got := len(s.fake.Messages(pageID)); got != tt.wantSent {
				t.Errorf("sent: got %d, want %d", got, tt.wantSent)
			}
		})
	}
}
