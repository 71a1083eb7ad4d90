package sandboxfake

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// DM is a private message a customer writes to an account. The network
// records it in their conversation and announces it with a webhook.
type DM struct {
	Account string `json:"account"`
	// ID is generated when empty.
	ID string `json:"id"`
	// Conversation is the customer's conversation with the account when
	// empty: the one they already have, or a new one.
	Conversation string `json:"conversation"`
	AuthorID     string `json:"authorId"`
	AuthorName   string `json:"authorName,omitempty"`
	Text         string `json:"text"`
	// CreatedAt is when the customer wrote; zero means now. An earlier
	// time shows an answer whose window has closed.
	CreatedAt time.Time `json:"createdAt,omitzero"`
}

// Conversation is a private conversation between an account and one
// customer, as the network holds it.
type Conversation struct {
	ID       string       `json:"id"`
	Account  string       `json:"account"`
	Customer sandbox.From `json:"customer"`
	Messages []Message    `json:"messages"`
}

// Message is one message of a conversation: the customer's, or the
// account's answer.
type Message struct {
	ID string `json:"id"`
	// Outbound marks the account's answers.
	Outbound bool   `json:"outbound,omitempty"`
	Text     string `json:"text"`
	// Tag is the tag an answer went out under.
	Tag relais.MessageTag `json:"tag,omitempty"`
	// CommentID is the comment a private reply answers.
	CommentID string    `json:"commentId,omitempty"`
	CreatedAt time.Time `json:"createdAt"`
}

// lastInbound is when the customer last wrote, or zero. A message dated
// in the past may arrive after newer ones, so it is the latest of all.
func (c *Conversation) lastInbound() time.Time {
	var last time.Time
	for _, m := range c.Messages {
		if !m.Outbound && m.CreatedAt.After(last) {
			last = m.CreatedAt
		}
	}
	return last
}

func (c *Conversation) clone() Conversation {
	s := *c
	s.Messages = append([]Message{}, c.Messages...)
	return s
}

// Conversation returns a conversation with its messages.
func (n *Network) Conversation(id string) (Conversation, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	c, ok := n.conversations[id]
	if !ok {
		return Conversation{}, false
	}
	return c.clone(), true
}

// Conversations returns every conversation, in the order they began.
func (n *Network) Conversations() []Conversation {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]Conversation, 0, len(n.conversationIDs))
	for _, id := range n.conversationIDs {
		out = append(out, n.conversations[id].clone())
	}
	return out
}

// SendMessage records a customer's private message and sends its webhook,
// which it returns with the message's and conversation's ids filled in.
// The message stays recorded when the delivery fails, as on a real
// network.
func (n *Network) SendMessage(ctx context.Context, m DM) (sandbox.Delivery, error) {
	switch {
	case m.Account == "" || m.AuthorID == "":
		return sandbox.Delivery{}, relais.Errorf(relais.EINVALID, "sandbox: a message needs an account and an author id")
	case m.AuthorID == m.Account:
		return sandbox.Delivery{}, relais.Errorf(relais.EINVALID, "sandbox: account %s cannot write to itself", m.Account)
	case strings.TrimSpace(m.Text) == "":
		return sandbox.Delivery{}, relais.Errorf(relais.EINVALID, "sandbox: a message needs some text")
	}
	e, err := n.addMessage(m)
	if err != nil {
		return sandbox.Delivery{}, err
	}
	return n.deliver(ctx, m.Account, []sandbox.Event{e})
}

// addMessage records a customer's message and returns the event that
// announces it.
func (n *Network) addMessage(m DM) (sandbox.Event, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	now := n.Now().UTC()
	at := now
	if !m.CreatedAt.IsZero() {
		at = m.CreatedAt.UTC()
	}
	if at.After(now) {
		return sandbox.Event{}, relais.Errorf(relais.EINVALID, "sandbox: a message cannot be written after now (%s)", now.Format(time.RFC3339))
	}
	if m.ID != "" && n.idTaken(m.ID) {
		return sandbox.Event{}, relais.Errorf(relais.EINVALID, "sandbox: id %s is taken", m.ID)
	}
	customer := sandbox.From{ID: m.AuthorID, Name: m.AuthorName}
	c := n.conversationWith(m.Account, customer, m.Conversation)
	if c.Account != m.Account || c.Customer.ID != m.AuthorID {
		return sandbox.Event{}, relais.Errorf(relais.EINVALID, "sandbox: conversation %s is between %s and %s", c.ID, c.Account, c.Customer.ID)
	}
	if m.AuthorName != "" {
		c.Customer.Name = m.AuthorName
	}
	msg := n.addToConversation(c, Message{ID: m.ID, Text: m.Text, CreatedAt: at})
	return sandbox.Event{
		Type: sandbox.EventMessage, Verb: sandbox.VerbAdd, MessageID: msg.ID, ConversationID: c.ID,
		From: c.Customer, Message: msg.Text, CreatedTime: at,
	}, nil
}

// idTaken reports whether a comment or a message has the id: Relais knows
// both as interactions of the network, by their id.
func (n *Network) idTaken(id string) bool {
	_, comment := n.comments[id]
	return comment || n.messageIDs[id]
}

// conversationWith returns the conversation named id, or when id is empty
// the account's conversation with the customer, beginning it when there is
// none. The caller holds n.mu.
func (n *Network) conversationWith(account string, customer sandbox.From, id string) *Conversation {
	if c, ok := n.conversations[id]; ok {
		return c
	}
	if id == "" {
		for _, cid := range n.conversationIDs {
			if c := n.conversations[cid]; c.Account == account && c.Customer.ID == customer.ID {
				return c
			}
		}
	}
	for id == "" {
		n.seq++
		if cid := fmt.Sprintf("%s_t%d", account, n.seq); n.conversations[cid] == nil {
			id = cid
		}
	}
	c := &Conversation{ID: id, Account: account, Customer: customer}
	n.conversations[id] = c
	n.conversationIDs = append(n.conversationIDs, id)
	return c
}

// addToConversation adds a message to a conversation, numbering it when
// it has no id, and returns it. The caller holds n.mu.
func (n *Network) addToConversation(c *Conversation, m Message) Message {
	for m.ID == "" {
		n.seq++
		if id := fmt.Sprintf("%s_m%d", c.ID, n.seq); !n.idTaken(id) {
			m.ID = id
		}
	}
	n.messageIDs[m.ID] = true
	c.Messages = append(c.Messages, m)
	return m
}

// listConversations handles GET /sandbox/conversations, the local stack's
// view of every conversation, the customers' messages and the answers.
func (n *Network) listConversations(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, n.Conversations())
}

// receiveMessage handles POST /sandbox/messages, the control with which
// the CLI and the demo make a customer write in private: it takes a DM and
// answers with the delivery that announced it.
func (n *Network) receiveMessage(w http.ResponseWriter, r *http.Request) {
	var m DM
	if !decodeBody(w, r, &m) {
		return
	}
	d, err := n.SendMessage(r.Context(), m)
	answerSent(w, d, err)
}
