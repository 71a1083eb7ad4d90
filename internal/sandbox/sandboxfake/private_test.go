package sandboxfake

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

const day = 24 * time.Hour

func TestMessageWindows(t *testing.T) {
	tests := []struct {
		name string
		// ago is how long before now the customer last wrote.
		ago      time.Duration
		tag      relais.MessageTag
		wantCode string // "" for sent
	}{
		{"an hour", time.Hour, relais.TagStandard, ""},
		{"a day to the second", day, relais.TagStandard, ""},
		{"a day and a second", day + time.Second, relais.TagStandard, CodeWindowClosed},
		{"tagged within the day", time.Hour, relais.TagHumanAgent, ""},
		{"tagged after a day", 2 * day, relais.TagHumanAgent, ""},
		{"tagged at seven days", 7 * day, relais.TagHumanAgent, ""},
		{"tagged after seven days", 8 * day, relais.TagHumanAgent, CodeWindowClosed},
		{"untagged after seven days", 8 * day, relais.TagStandard, CodeWindowClosed},
		{"unknown tag", time.Hour, "CONFIRMED_EVENT_UPDATE", CodeValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			e := s.mustDM(t, "u1", tt.ago)
			id, err := s.client.Message(context.Background(), acmeToken, e.ConversationID, "Nous regardons votre commande.", tt.tag)
			var answers []Message
			if c, _ := s.net.Conversation(e.ConversationID); len(c.Messages) > 1 {
				answers = c.Messages[1:]
			}
			if tt.wantCode != "" {
				if e := netfake.MustError(t, err, acmeToken); e.Kind != relais.FailPermanent || e.Code != tt.wantCode {
					t.Errorf("got %s %q (%v), want permanent %q", e.Kind, e.Code, err, tt.wantCode)
				}
				if len(answers) != 0 || len(s.net.Actions()) != 0 {
					t.Errorf("refused message recorded: %+v", answers)
				}
				return
			}
			if err != nil {
				t.Fatalf("message: %v", err)
			}
			want := []Message{{ID: id, Outbound: true, Text: "Nous regardons votre commande.", Tag: tt.tag, CreatedAt: s.clock.Now()}}
			if !reflect.DeepEqual(answers, want) {
				t.Errorf("answers:\n got %+v\nwant %+v", answers, want)
			}
			wantActions := []Action{{Kind: ActionMessage, Account: "acme", Conversation: e.ConversationID, ReplyID: id, Text: want[0].Text, Tag: tt.tag, At: s.clock.Now()}}
			if got := s.net.Actions(); !reflect.DeepEqual(got, wantActions) {
				t.Errorf("actions:\n got %+v\nwant %+v", got, wantActions)
			}
		})
	}
}

// TestWindowRunsFromLastMessage: the customer writing again opens the
// window again, even when an older message arrives later.
func TestWindowRunsFromLastMessage(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	old := s.mustDM(t, "u1", 8*day)
	if _, err := s.client.Message(ctx, acmeToken, old.ConversationID, "Bonjour", relais.TagHumanAgent); err == nil {
		t.Fatal("message after eight days: sent, want refused")
	}
	s.mustDM(t, "u1", time.Hour)
	s.mustDM(t, "u1", 3*day)
	if _, err := s.client.Message(ctx, acmeToken, old.ConversationID, "Bonjour", relais.TagStandard); err != nil {
		t.Errorf("message an hour after the customer's last: %v", err)
	}
}

func TestWindowClosedSaysWhen(t *testing.T) {
	s := newStack(t)
	e := s.mustDM(t, "u1", 2*day)
	_, err := s.client.Message(context.Background(), acmeToken, e.ConversationID, "Bonjour", relais.TagStandard)
	netfake.MustError(t, err)
	for _, want := range []string{"outside the allowed window", "2026-11-19T09:00:00Z", string(relais.TagHumanAgent), "2026-11-25T09:00:00Z"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestPrivateReply(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	commentID := s.mustComment(t, "Livraison ratée")
	s.clock.Advance(6 * day)
	id, err := s.client.PrivateReply(ctx, acmeToken, commentID, "Écrivez-nous votre numéro de commande.")
	if err != nil {
		t.Fatalf("private reply: %v", err)
	}
	c, _ := s.net.Comment(commentID)
	if c.PrivateReply != id || len(c.Replies) != 0 {
		t.Errorf("comment: private reply %q and %d public replies, want %q and none", c.PrivateReply, len(c.Replies), id)
	}
	convs := s.net.Conversations()
	want := []Conversation{{ID: convs[0].ID, Account: "acme", Customer: sandbox.From{ID: "u1", Name: "Léa"}, Messages: []Message{
		{ID: id, Outbound: true, Text: "Écrivez-nous votre numéro de commande.", CommentID: commentID, CreatedAt: s.clock.Now()},
	}}}
	if !reflect.DeepEqual(convs, want) {
		t.Errorf("conversations:\n got %+v\nwant %+v", convs, want)
	}
	if got := s.net.Actions(); len(got) != 1 || got[0].Kind != ActionPrivateReply || got[0].CommentID != commentID || got[0].ReplyID != id {
		t.Errorf("actions: got %+v, want the private reply", got)
	}

	// As on Meta, the account may write again only once the customer
	// answers; the conversation is the private reply's.
	if _, err := s.client.Message(ctx, acmeToken, convs[0].ID, "Alors ?", relais.TagStandard); netfake.MustError(t, err).Code != CodeWindowClosed {
		t.Errorf("message before the customer answers: got %v, want %q", err, CodeWindowClosed)
	}
	if e := s.mustDM(t, "u1", 0); e.ConversationID != convs[0].ID {
		t.Errorf("customer's answer: conversation %s, want %s", e.ConversationID, convs[0].ID)
	}
	if _, err := s.client.Message(ctx, acmeToken, convs[0].ID, "Merci, c'est noté.", relais.TagStandard); err != nil {
		t.Errorf("message after the customer answers: %v", err)
	}

	// A comment is answered in private once.
	_, err = s.client.PrivateReply(ctx, acmeToken, commentID, "Bonjour encore")
	if e := netfake.MustError(t, err); e.Kind != relais.FailPermanent || e.Status != 409 || e.Code != CodeAlreadyReplied {
		t.Errorf("second private reply: got %s %d %q, want permanent 409 %q", e.Kind, e.Status, e.Code, CodeAlreadyReplied)
	}
	if c, _ := s.net.Comment(commentID); c.PrivateReply != id {
		t.Errorf("private reply: got %q, want %q", c.PrivateReply, id)
	}
}
