package bluesky

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkMessenger = (*Client)(nil)

// chatService is what the atproto-proxy header names for the PDS to
// forward a call to Bluesky's chat service; without it, the PDS sends
// chat calls to the AppView, which does not serve them.
const chatService = "did:web:api.bsky.chat#bsky_chat"

// errNoChatAccess is the PDS refusing a chat call because the app
// password was created without access to direct messages, as app
// passwords are unless asked. What to do about it is safe to show.
var errNoChatAccess = relais.Errorf(relais.EUNAUTHORIZED, "the app password was created without access to direct messages: "+
	"create one that allows them (Settings, Privacy and security, App passwords) and connect the account again")

// noChatAccess reports whether an error answer to a chat call is the
// refusal of an app password without access to direct messages: 400
// InvalidToken "Bad token method" ("Bad token scope" before September
// 2025).
func noChatAccess(xe xrpcError) bool {
	return xe.Error == "InvalidToken" && (xe.Message == "Bad token method" || xe.Message == "Bad token scope")
}

// maxMessageGraphemes bounds a message's text in
// chat.bsky.convo.defs#messageInput. Its other bound, 10,000 bytes, is
// never reached by 1,000 characters.
const maxMessageGraphemes = 1000

// The union types of the chat log that Relais reads.
const (
	logCreateMessage = "chat.bsky.convo.defs#logCreateMessage"
	messageView      = "chat.bsky.convo.defs#messageView"
)

// chatMessage is the part of a chat.bsky.convo.defs#messageView Relais
// reads.
type chatMessage struct {
	Type   string `json:"$type"`
	ID     string `json:"id"`
	Text   string `json:"text"`
	Sender struct {
		DID string `json:"did"`
	} `json:"sender"`
	SentAt string `json:"sentAt"`
}

// chatEntry is an entry of the chat log; only a logCreateMessage carries
// a message.
type chatEntry struct {
	Type    string      `json:"$type"`
	Rev     string      `json:"rev"`
	ConvoID string      `json:"convoId"`
	Message chatMessage `json:"message"`
	// RelatedProfiles name the accounts the entry refers to.
	RelatedProfiles []struct {
		DID    string `json:"did"`
		Handle string `json:"handle"`
	} `json:"relatedProfiles"`
}

// readChat reads the account's chat log after cursor, through
// chat.bsky.convo.getLog, and returns its messages, oldest first, and the
// cursor after them. A message sent by the account itself is one too,
// which intake counts as the account's own.
//
// The log runs forward from the cursor, each entry with a rev that the
// cursor is the latest of, so a read that stops at maxPages loses
// nothing: the next goes on from there. A first read (no cursor) takes
// what the log gives without one, its latest entries, to start from now
// rather than from the account's history. Deleted messages are left out:
// the log only shows the account's own deletions, for itself.
func (c *Client) readChat(ctx context.Context, op, token, account, cursor string) ([]relais.Interaction, string, error) {
	var ins []relais.Interaction
	now := c.Now().UTC()
	next := cursor
	for range maxPages {
		var out struct {
			Cursor string      `json:"cursor"`
			Logs   []chatEntry `json:"logs"`
		}
		var self string
		err := c.authed(ctx, account, token, func(s *session) call {
			self = s.did
			q := url.Values{}
			if next != "" {
				q.Set("cursor", next)
			}
			return call{op: op, nsid: "chat.bsky.convo.getLog", query: q, bearer: s.access, proxy: chatService}
		}, &out)
		if err != nil {
			return nil, "", err
		}
		for _, e := range out.Logs {
			if e.Type == logCreateMessage && e.Message.Type == messageView {
				ins = append(ins, chatInteraction(account, self, e, now))
			}
		}
		// The cursor is the latest rev read: an answer without one
		// leaves the last entry's.
		after := out.Cursor
		if after == "" && len(out.Logs) > 0 {
			after = out.Logs[len(out.Logs)-1].Rev
		}
		first := next == ""
		if after == "" || after == next {
			break
		}
		next = after
		if first || len(out.Logs) == 0 {
			break
		}
	}
	return ins, next, nil
}

// chatInteraction normalises a message of the chat log of account, whose
// DID is self. Its author is the sender's DID, or the account as Relais
// names it when it sent the message, so that it reads as the account's.
func chatInteraction(account, self string, e chatEntry, now time.Time) relais.Interaction {
	m := e.Message
	in := relais.Interaction{
		Network:      relais.Bluesky,
		AccountID:    account,
		ID:           messageID(e.ConvoID, m.ID),
		Kind:         relais.KindMessage,
		Private:      true,
		Conversation: e.ConvoID,
		Author:       relais.Author{ID: m.Sender.DID},
		Text:         m.Text,
		CreatedAt:    now,
		ReceivedAt:   now,
	}
	if t, err := time.Parse(time.RFC3339Nano, m.SentAt); err == nil {
		in.CreatedAt = t
	}
	for _, p := range e.RelatedProfiles {
		if p.DID == m.Sender.DID {
			in.Author.Name = p.Handle
		}
	}
	if m.Sender.DID == self {
		in.Author.ID = account
	}
	return in
}

// messageID is a message's id in Relais: the chat service names a message
// within its conversation. Both parts are escaped, so that neither can
// hold the separator, nor the '#' of Relais' keys.
func messageID(convo, message string) string {
	return url.PathEscape(convo) + "/" + url.PathEscape(message)
}

// Message sends text in the conversation of the private message in, with
// chat.bsky.convo.sendMessage, and returns the message's id. Bluesky
// sets no window on an answer and takes no tag: tag is not used.
//
// The chat service keeps no key to recognise a repeat by: a message that
// fails once sent (a 5xx, a timeout) is ambiguous, and the service
// decides whether to look before sending again.
func (c *Client) Message(ctx context.Context, token string, in relais.Interaction, text string, _ relais.MessageTag) (string, error) {
	const op = "message"
	refuse := func(format string, args ...any) (string, error) {
		return "", netcall.Call{Network: relais.Bluesky, Op: op}.Refuse(relais.Errorf(relais.EINVALID, format, args...))
	}
	switch chars := utf8.RuneCountInString(text); {
	case !in.Private:
		return refuse("interaction %s is public: it is answered in public, never in private", netcall.Truncate(in.ID, 200))
	case in.Conversation == "":
		return refuse("message %s names no conversation to answer in", netcall.Truncate(in.ID, 200))
	case strings.TrimSpace(text) == "":
		return refuse("a message needs text")
	// Bluesky counts graphemes; runes are never fewer, so this is
	// stricter.
	case chars > maxMessageGraphemes:
		return refuse("the message is %d characters; Bluesky allows %d", chars, maxMessageGraphemes)
	}
	var out chatMessage
	err := c.authed(ctx, in.AccountID, token, func(s *session) call {
		body := map[string]any{"convoId": in.Conversation, "message": map[string]string{"text": text}}
		return call{op: op, nsid: "chat.bsky.convo.sendMessage", procedure: true, body: body, bearer: s.access, proxy: chatService, creates: true}
	}, &out)
	if err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", netcall.Call{Network: relais.Bluesky, Op: op, Creates: true}.Failed(http.StatusOK, true, errors.New("the answer carries no message id"))
	}
	return messageID(in.Conversation, out.ID), nil
}
