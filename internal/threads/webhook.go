package threads

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/meta"
	"github.com/relais-dev/relais/internal/relais"
)

// SignatureHeader carries the signature of a delivery: Threads' webhooks
// are Meta's, signed as Meta signs them.
const SignatureHeader = meta.SignatureHeader

var scheme = meta.Scheme("threads")

// Reasons Verify refuses a delivery: unauthorized errors whose messages
// are safe to log and to answer with.
var (
	ErrSignatureMissing   = scheme.Missing
	ErrSignatureMalformed = scheme.Malformed
	ErrSignatureMismatch  = scheme.Mismatch
	// ErrNotDelivery refuses a body that is not a JSON object, whatever
	// signs it: an invalid-delivery error.
	ErrNotDelivery = scheme.NotObject
)

// Sign returns the X-Hub-Signature-256 value Meta sends with a Threads
// delivery: sha256=<lowercase hex HMAC-SHA256 of the raw body under the
// app secret>.
func Sign(secret, body []byte) string { return scheme.Sign(secret, body) }

// Verify checks a delivery's signature over the raw body, as it arrived,
// in constant time: Meta signs its bytes with non-ASCII text escaped as
// \uXXXX, which a re-encoded body would not reproduce. Meta signs no
// timestamp, so now is unused.
func Verify(secret []byte, header http.Header, body []byte, _ time.Time) error {
	return scheme.Check(secret, header.Get(SignatureHeader), body)
}

// Handshake answers the subscription check Meta makes for Threads'
// webhooks as for its other ones (hub.mode, hub.verify_token,
// hub.challenge): meta.Handshake.
func Handshake(verifyToken string, query url.Values) (status int, contentType string, body []byte) {
	return meta.Handshake(verifyToken, query)
}

// Fields of the deliveries Relais subscribes to. Threads also sends
// publish and delete, of the account's own posts, which are no
// interactions.
const (
	fieldReplies  = "replies"
	fieldMentions = "mentions"
)

// delivery is a Threads webhook body ("Webhooks for Threads"): one
// notification, its topic, the object it targets (the media for
// replies, the mentioned user for mentions), its time and its value.
// Only what Relais reads is decoded.
type delivery struct {
	TargetID id       `json:"target_id"`
	Time     unixTime `json:"time"`
	Values   changes  `json:"values"`
}

// change is one field's value. Threads documents values as one object;
// a list of them, as Meta's other webhooks batch, is read too. The value
// stays raw until its field is known, so that a field Relais does not
// handle can never make a delivery invalid.
type change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

type changes []change

func (c *changes) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '[':
		var list []change
		if err := json.Unmarshal(b, &list); err != nil {
			return err
		}
		*c = list
		return nil
	}
	var one change
	if err := json.Unmarshal(b, &one); err != nil {
		return err
	}
	*c = changes{one}
	return nil
}

// media is the reply or the post a notification carries. Threads names
// its author by username only.
type media struct {
	ID        id        `json:"id"`
	Username  string    `json:"username"`
	Text      string    `json:"text"`
	Timestamp graphTime `json:"timestamp"`
	RepliedTo struct {
		ID id `json:"id"`
	} `json:"replied_to"`
	RootPost struct {
		ID       id     `json:"id"`
		OwnerID  id     `json:"owner_id"`
		Username string `json:"username"`
	} `json:"root_post"`
}

// Parse normalises one verified Threads delivery into interactions:
//
//   - a reply (field replies) on one of the account's posts is a comment
//     when it answers the post itself, a reply when it answers another
//     reply; the account is the root post's owner. A reply whose author
//     has the root post's owner's username is the account's own answer,
//     kept with Author.ID equal to AccountID so that Relais records it;
//   - a mention (field mentions) of the account, whose id is the
//     notification's target, in a post or a reply of someone else.
//
// Other fields are skipped and the delivery stays valid. Errors are
// invalid-delivery errors that quote nothing of the body.
func Parse(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	var d delivery
	if err := inbound.Decode(body, &d); err != nil {
		return nil, invalid("%v", err)
	}
	out := make([]relais.Interaction, 0, len(d.Values))
	for i, c := range d.Values {
		if c.Field != fieldReplies && c.Field != fieldMentions {
			continue
		}
		var m media
		if err := inbound.Decode(c.Value, &m); err != nil {
			return nil, invalid("value %d: %v", i, err)
		}
		var in relais.Interaction
		if c.Field == fieldReplies {
			in = m.reply()
		} else {
			in = m.mention(string(d.TargetID))
		}
		in.Network, in.ReceivedAt = Network, receivedAt
		if in.CreatedAt.IsZero() {
			in.CreatedAt = d.Time.t
		}
		if in.CreatedAt.IsZero() {
			in.CreatedAt = receivedAt
		}
		if err := inbound.Check(in); err != nil {
			return nil, invalid("value %d: %v", i, err)
		}
		if in.PostID == "" {
			// A reply is always under a post: one without is of a shape
			// Relais does not know.
			return nil, invalid("value %d: the reply names no root post", i)
		}
		out = append(out, in)
	}
	return out, nil
}

func invalid(format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, "threads webhook: "+format, args...)
}

func (m media) reply() relais.Interaction {
	in := m.interaction(string(m.RootPost.OwnerID), relais.KindComment)
	if in.ParentID == "" {
		in.ParentID = in.PostID
	}
	if in.ParentID != in.PostID {
		in.Kind = relais.KindReply
	}
	if m.Username != "" && m.Username == m.RootPost.Username {
		in.Author.ID = in.AccountID
	}
	return in
}

// mention is the post or reply that mentions the account: the post it
// belongs to is its root post, or itself when it is one.
func (m media) mention(account string) relais.Interaction {
	in := m.interaction(account, relais.KindMention)
	if in.PostID == "" {
		in.PostID = in.ID
	}
	return in
}

// interaction is what a reply and a mention read alike from the media.
func (m media) interaction(account string, kind relais.InteractionKind) relais.Interaction {
	return relais.Interaction{
		AccountID: account,
		ID:        string(m.ID),
		PostID:    string(m.RootPost.ID),
		ParentID:  string(m.RepliedTo.ID),
		Kind:      kind,
		Author:    relais.Author{Name: m.Username},
		Text:      m.Text,
		CreatedAt: m.Timestamp.t,
	}
}

// id is an object id, which Meta writes as a string and, in some
// payloads, as a number.
type id string

func (i *id) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*i = id(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return inbound.Reason("an id is neither a string nor a number")
	}
	*i = id(n)
	return nil
}

// unixTime is a notification's time, in unix seconds.
type unixTime struct{ t time.Time }

func (u *unixTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	secs, err := strconv.ParseInt(string(bytes.Trim(b, `"`)), 10, 64)
	if err != nil || secs < 0 {
		return inbound.Reason("time is not unix seconds")
	}
	u.t = time.Unix(secs, 0).UTC()
	return nil
}

// graphTime is a media's timestamp in ISO 8601 (2024-08-07T10:33:16+0000).
type graphTime struct{ t time.Time }

func (g *graphTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return inbound.Reason("a timestamp is not a string")
	}
	if s == "" {
		return nil
	}
	if g.t = parseTime(s); g.t.IsZero() {
		return inbound.Reason("a timestamp is not ISO 8601")
	}
	return nil
}
