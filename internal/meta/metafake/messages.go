package metafake

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// Meta's private-answer windows, which the fake enforces on its own.
const (
	// StandardWindow follows the customer's last message.
	StandardWindow = 24 * time.Hour
	// HumanAgentWindow is the HUMAN_AGENT tag's, after the last message.
	HumanAgentWindow = 7 * 24 * time.Hour
	// PrivateReplyWindow follows a comment; one private reply each.
	PrivateReplyWindow = 7 * 24 * time.Hour
)

// Graph error codes of the Send API (Messenger Platform error codes).
const (
	codePermission       = 10
	subcodeOutsideWindow = 2018278
	codeUnavailable      = 551
	subcodeUnavailable   = 1545041
	subcodeNoUser        = 2018001
	// codeAlreadyReplied is what Meta answers a second private reply to a
	// comment (seen on the wire, not in Meta's error table).
	codeAlreadyReplied = 10900
)

// Message is what an account sent in private.
type Message struct {
	ID      string
	Account string
	// Recipient is the customer of a conversation, or empty for a private
	// reply, which names the comment it answers instead.
	Recipient, CommentID string
	Text                 string
	// MessagingType and Tag are as sent: RESPONSE, or MESSAGE_TAG with
	// HUMAN_AGENT.
	MessagingType, Tag string
	SentAt             time.Time
}

// customer is a person who wrote to an account in private.
type customer struct {
	lastInbound time.Time
	// unavailable: they can receive nothing from the account (blocked it,
	// or left).
	unavailable bool
}

type customerKey struct{ account, id string }

// ReceiveMessage records a message a customer sent the account now,
// which opens or renews the conversation's windows, and returns its id.
func (s *Server) ReceiveMessage(accountID, customerID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := customerKey{accountID, customerID}
	c := s.customers[k]
	if c == nil {
		c = &customer{}
		s.customers[k] = c
	}
	c.lastInbound = s.Now()
	return "m_" + s.nextID()
}

// MakeUnavailable makes a customer unable to receive the account's
// messages, as when they block it: Meta answers code 551.
func (s *Server) MakeUnavailable(accountID, customerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.customers[customerKey{accountID, customerID}]; c != nil {
		c.unavailable = true
	}
}

// Messages returns what an account sent in private, in order.
func (s *Server) Messages(accountID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if m.Account == accountID {
			out = append(out, m)
		}
	}
	return out
}

// sendMessage handles POST /{page-id}/messages (the Messenger Send API)
// and POST /{ig-user-id}/messages (Instagram messaging): recipient.id
// answers a conversation within its windows, recipient.comment_id
// replies in private to a comment, once, within its window.
func (s *Server) sendMessage(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := page
	if a := s.accounts[q.node]; a != nil {
		want = a.kind
	}
	if !s.authorize(w, q, q.node, want) {
		return
	}
	var to struct {
		ID        string `json:"id"`
		CommentID string `json:"comment_id"`
	}
	var msg struct {
		Text string `json:"text"`
	}
	if json.Unmarshal([]byte(q.params.Get("recipient")), &to) != nil || (to.ID == "") == (to.CommentID == "") {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) param recipient must name one of id or comment_id")
		return
	}
	if json.Unmarshal([]byte(q.params.Get("message")), &msg) != nil || strings.TrimSpace(msg.Text) == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Message cannot be empty, must provide valid attachment or text")
		return
	}
	now := s.Now()
	m := Message{Account: q.accountID, Recipient: to.ID, CommentID: to.CommentID, Text: msg.Text,
		MessagingType: q.params.Get("messaging_type"), Tag: q.params.Get("tag"), SentAt: now}
	var c *comment
	if to.CommentID != "" {
		if c = s.privatelyRepliable(w, q.accountID, to.CommentID, now); c == nil {
			return
		}
	} else if !s.conversationOpen(w, m, now) {
		return
	}
	m.ID = "m_" + s.nextID()
	if c != nil {
		c.privateReply = m.ID
	}
	s.messages = append(s.messages, m)
	out := map[string]string{"message_id": m.ID}
	if to.ID != "" {
		out["recipient_id"] = to.ID
	}
	graphfake.WriteJSON(w, http.StatusOK, out)
}

// conversationOpen answers Meta's error when m may not go to its
// recipient now. Callers hold mu.
func (s *Server) conversationOpen(w http.ResponseWriter, m Message, now time.Time) bool {
	c := s.customers[customerKey{m.Account, m.Recipient}]
	var window time.Duration
	switch {
	case c == nil:
		writeError(w, http.StatusBadRequest, codeInvalid, subcodeNoUser, "(#100) No matching user found")
		return false
	case c.unavailable:
		writeError(w, http.StatusBadRequest, codeUnavailable, subcodeUnavailable, "(#551) This person isn't available right now.")
		return false
	case m.MessagingType == "" || m.MessagingType == "RESPONSE" || m.MessagingType == "UPDATE":
		window = StandardWindow
	case m.MessagingType == "MESSAGE_TAG" && m.Tag == "HUMAN_AGENT":
		window = HumanAgentWindow
	case m.MessagingType == "MESSAGE_TAG":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The fake knows only the HUMAN_AGENT tag")
		return false
	default:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}")
		return false
	}
	if now.Sub(c.lastInbound) > window {
		outsideWindow(w)
		return false
	}
	return true
}

// privatelyRepliable returns the account's comment that may get a
// private reply now, or answers Meta's error. Callers hold mu.
func (s *Server) privatelyRepliable(w http.ResponseWriter, accountID, commentID string, now time.Time) *comment {
	c := s.comments[commentID]
	switch {
	case c == nil || c.deleted || c.account != accountID:
		unsupported(w, http.MethodPost, commentID)
	case c.privateReply != "":
		writeError(w, http.StatusBadRequest, codeAlreadyReplied, 0, "(#10900) Activity already replied to")
	case now.Sub(c.created) > PrivateReplyWindow:
		// Unconfirmed: Meta's answer to a late private reply is taken to
		// be its window error.
		outsideWindow(w)
	default:
		return c
	}
	return nil
}

func outsideWindow(w http.ResponseWriter) {
	writeError(w, http.StatusBadRequest, codePermission, subcodeOutsideWindow, "(#10) This message is sent outside of allowed window.")
}
