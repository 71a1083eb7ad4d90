package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf16"
	"unicode/utf8"

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

func (c Comment) event(verb Verb, at time.Time) Event {
	e := Event{
		Type:        EventComment,
		Verb:        verb,
		CommentID:   c.ID,
		PostID:      c.PostID,
		ParentID:    c.ParentID,
		From:        From{ID: c.AuthorID, Name: c.AuthorName},
		Message:     c.Text,
		CreatedTime: at,
	}
	if verb == VerbRemove {
		e.Message = ""
	}
	return e
}

// subject names what the event is about, for people.
func (e Event) subject() string {
	if e.Type == EventMessage {
		return "message " + e.MessageID
	}
	return "comment " + e.CommentID
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

// deliver sends events on account to the webhook URL and returns the
// delivery, even when sending it failed.
func (n *Network) deliver(ctx context.Context, account string, events []Event) (Delivery, error) {
	d := Delivery{DeliveryID: newDeliveryID(), Account: account, SentAt: n.Now().UTC(), Events: events}
	if n.webhookURL == "" {
		return d, fmt.Errorf("sandbox: deliver %s: no webhook URL configured", d.DeliveryID)
	}
	body, err := json.Marshal(d)
	if err != nil {
		return d, fmt.Errorf("sandbox: deliver %s: encode: %w", d.DeliveryID, err)
	}
	body = escapeNonASCII(body)
	copies := 1
	if n.takeDuplicate() {
		copies = 2
	}
	for range copies {
		if err := n.send(ctx, d.DeliveryID, body); err != nil {
			return d, err
		}
	}
	return d, nil
}

// send posts one delivery, trying again with a doubling wait while the
// receiver fails, as networks do.
func (n *Network) send(ctx context.Context, id string, body []byte) error {
	attempts := max(n.WebhookAttempts, 1)
	wait := n.WebhookBackoff
	var err error
	for try := 1; try <= attempts; try++ {
		if try > 1 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("sandbox: deliver %s: stopped after %d tries: %w", id, try-1, err)
			case <-time.After(wait):
			}
			wait *= 2
		}
		if err = n.sendOnce(ctx, id, body); err == nil {
			return nil
		}
	}
	return fmt.Errorf("sandbox: deliver %s: gave up after %d tries: %w", id, attempts, err)
}

func (n *Network) sendOnce(ctx context.Context, id string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.webhookURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "relais-sandbox-network")
	req.Header.Set(SignatureHeader, Sign(n.webhookSecret, body))
	req.Header.Set(DeliveryHeader, id)
	resp, err := n.WebhookClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Drain a little so the connection can be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("receiver answered %s", resp.Status)
	}
	return nil
}

func newDeliveryID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return "dlv_" + hex.EncodeToString(b)
}

// escapeNonASCII rewrites every non-ASCII character of a JSON document as
// \uXXXX (a surrogate pair beyond the basic plane), as Meta does, so that a
// receiver which re-encodes the body instead of verifying its raw bytes
// fails its signature check in tests. Outside strings, JSON is ASCII.
func escapeNonASCII(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r < utf8.RuneSelf:
			out = append(out, b[0])
		case r > 0xFFFF:
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		default:
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		b = b[size:]
	}
	return out
}
