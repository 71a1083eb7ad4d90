package meta

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/relais"
)

// SignatureHeader carries Meta's signature of a delivery. Meta may also
// send the older X-Hub-Signature (SHA-1), which Relais ignores.
const SignatureHeader = "X-Hub-Signature-256"

var scheme = Scheme("meta")

// Scheme is how Meta signs the deliveries of network, Meta's or another
// its webhooks serve (Threads), its refusals naming network.
func Scheme(network string) *inbound.Scheme {
	return inbound.NewScheme(network, SignatureHeader, "sha256=", inbound.Hex, "sha256=<64 hex digits>")
}

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

// Sign returns the X-Hub-Signature-256 value Meta sends with body:
// sha256=<lowercase hex HMAC-SHA256 of the raw body under the app secret>.
func Sign(secret, body []byte) string { return scheme.Sign(secret, body) }

// Verify checks the delivery's signature over the raw body, as it arrived:
// Meta signs its bytes with non-ASCII text escaped as \uXXXX, which a
// re-encoded body would not reproduce. Meta signs no timestamp, so now is
// unused; it keeps every network's Verify alike for the webhook handler.
func Verify(secret []byte, header http.Header, body []byte, _ time.Time) error {
	if header.Get(SignatureHeader) == "" {
		if sig, payload, ok := signedRequest(body); ok {
			return verifySignedRequest(secret, sig, payload)
		}
	}
	return scheme.Check(secret, header.Get(SignatureHeader), body)
}

// Handshake answers Meta's subscription check, a GET with hub.mode,
// hub.verify_token and hub.challenge: 200 with the challenge as plain text
// when the mode is subscribe and the token is the one Relais registered,
// 403 otherwise. The challenge is echoed only when it looks like one
// (inbound.Challenge), so that the endpoint reflects no arbitrary text.
func Handshake(verifyToken string, query url.Values) (status int, contentType string, body []byte) {
	got := query.Get("hub.verify_token")
	challenge := query.Get("hub.challenge")
	if verifyToken == "" || query.Get("hub.mode") != "subscribe" ||
		subtle.ConstantTimeCompare([]byte(got), []byte(verifyToken)) != 1 || !inbound.Challenge(challenge) {
		return http.StatusForbidden, "application/json", []byte(`{"status":"verification refused"}`)
	}
	return http.StatusOK, "text/plain; charset=utf-8", []byte(challenge)
}

// Objects and fields of the deliveries Relais subscribes to.
const (
	objectPage      = "page"
	objectInstagram = "instagram"

	fieldFeed     = "feed"
	fieldComments = "comments"
	fieldMentions = "mentions"
)

// delivery is a webhook body: entries, one per page or Instagram account,
// each with its changes. Only what Relais reads is decoded, into small
// structs, to keep the handler fast.
type delivery struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

// entry is one page's or account's part of a delivery: changes to its
// feed or media, and events of its conversations (messaging), which one
// delivery may mix.
type entry struct {
	ID        string            `json:"id"`
	Time      unixTime          `json:"time"`
	Changes   []change          `json:"changes"`
	Messaging []json.RawMessage `json:"messaging"`
}

// change keeps its value raw: only the fields Relais handles are decoded,
// so that a change of another kind can never make a delivery invalid.
type change struct {
	Field string          `json:"field"`
	Value json.RawMessage `json:"value"`
}

// feedValue is a change to a page's feed: a comment added, edited or
// removed, or something Relais ignores (a post, a reaction, a like).
type feedValue struct {
	Item        string   `json:"item"`
	Verb        string   `json:"verb"`
	CommentID   string   `json:"comment_id"`
	PostID      string   `json:"post_id"`
	ParentID    string   `json:"parent_id"`
	From        from     `json:"from"`
	Message     string   `json:"message"`
	CreatedTime unixTime `json:"created_time"`
}

// igComment is a comment or reply on an Instagram account's media.
type igComment struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	ParentID string `json:"parent_id"`
	From     from   `json:"from"`
	Media    struct {
		ID string `json:"id"`
	} `json:"media"`
}

// igMention is the account mentioned in a comment or a caption: Meta sends
// only ids, and the text is read through the Graph API.
type igMention struct {
	MediaID   string `json:"media_id"`
	CommentID string `json:"comment_id"`
}

type from struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

// Parse normalises one verified delivery into interactions: Facebook page
// comments and replies, their edits and removals, Instagram comments,
// replies and mentions, and the private messages of both (Messenger and
// Instagram Direct). A batch of entries, changes and messaging events
// gives one interaction per change or event that is one; other changes
// (posts, reactions, likes, fields Relais does not handle) and events
// (deliveries, reads, reactions, postbacks) are skipped, and the delivery
// stays valid. Comments and messages the account wrote itself are kept,
// with Author.ID equal to AccountID, so that Relais can record its
// answers.
//
// Errors are invalid-delivery errors that name the entry and change but
// quote nothing of the body.
func Parse(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	if _, _, ok := signedRequest(body); ok {
		// A deauthorize callback holds no interaction (Revoked reads it).
		return nil, nil
	}
	var d delivery
	if err := inbound.Decode(body, &d); err != nil {
		return nil, invalid("%v", err)
	}
	var network relais.Network
	switch d.Object {
	case objectPage:
		network = relais.Facebook
	case objectInstagram:
		network = relais.Instagram
	default:
		return nil, invalid("object is neither page nor instagram")
	}
	n := 0
	for _, e := range d.Entry {
		n += len(e.Changes) + len(e.Messaging)
	}
	out := make([]relais.Interaction, 0, n)
	for i, e := range d.Entry {
		if e.ID == "" {
			return nil, invalid("entry %d: id is missing", i)
		}
		for j, c := range e.Changes {
			in, ok, err := parseChange(network, e, c)
			if out, err = keep(out, in, ok, err, receivedAt); err != nil {
				return nil, invalid("entry %d change %d: %v", i, j, err)
			}
		}
		for j, m := range e.Messaging {
			in, ok, err := parseMessaging(network, e, m)
			if out, err = keep(out, in, ok, err, receivedAt); err != nil {
				return nil, invalid("entry %d messaging %d: %v", i, j, err)
			}
		}
	}
	return out, nil
}

