package sandbox

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Headers of a webhook delivery.
const (
	SignatureHeader = "X-Sandbox-Signature"
	DeliveryHeader  = "X-Sandbox-Delivery"
)

// Types of event the network sends: something happened to a comment, or a
// customer wrote a private message.
const (
	EventComment = "comment"
	EventMessage = "message"
)

// Verb says what happened to a comment or a message. A message is only
// ever added.
type Verb string

const (
	VerbAdd    Verb = "add"
	VerbEdited Verb = "edited"
	VerbRemove Verb = "remove"
)

// Delivery is the body of one webhook call: a batch of events on one
// account. Retries of a delivery carry the same id and the same bytes.
type Delivery struct {
	DeliveryID string    `json:"deliveryId"`
	Account    string    `json:"account"`
	SentAt     time.Time `json:"sentAt"`
	Events     []Event   `json:"events"`
}

// Event is one change to a comment, or one private message. ParentID
// equals PostID for a comment on a post, and is the answered comment's id
// for a reply. A message event carries MessageID and ConversationID
// instead of the comment's ids.
type Event struct {
	Type           string `json:"type"`
	Verb           Verb   `json:"verb"`
	CommentID      string `json:"commentId,omitempty"`
	PostID         string `json:"postId,omitempty"`
	ParentID       string `json:"parentId,omitempty"`
	MessageID      string `json:"messageId,omitempty"`
	ConversationID string `json:"conversationId,omitempty"`
	From           From   `json:"from"`
	// Message is the comment's or message's text, absent for a removal.
	Message string `json:"message,omitempty"`
	// CreatedTime is when the comment was written, edited or removed, or
	// when the message was written.
	CreatedTime time.Time `json:"createdTime"`
}

// From is the author of a comment or a message.
type From struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// ParseDelivery reads a webhook body. Verify its signature first, on the
// same raw bytes.
func ParseDelivery(body []byte) (Delivery, error) {
	var d Delivery
	if err := json.Unmarshal(body, &d); err != nil {
		return Delivery{}, relais.Errorf(relais.EINVALID, "sandbox webhook: the body is not a delivery: %v", err)
	}
	switch {
	case d.DeliveryID == "":
		return Delivery{}, relais.Errorf(relais.EINVALID, "sandbox webhook: deliveryId is missing")
	case d.Account == "":
		return Delivery{}, relais.Errorf(relais.EINVALID, "sandbox webhook %s: account is missing", d.DeliveryID)
	case len(d.Events) == 0:
		return Delivery{}, relais.Errorf(relais.EINVALID, "sandbox webhook %s: no events", d.DeliveryID)
	}
	for i, e := range d.Events {
		if err := e.validate(); err != nil {
			return Delivery{}, relais.Errorf(relais.EINVALID, "sandbox webhook %s: event %d: %s", d.DeliveryID, i, err)
		}
	}
	return d, nil
}

func (e Event) validate() error {
	switch {
	case e.Type != EventComment && e.Type != EventMessage:
		return fmt.Errorf("unknown type %q", e.Type)
	case e.Type == EventMessage && e.Verb != VerbAdd:
		return fmt.Errorf("verb %q: a message is only added", e.Verb)
	case e.Verb != VerbAdd && e.Verb != VerbEdited && e.Verb != VerbRemove:
		return fmt.Errorf("unknown verb %q", e.Verb)
	case e.Type == EventMessage && (e.MessageID == "" || e.ConversationID == "" || e.From.ID == ""):
		return fmt.Errorf("messageId, conversationId and from.id are required")
	case e.Type == EventComment && (e.CommentID == "" || e.PostID == ""):
		return fmt.Errorf("commentId and postId are required")
	case e.CreatedTime.IsZero():
		return fmt.Errorf("createdTime is required")
	}
	return nil
}

// Interaction maps an event on account to a Relais interaction. The caller
// fills in the client, which the network does not know.
func (e Event) Interaction(account string, receivedAt time.Time) relais.Interaction {
	if e.Type == EventMessage {
		return relais.Interaction{
			Network:      relais.Sandbox,
			AccountID:    account,
			ID:           e.MessageID,
			Kind:         relais.KindMessage,
			Private:      true,
			Conversation: e.ConversationID,
			Author:       relais.Author{ID: e.From.ID, Name: e.From.Name},
			Text:         e.Message,
			CreatedAt:    e.CreatedTime,
			ReceivedAt:   receivedAt,
		}
	}
	i := relais.Interaction{
		Network:    relais.Sandbox,
		AccountID:  account,
		ID:         e.CommentID,
		PostID:     e.PostID,
		Kind:       relais.KindComment,
		Author:     relais.Author{ID: e.From.ID, Name: e.From.Name},
		Text:       e.Message,
		CreatedAt:  e.CreatedTime,
		ReceivedAt: receivedAt,
	}
	if e.ParentID != "" && e.ParentID != e.PostID {
		i.ParentID = e.ParentID
		i.Kind = relais.KindReply
	}
	switch e.Verb {
	case VerbEdited:
		// The event's time is the edit's, which orders it among others.
		i.Kind, i.EditedAt = relais.KindEdit, e.CreatedTime
	case VerbRemove:
		i.Kind = relais.KindRemoval
	}
	return i
}
