package meta

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/relais"
)

// messagingEvent is one event of an entry's messaging list. Only a
// message, a customer's or the account's own (an echo), is an
// interaction; a delivery, read, reaction or postback carries none, and
// is not decoded beyond finding that out, so that no event of another
// kind can make a delivery invalid.
type messagingEvent struct {
	Sender    party      `json:"sender"`
	Recipient party      `json:"recipient"`
	Timestamp unixMillis `json:"timestamp"`
	Message   struct {
		MID    string `json:"mid"`
		Text   string `json:"text"`
		IsEcho bool   `json:"is_echo"`
		// IsDeleted marks an Instagram message its sender unsent;
		// IsUnsupported one of a kind the API does not show.
		IsDeleted     bool `json:"is_deleted"`
		IsUnsupported bool `json:"is_unsupported"`
		// StickerID marks a sticker, sent with its image as attachment.
		StickerID   json.RawMessage `json:"sticker_id"`
		Attachments []attachment    `json:"attachments"`
	} `json:"message"`
}

type party struct {
	ID string `json:"id"`
}

// attachment is read for its type only: its payload holds URLs to the
// customer's media, which Relais keeps nowhere.
type attachment struct {
	Type string `json:"type"`
}

// attachmentWords describe a message without text by what it holds.
var attachmentWords = map[string]string{
	"image":         "image",
	"video":         "video",
	"audio":         "audio",
	"file":          "file",
	"location":      "location",
	"fallback":      "link",
	"template":      "template",
	"share":         "shared post",
	"story_mention": "story mention",
	"reel":          "reel",
	"ig_reel":       "reel",
	"ig_post":       "post",
}

// parseMessaging returns the interaction a messaging event is, and false
// when it is none: an event that is not a message, or an Instagram
// message its sender unsent.
func parseMessaging(network relais.Network, e entry, raw json.RawMessage) (relais.Interaction, bool, error) {
	var probe struct {
		Message json.RawMessage `json:"message"`
	}
	if err := inbound.Decode(raw, &probe); err != nil {
		return relais.Interaction{}, false, err
	}
	if !present(probe.Message) {
		return relais.Interaction{}, false, nil
	}
	var ev messagingEvent
	if err := inbound.Decode(raw, &ev); err != nil {
		return relais.Interaction{}, false, err
	}
	m := ev.Message
	if m.IsDeleted {
		return relais.Interaction{}, false, nil
	}
	in := relais.Interaction{
		Network: network, AccountID: e.ID, ID: m.MID, Kind: relais.KindMessage, Private: true,
		Author: relais.Author{ID: ev.Sender.ID}, Conversation: ev.Sender.ID,
		Text: m.Text, CreatedAt: ev.Timestamp.t,
	}
	if m.IsEcho {
		// The account wrote it, from Relais or from Meta's own inbox, to
		// the customer it names as recipient.
		in.Author.ID, in.Conversation = e.ID, ev.Recipient.ID
	}
	switch {
	case in.ID == "":
		return in, false, inbound.Reason("message.mid is missing")
	case in.Conversation == "":
		return in, false, inbound.Reason("the customer's id is missing")
	}
	if in.Text == "" {
		in.Text = describe(m.Attachments, present(m.StickerID), m.IsUnsupported)
	}
	return in, true, nil
}

// present reports whether a raw field was sent with a value.
func present(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }

// describe says in brackets what a message without text holds, such as
// "[image]", never where.
func describe(attachments []attachment, sticker, unsupported bool) string {
	switch {
	case sticker:
		return "[sticker]"
	case unsupported:
		return "[unsupported message]"
	}
	words := make([]string, 0, len(attachments))
	for _, a := range attachments {
		w, ok := attachmentWords[a.Type]
		if !ok {
			w = "attachment"
		}
		words = append(words, "["+w+"]")
	}
	return strings.Join(words, " ")
}

// unixMillis is a time Meta writes as unix milliseconds, the messaging
// events' timestamp.
type unixMillis struct{ t time.Time }

func (u *unixMillis) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	ms, err := strconv.ParseInt(strings.Trim(string(b), `"`), 10, 64)
	if err != nil || ms < 0 {
		return inbound.Reason("a timestamp is not unix milliseconds")
	}
	u.t = time.UnixMilli(ms).UTC()
	return nil
}
