package tiktok

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/relais"
)

// SignatureHeader carries TikTok's signature of a delivery:
// t=<unix seconds>,s=<hex HMAC-SHA256 of t + "." + raw body>.
const SignatureHeader = "TikTok-Signature"

// MaxSkew is how far the signed time may be from now, either way: a
// captured delivery cannot be replayed once it has passed.
const MaxSkew = 5 * time.Minute

var scheme = inbound.NewScheme("tiktok", SignatureHeader, "", inbound.Hex, "t=<unix seconds>,s=<64 hex digits>")

// Reasons Verify refuses a delivery: unauthorized errors whose messages
// are safe to log and to answer with.
var (
	ErrSignatureMissing   = scheme.Missing
	ErrSignatureMalformed = scheme.Malformed
	ErrSignatureMismatch  = scheme.Mismatch
	// ErrNotDelivery refuses a body that is not a JSON object, whatever
	// signs it: an invalid-delivery error.
	ErrNotDelivery    = scheme.NotObject
	ErrSignatureStale = relais.Errorf(relais.EUNAUTHORIZED, "tiktok webhook: the signed time is more than %s from now", MaxSkew)
)

var dot = []byte(".")

// Sign returns the TikTok-Signature value TikTok sends with body at a
// time: t=<unix seconds>,s=<lowercase hex HMAC-SHA256 of t + "." + body
// under the app's client secret>.
func Sign(clientSecret, body []byte, at time.Time) string {
	t := strconv.FormatInt(at.Unix(), 10)
	return "t=" + t + ",s=" + scheme.Sign(clientSecret, body, []byte(t), dot)
}

// Verify checks the delivery's signature over the raw body and refuses a
// signed time more than MaxSkew away from now.
func Verify(clientSecret []byte, header http.Header, body []byte, now time.Time) error {
	if len(clientSecret) == 0 {
		return inbound.ErrNoSecret
	}
	value := header.Get(SignatureHeader)
	if value == "" {
		return ErrSignatureMissing
	}
	t, s, ok := splitSignature(value)
	if !ok {
		return ErrSignatureMalformed
	}
	secs, err := strconv.ParseInt(t, 10, 64)
	if err != nil || secs < 0 {
		return ErrSignatureMalformed
	}
	if skew := now.Sub(time.Unix(secs, 0)); skew > MaxSkew || skew < -MaxSkew {
		return ErrSignatureStale
	}
	return scheme.Check(clientSecret, s, body, []byte(t), dot)
}

// splitSignature reads t=...,s=... in any order. Keys TikTok may add
// later are ignored; a repeated or empty t or s is malformed.
func splitSignature(value string) (t, s string, ok bool) {
	for part := range strings.SplitSeq(value, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case k == "t" && t == "":
			t = v
		case k == "s" && s == "":
			s = v
		case k == "t", k == "s":
			return "", "", false
		}
	}
	return t, s, t != "" && s != ""
}

// eventComment is the comment event of TikTok's API for Business
// (unconfirmed: its name and content fields are taken from TikTok's event
// catalogue, not seen on the wire). The Login Kit and Content Posting
// events (authorization.removed, video.upload.failed,
// video.publish.completed, portability.download.ready, post.publish.*)
// are not interactions.
const eventComment = "comment.update"

// Comment actions Relais acts on; the rest (a comment hidden, made
// public or private) is moderation, not an interaction.
const (
	actionInsert = "insert"
	actionDelete = "delete"
)

// delivery is one webhook event. Content is the event's own JSON,
// serialised into a string, so it is decoded twice.
type delivery struct {
	Event      string `json:"event"`
	CreateTime int64  `json:"create_time"` // unix seconds
	UserOpenID string `json:"user_openid"`
	Content    string `json:"content"`
}

// commentContent is the content of a comment event. TikTok's ids are
// 64-bit numbers that may come bare, so they are read as text to keep
// every digit.
type commentContent struct {
	CommentID       id     `json:"comment_id"`
	VideoID         id     `json:"video_id"`
	ParentCommentID id     `json:"parent_comment_id"`
	CommentType     string `json:"comment_type"` // comment or reply
	CommentAction   string `json:"comment_action"`
	Text            string `json:"text"`
	Timestamp       int64  `json:"timestamp"` // unix seconds
}

// Parse normalises one verified delivery. A comment event gives a comment,
// a reply or a removal on the connected account (user_openid). Every
// other event, known or not, gives no interaction and no error: TikTok
// subscribes an app to all its events, and one Relais does not handle
// must not be retried for 72 hours.
//
// Errors are invalid-delivery errors that quote nothing of the body; a
// content that is not a JSON string, or a comment event whose content is
// not JSON, is one.
func Parse(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	var d delivery
	if err := inbound.Decode(body, &d); err != nil {
		return nil, invalid("%v", err)
	}
	switch {
	case d.Event == "":
		return nil, invalid("event is missing")
	case d.UserOpenID == "":
		return nil, invalid("user_openid is missing")
	case d.Event != eventComment:
		return nil, nil
	}
	var c commentContent
	if err := inbound.Decode([]byte(d.Content), &c); err != nil {
		return nil, invalid("content: %v", err)
	}
	in := relais.Interaction{
		Network: relais.TikTok, AccountID: d.UserOpenID,
		ID: string(c.CommentID), PostID: string(c.VideoID), ParentID: string(c.VideoID),
		Text: c.Text, ReceivedAt: receivedAt,
	}
	switch c.CommentAction {
	case actionInsert:
		in.Kind = relais.KindComment
		if c.CommentType == "reply" || c.ParentCommentID != "" {
			in.Kind, in.ParentID = relais.KindReply, string(c.ParentCommentID)
		}
	case actionDelete:
		in.Kind, in.Removed, in.Text = relais.KindRemoval, true, ""
	default:
		return nil, nil
	}
	switch {
	case c.Timestamp > 0:
		in.CreatedAt = time.Unix(c.Timestamp, 0).UTC()
	case d.CreateTime > 0:
		in.CreatedAt = time.Unix(d.CreateTime, 0).UTC()
	default:
		in.CreatedAt = receivedAt
	}
	if err := inbound.Check(in); err != nil {
		return nil, invalid("%v", err)
	}
	return []relais.Interaction{in}, nil
}

func invalid(format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, "tiktok webhook: "+format, args...)
}

// id is a TikTok id written as a JSON string or a bare integer. Zero and
// null mean none: TikTok writes a top-level comment's parent as 0.
type id string

func (v *id) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return inbound.Reason("an id is not a string")
		}
		if s != "0" {
			*v = id(s)
		}
		return nil
	}
	if string(b) == "null" || string(b) == "0" {
		return nil
	}
	if _, err := strconv.ParseUint(string(b), 10, 64); err != nil {
		return inbound.Reason("an id is neither a string nor a whole number")
	}
	*v = id(b)
	return nil
}

// eventRemoved is the Login Kit event TikTok sends when the person removes
// the app's access to their account.
const eventRemoved = "authorization.removed"

// Revoked reads the account whose owner removed Relais' access, from a
// verified delivery: the user_openid of authorization.removed. Any other
// event names none, and so does a body that does not read (Parse refuses
// it).
func Revoked(body []byte) []relais.Revocation {
	var d delivery
	if err := inbound.Decode(body, &d); err != nil || d.Event != eventRemoved || d.UserOpenID == "" {
		return nil
	}
	return []relais.Revocation{{Network: Network, AccountID: d.UserOpenID}}
}
