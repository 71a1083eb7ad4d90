package meta

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

var (
	_ relais.NetworkMessenger = (*Facebook)(nil)
	_ relais.NetworkMessenger = (*Instagram)(nil)
)

// Message answers in private as the page, through the Messenger Send API
// (POST /{page-id}/messages): a message in the conversation in belongs
// to, or a private reply to the comment in is. It returns the message id.
func (f *Facebook) Message(ctx context.Context, token string, in relais.Interaction, text string, tag relais.MessageTag) (string, error) {
	return f.c.message(ctx, relais.Facebook, token, in, text, tag)
}

// Message answers in private as the Instagram account, at the account's
// own messages edge (POST /{ig-user-id}/messages on graph.facebook.com,
// the Instagram API with Facebook Login): a message in the conversation
// in belongs to, or a private reply to the comment in is.
func (ig *Instagram) Message(ctx context.Context, token string, in relais.Interaction, text string, tag relais.MessageTag) (string, error) {
	return ig.c.message(ctx, relais.Instagram, token, in, text, tag)
}

// Meta's longest message text: Messenger counts characters, Instagram
// bytes of UTF-8.
const (
	maxMessengerChars = 2000
	maxInstagramBytes = 1000
)

// sendRequest is the Send API's body.
type sendRequest struct {
	Recipient recipient `json:"recipient"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	// MessagingType is RESPONSE within the standard window, MESSAGE_TAG
	// with a tag after it; a private reply sends none, as Meta documents.
	MessagingType string `json:"messaging_type,omitempty"`
	Tag           string `json:"tag,omitempty"`
}

// recipient is a conversation's customer (id), or a comment whose author
// gets a private reply (comment_id).
type recipient struct {
	ID        string `json:"id,omitempty"`
	CommentID string `json:"comment_id,omitempty"`
}

// message sends one private answer. A message is something made: a
// failure after the request went out is ambiguous.
func (c *Client) message(ctx context.Context, n relais.Network, token string, in relais.Interaction, text string, tag relais.MessageTag) (string, error) {
	k := call{network: n, op: "message", method: http.MethodPost, path: node(in.AccountID, "messages"), token: token, creates: true, makes: "the message"}
	if !in.Private {
		k.op = "private reply"
	}
	req, err := sendTo(in, tag)
	if err == nil {
		err = checkMessageText(n, text)
	}
	if err != nil {
		return "", k.nc().Refuse(err)
	}
	req.Message.Text = text
	k.body = req
	var out struct {
		MessageID string `json:"message_id"`
	}
	if err := c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.MessageID == "" {
		return "", k.failed(http.StatusOK, true, errors.New("the answer carries no message_id"))
	}
	return out.MessageID, nil
}

// sendTo addresses a private answer to in: its conversation when it is a
// private message, its author when it is a public comment. Anything else
// (a mention, an edit, a removed comment) is refused, whatever the caller
// asked.
func sendTo(in relais.Interaction, tag relais.MessageTag) (sendRequest, error) {
	var req sendRequest
	if in.AccountID == "" {
		return req, relais.Errorf(relais.EINVALID, "interaction %s names no account to answer from", in.ID)
	}
	if in.Private {
		if in.Kind != relais.KindMessage || in.Conversation == "" {
			return req, relais.Errorf(relais.EINVALID, "interaction %s is private but not a message of a conversation: it cannot be answered", in.ID)
		}
		req.Recipient.ID = in.Conversation
		switch tag {
		case relais.TagStandard:
			req.MessagingType = "RESPONSE"
		case relais.TagHumanAgent:
			req.MessagingType, req.Tag = "MESSAGE_TAG", string(relais.TagHumanAgent)
		default:
			return req, relais.Errorf(relais.EINVALID, "Meta takes no message tag %q from Relais", tag)
		}
		return req, nil
	}
	switch {
	case in.Kind != relais.KindComment && in.Kind != relais.KindReply:
		return req, relais.Errorf(relais.EINVALID, "interaction %s is a public %s: only a private message or a comment is answered in private", in.ID, in.Kind)
	case in.Removed:
		return req, relais.Errorf(relais.EINVALID, "comment %s was removed: it cannot be answered in private", in.ID)
	case in.ByAccount():
		return req, relais.Errorf(relais.EINVALID, "comment %s is the account's own: it is not answered in private", in.ID)
	case tag != relais.TagStandard:
		return req, relais.Errorf(relais.EINVALID, "a private reply to a comment takes no message tag")
	}
	req.Recipient.CommentID = in.ID
	return req, nil
}

// checkMessageText refuses a text Meta would refuse.
func checkMessageText(n relais.Network, text string) error {
	switch {
	case strings.TrimSpace(text) == "":
		return relais.Errorf(relais.EINVALID, "a message needs text")
	case n == relais.Facebook && utf8.RuneCountInString(text) > maxMessengerChars:
		return relais.Errorf(relais.EINVALID, "the message is %d characters; Messenger allows %d", utf8.RuneCountInString(text), maxMessengerChars)
	case n == relais.Instagram && len(text) > maxInstagramBytes:
		return relais.Errorf(relais.EINVALID, "the message is %d bytes; Instagram allows %d", len(text), maxInstagramBytes)
	}
	return nil
}
