package blueskyfake

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// ChatService is the atproto-proxy header that sends a call to Bluesky's
// chat service; the PDS sends a chat call without it to the AppView,
// which does not serve it.
const ChatService = "did:web:api.bsky.chat#bsky_chat"

// DefaultChatLogPage is how many entries the fake's getLog lists at
// most.
const DefaultChatLogPage = 100

// maxMessageGraphemes bounds a message's text; the fake counts
// characters, of which a grapheme has one or more.
const maxMessageGraphemes = 1000

// ChatMessage is a message as the chat service keeps it.
type ChatMessage struct {
	ID, ConvoID, Text string
	// Sender is the sender's DID.
	Sender string
	SentAt time.Time
	Rev    string
}

// convo is a direct conversation between two accounts.
type convo struct {
	id       string
	members  [2]*account
	messages []ChatMessage
}

// chatEntry is an entry of an account's chat log: the convo begun, or a
// message in it.
type chatEntry struct {
	rev     string
	convo   *convo
	message *ChatMessage // nil when the convo began
}

// DenyDirectMessages makes the account's app password one created without
// access to direct messages, as app passwords are unless asked: the PDS
// refuses its sessions' chat calls. Sessions opened before, and their
// renewals, keep what they had.
func (s *Server) DenyDirectMessages(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustAccount(id).noChat = true
}

// SendMessage makes from (a handle or DID; a handle not yet known becomes
// an account without a password) send text to the account to, in their
// conversation, begun now if they have none, and returns the message. It
// panics on an unknown account, a test's mistake.
func (s *Server) SendMessage(to, from, text string) ChatMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	recipient, sender := s.mustAccount(to), s.author(from)
	var c *convo
	for _, cv := range s.convos {
		if (cv.members[0] == recipient && cv.members[1] == sender) || (cv.members[0] == sender && cv.members[1] == recipient) {
			c = cv
		}
	}
	if c == nil {
		c = &convo{id: s.nextTID(), members: [2]*account{sender, recipient}}
		s.convos[c.id] = c
		for _, m := range c.members {
			m.chatLog = append(m.chatLog, chatEntry{rev: s.nextTID(), convo: c})
		}
	}
	return s.send(c, sender, text)
}

// send adds a message to a convo and to its members' logs; s.mu must be
// held.
func (s *Server) send(c *convo, sender *account, text string) ChatMessage {
	m := ChatMessage{ID: s.nextTID(), ConvoID: c.id, Text: text, Sender: sender.did, SentAt: s.Now().UTC()}
	m.Rev = m.ID
	c.messages = append(c.messages, m)
	for _, member := range c.members {
		member.chatLog = append(member.chatLog, chatEntry{rev: m.Rev, convo: c, message: &m})
	}
	return m
}

// Messages returns a convo's messages, oldest first.
func (s *Server) Messages(convoID string) []ChatMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.convos[convoID]; c != nil {
		return append([]ChatMessage(nil), c.messages...)
	}
	return nil
}

// chat serves a chat call as the PDS forwards it: to the chat service
// only when the atproto-proxy header names it (an unknown service is
// refused, none goes to the AppView, which does not serve chat), and only
// for a session of an app password with access to direct messages.
func (s *Server) chat(h func(http.ResponseWriter, *http.Request, *account)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch p := r.Header.Get("Atproto-Proxy"); {
		case p == "":
			writeError(w, http.StatusNotImplemented, "MethodNotImplemented", "Method Not Implemented")
			return
		case p != ChatService:
			writeError(w, http.StatusBadRequest, "InvalidRequest", "could not resolve proxy did service url")
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		_, t, ok := s.bearer(w, r, accessToken)
		if !ok {
			return
		}
		if t.noChat {
			writeError(w, http.StatusBadRequest, "InvalidToken", "Bad token method")
			return
		}
		h(w, r, s.accounts[t.did])
	}
}

// getLog handles chat.bsky.convo.getLog: the caller's log entries after
// the cursor, oldest first, at most ChatLogPage of them; without a
// cursor, the latest ones. The cursor it answers is the rev of the last
// entry listed, the one given when none is.
func (s *Server) getLog(w http.ResponseWriter, r *http.Request, a *account) {
	cursor := r.URL.Query().Get("cursor")
	page := a.chatLog
	if cursor != "" {
		i := 0
		for i < len(page) && page[i].rev <= cursor {
			i++
		}
		page = page[i:min(i+s.ChatLogPage, len(page))]
	} else {
		page = page[max(len(page)-s.ChatLogPage, 0):]
	}
	logs := make([]map[string]any, 0, len(page))
	for _, e := range page {
		entry := map[string]any{"$type": "chat.bsky.convo.defs#logBeginConvo", "rev": e.rev, "convoId": e.convo.id}
		if e.message != nil {
			v := messageView(*e.message)
			v["$type"] = "chat.bsky.convo.defs#messageView"
			sender := s.accounts[e.message.Sender]
			entry["$type"], entry["message"] = "chat.bsky.convo.defs#logCreateMessage", v
			entry["relatedProfiles"] = []map[string]any{{"did": sender.did, "handle": sender.handle, "labels": []any{}}}
		}
		logs = append(logs, entry)
	}
	out := map[string]any{"logs": logs}
	if len(page) > 0 {
		cursor = page[len(page)-1].rev
	}
	if cursor != "" {
		out["cursor"] = cursor
	}
	writeJSON(w, out)
}

// sendMessage handles chat.bsky.convo.sendMessage.
func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, a *account) {
	var in struct {
		ConvoID string `json:"convoId"`
		Message *struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	c := s.convos[in.ConvoID]
	switch {
	case in.Message == nil:
		writeError(w, http.StatusBadRequest, "InvalidRequest", `Input must have the property "message"`)
		return
	case c == nil || (c.members[0] != a && c.members[1] != a):
		writeError(w, http.StatusBadRequest, "InvalidConvo", "Convo not found")
		return
	case strings.TrimSpace(in.Message.Text) == "":
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Message text cannot be empty")
		return
	case utf8.RuneCountInString(in.Message.Text) > maxMessageGraphemes:
		writeError(w, http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Input/message/text must not be longer than %d graphemes", maxMessageGraphemes))
		return
	}
	writeJSON(w, messageView(s.send(c, a, in.Message.Text)))
}

// messageView is a message as chat.bsky.convo.defs#messageView shows it.
func messageView(m ChatMessage) map[string]any {
	return map[string]any{
		"id": m.ID, "rev": m.Rev, "text": m.Text, "sender": map[string]string{"did": m.Sender},
		"sentAt": m.SentAt.Format("2006-01-02T15:04:05.000Z"),
	}
}