// keep appends what a change or event parsed to (in, ok, err) to out
// when it is an interaction: received at receivedAt, created then when it
// says nothing of its time, and checked for the store.
func keep(out []relais.Interaction, in relais.Interaction, ok bool, err error, receivedAt time.Time) ([]relais.Interaction, error) {
	if err != nil || !ok {
		return out, err
	}
	in.ReceivedAt = receivedAt
	if in.CreatedAt.IsZero() {
		in.CreatedAt = receivedAt
	}
	if err := inbound.Check(in); err != nil {
		return out, err
	}
	return append(out, in), nil
}

func invalid(format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, "meta webhook: "+format, args...)
}

// value is a change's value of a kind Relais handles.
type value interface {
	// interaction returns the interaction the value is, given the
	// interaction's network and account and the entry's time, and false
	// when it is none.
	interaction(in relais.Interaction, changedAt time.Time) (relais.Interaction, bool)
}

// parseChange returns the interaction a change is, and false when it is
// none.
func parseChange(network relais.Network, e entry, c change) (relais.Interaction, bool, error) {
	in := relais.Interaction{Network: network, AccountID: e.ID}
	var v value
	switch {
	case network == relais.Facebook && c.Field == fieldFeed:
		v = new(feedValue)
	case network == relais.Instagram && c.Field == fieldComments:
		v = new(igComment)
	case network == relais.Instagram && c.Field == fieldMentions:
		v = new(igMention)
	default:
		return in, false, nil
	}
	if err := inbound.Decode(c.Value, v); err != nil {
		return in, false, err
	}
	in, ok := v.interaction(in, e.Time.t)
	return in, ok, nil
}

func (v *feedValue) interaction(in relais.Interaction, changedAt time.Time) (relais.Interaction, bool) {
	if v.Item != "comment" {
		return in, false
	}
	in.ID, in.PostID, in.ParentID = v.CommentID, v.PostID, v.ParentID
	in.Author = relais.Author{ID: v.From.ID, Name: v.From.Name}
	in.Text = v.Message
	in.CreatedAt = v.CreatedTime.t
	if in.CreatedAt.IsZero() {
		in.CreatedAt = changedAt
	}
	switch v.Verb {
	case "add":
		in.Kind = relais.KindComment
		if v.ParentID != "" && v.ParentID != v.PostID {
			in.Kind = relais.KindReply
		}
	case "edited":
		// The edit carries the comment's own id, as the domain wants; Meta
		// stamps the change itself in the entry's time.
		in.Kind = relais.KindEdit
		in.EditedAt = changedAt
		if in.EditedAt.IsZero() {
			in.EditedAt = in.CreatedAt
		}
	case "remove":
		in.Kind, in.Removed, in.Text = relais.KindRemoval, true, ""
	default:
		// hide, unhide and the like are moderation, not interactions.
		return in, false
	}
	return in, true
}

func (v *igComment) interaction(in relais.Interaction, changedAt time.Time) (relais.Interaction, bool) {
	in.ID, in.PostID, in.Text = v.ID, v.Media.ID, v.Text
	in.Author = relais.Author{ID: v.From.ID, Name: v.From.Username}
	in.CreatedAt = changedAt // Instagram's comment payload has no time of its own
	in.Kind, in.ParentID = relais.KindComment, v.Media.ID
	if v.ParentID != "" {
		in.Kind, in.ParentID = relais.KindReply, v.ParentID
	}
	return in, true
}

func (v *igMention) interaction(in relais.Interaction, changedAt time.Time) (relais.Interaction, bool) {
	// A mention in a comment is that comment; one in a caption is the
	// media itself.
	in.ID, in.PostID, in.Kind, in.CreatedAt = v.CommentID, v.MediaID, relais.KindMention, changedAt
	if in.ID == "" {
		in.ID = v.MediaID
	}
	return in, true
}

// unixTime is a time Meta writes as unix seconds or as an ISO 8601 string
// (2024-11-19T07:06:40+0000), depending on the field and the API version.
type unixTime struct{ t time.Time }

// isoLayouts are the ISO forms Meta sends, with and without the colon in
// the offset.
var isoLayouts = [...]string{"2006-01-02T15:04:05-0700", time.RFC3339}

func (u *unixTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 1 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
		for _, layout := range isoLayouts {
			if t, err := time.Parse(layout, string(b)); err == nil {
				u.t = t.UTC()
				return nil
			}
		}
	}
	secs, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || secs < 0 {
		return inbound.Reason("a time is neither unix seconds nor an ISO 8601 string")
	}
	u.t = time.Unix(secs, 0).UTC()
	return nil
}
