package sandboxfake

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// mustDM has a customer write to acme, written ago before now, and returns
// the delivery's event.
func (s *stack) mustDM(t *testing.T, author string, ago time.Duration) sandbox.Event {
	t.Helper()
	d, err := s.net.SendMessage(context.Background(), DM{Account: "acme", AuthorID: author, Text: "Ma commande n'est pas arrivée", CreatedAt: s.clock.Now().Add(-ago)})
	if err != nil {
		t.Fatalf("send message: %v", err)
	}
	return d.Events[0]
}

func TestSendMessageSignedDelivery(t *testing.T) {
	s := newStack(t)
	now := s.clock.Now()
	written := now.Add(-8 * 24 * time.Hour)
	d, err := s.net.SendMessage(context.Background(), DM{
		Account: "acme", ID: "m1", AuthorID: "u1", AuthorName: "Léa", Text: "Où est ma commande ?", CreatedAt: written,
	})
	if err != nil {
		t.Fatalf("send message: %v", err)
	}
	calls := s.receiver.received()
	if got, want := len(calls), 1; got != want {
		t.Fatalf("webhook calls: got %d, want %d", got, want)
	}
	got := mustVerifiedDelivery(t, calls[0])
	conversation := got.Events[0].ConversationID
	want := sandbox.Delivery{DeliveryID: d.DeliveryID, Account: "acme", SentAt: now, Events: []sandbox.Event{{
		Type: sandbox.EventMessage, Verb: sandbox.VerbAdd, MessageID: "m1", ConversationID: conversation,
		From: sandbox.From{ID: "u1", Name: "Léa"}, Message: "Où est ma commande ?", CreatedTime: written,
	}}}
	if conversation == "" || !reflect.DeepEqual(got, want) {
		t.Errorf("delivery:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("returned delivery:\n got %+v\nwant %+v", d, want)
	}

	received := now.Add(time.Second)
	wantInteraction := relais.Interaction{
		Network: relais.Sandbox, AccountID: "acme", ID: "m1", Kind: relais.KindMessage, Private: true, Conversation: conversation,
		Author: relais.Author{ID: "u1", Name: "Léa"}, Text: "Où est ma commande ?", CreatedAt: written, ReceivedAt: received,
	}
	if got := got.Events[0].Interaction(got.Account, received); !reflect.DeepEqual(got, wantInteraction) {
		t.Errorf("interaction:\n got %+v\nwant %+v", got, wantInteraction)
	}

	// The customer's next message joins their conversation.
	next := s.mustDM(t, "u1", 0)
	if next.ConversationID != conversation {
		t.Errorf("second message: conversation %s, want %s", next.ConversationID, conversation)
	}
	c, ok := s.net.Conversation(conversation)
	wantConversation := Conversation{ID: conversation, Account: "acme", Customer: sandbox.From{ID: "u1", Name: "Léa"}, Messages: []Message{
		{ID: "m1", Text: "Où est ma commande ?", CreatedAt: written},
		{ID: next.MessageID, Text: next.Message, CreatedAt: now},
	}}
	if !ok || !reflect.DeepEqual(c, wantConversation) {
		t.Errorf("conversation:\n got %+v\nwant %+v", c, wantConversation)
	}
	if other := s.mustDM(t, "u2", 0); other.ConversationID == conversation {
		t.Errorf("another customer's message joined conversation %s", conversation)
	}
}

// TestDuplicateMessageDelivery: a delivery sent twice carries the same
// bytes, so intake sees the same message, by its id, twice.
func TestDuplicateMessageDelivery(t *testing.T) {
	s := newStack(t)
	s.net.FailNext(1, DuplicateWebhooks)
	e := s.mustDM(t, "u1", time.Hour)
	calls := s.receiver.received()
	if got, want := len(calls), 2; got != want {
		t.Fatalf("webhook calls: got %d, want %d", got, want)
	}
	if !bytes.Equal(calls[0].body, calls[1].body) {
		t.Error("the second delivery's body differs from the first's")
	}
	for i, c := range calls {
		d := mustVerifiedDelivery(t, c)
		if got := d.Events[0].Interaction(d.Account, s.clock.Now()); got.ID != e.MessageID || got.Conversation != e.ConversationID {
			t.Errorf("call %d: interaction %s in %s, want %s in %s", i+1, got.ID, got.Conversation, e.MessageID, e.ConversationID)
		}
	}
	if got, want := len(s.net.Conversations()[0].Messages), 1; got != want {
		t.Errorf("messages recorded: got %d, want %d", got, want)
	}
}

func TestSendMessageRefused(t *testing.T) {
	ok := DM{Account: "acme", AuthorID: "u1", Text: "bonjour"}
	with := func(f func(*DM)) DM {
		m := ok
		f(&m)
		return m
	}
	tests := []struct {
		name string
		m    DM
	}{
		{"no account", with(func(m *DM) { m.Account = "" })},
		{"no author", with(func(m *DM) { m.AuthorID = "" })},
		{"the account itself", with(func(m *DM) { m.AuthorID = "acme" })},
		{"no text", with(func(m *DM) { m.Text = " " })},
		{"written in the future", with(func(m *DM) { m.CreatedAt = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) })},
		{"id of a comment", with(func(m *DM) { m.ID = "taken" })},
		{"id of a message", with(func(m *DM) { m.ID = "m1" })},
		{"another customer's conversation", with(func(m *DM) { m.AuthorID = "u2"; m.Conversation = "t1" })},
		{"another account's conversation", with(func(m *DM) { m.Account = "globex"; m.Conversation = "t1" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			ctx := context.Background()
			if _, err := s.net.SendComment(ctx, Comment{Account: "acme", ID: "taken", PostID: "acme_1", AuthorID: "u1", Text: "hello"}); err != nil {
				t.Fatalf("comment: %v", err)
			}
			if _, err := s.net.SendMessage(ctx, with(func(m *DM) { m.ID, m.Conversation = "m1", "t1" })); err != nil {
				t.Fatalf("first message: %v", err)
			}
			_, err := s.net.SendMessage(ctx, tt.m)
			if got, want := relais.ErrorCode(err), relais.EINVALID; got != want {
				t.Errorf("got %v (code %q), want code %q", err, got, want)
			}
			if got, want := len(s.net.Conversations()[0].Messages), 1; got != want {
				t.Errorf("messages: got %d, want %d", got, want)
			}
		})
	}
	// A comment cannot take a message's id either: Relais knows both by it.
	s := newStack(t)
	e := s.mustDM(t, "u1", 0)
	_, err := s.net.SendComment(context.Background(), Comment{Account: "acme", ID: e.MessageID, PostID: "acme_1", AuthorID: "u1", Text: "hello"})
	if got, want := relais.ErrorCode(err), relais.EINVALID; got != want {
		t.Errorf("comment with a message's id: got %v, want code %q", err, want)
	}
}

func TestMessageControlEndpoints(t *testing.T) {
	s := newStack(t)
	status, _ := s.send(t, http.MethodPost, Prefix+"messages", "", `{"account":"acme","authorId":"u9","text":"Bonjour","createdAt":"2026-11-12T09:00:00Z"}`)
	if status != http.StatusCreated {
		t.Fatalf("send message: got status %d, want 201", status)
	}
	status, code := s.send(t, http.MethodPost, Prefix+"messages", "", `{"account":"acme"}`)
	if status != http.StatusUnprocessableEntity || code != CodeValidation {
		t.Errorf("invalid message: got %d %q, want 422 %q", status, code, CodeValidation)
	}
	s.receiver.setAnswer(func(int) int { return http.StatusInternalServerError })
	status, code = s.send(t, http.MethodPost, Prefix+"messages", "", `{"account":"acme","authorId":"u9","text":"encore"}`)
	if status != http.StatusBadGateway || code != CodeDeliveryFailed {
		t.Errorf("failed delivery: got %d %q, want 502 %q", status, code, CodeDeliveryFailed)
	}

	_, body := s.get(t, Prefix+"conversations")
	var listed []Conversation
	if err := json.Unmarshal(body, &listed); err != nil {
		t.Fatalf("conversations listing: %v", err)
	}
	if len(listed) != 1 || len(listed[0].Messages) != 2 || !listed[0].Messages[0].CreatedAt.Equal(time.Date(2026, 11, 12, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("listed: got %+v, want one conversation of two messages, the first written on 12 November", listed)
	}
}
