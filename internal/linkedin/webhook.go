package linkedin

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/relais"
)

// SignatureHeader carries LinkedIn's signature of a delivery.
const SignatureHeader = "X-LI-Signature"

// signedPrefix comes before the raw body in the message LinkedIn signs.
// Whether the header value also starts with it is unconfirmed, so Verify
// accepts the value with and without it.
const signedPrefix = "hmacsha256="

var scheme = inbound.NewScheme("linkedin", SignatureHeader, "", inbound.Hex, "64 hex digits, optionally after "+signedPrefix)

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

// Sign returns the X-LI-Signature value LinkedIn sends with body: the
// lowercase hex HMAC-SHA256 of "hmacsha256=" and the raw body under the
// app's client secret.
func Sign(clientSecret, body []byte) string {
	return scheme.Sign(clientSecret, body, []byte(signedPrefix))
}

// Verify checks the delivery's signature over the raw body. LinkedIn
// signs no timestamp, so now is unused; it keeps every network's Verify
// alike for the webhook handler.
func Verify(clientSecret []byte, header http.Header, body []byte, _ time.Time) error {
	value := header.Get(SignatureHeader)
	if digest, ok := strings.CutPrefix(value, signedPrefix); ok {
		if digest == "" {
			return ErrSignatureMalformed
		}
		value = digest
	}
	return scheme.Check(clientSecret, value, body, []byte(signedPrefix))
}

// Handshake answers LinkedIn's webhook validation, a GET with
// challengeCode that LinkedIn repeats every few hours and wants answered
// within 3 s: 200 with the code and its lowercase hex HMAC-SHA256 under
// the client secret; 400 without a code, or with one outside
// inbound.Challenge's alphabet, so that the answer reflects no arbitrary
// text and signs nothing that could be a delivery.
func Handshake(clientSecret []byte, query url.Values) (status int, contentType string, body []byte) {
	const ctype = "application/json"
	if len(clientSecret) == 0 {
		return http.StatusInternalServerError, ctype, []byte(`{"status":"network not configured"}`)
	}
	code := query.Get("challengeCode")
	answer, ok := scheme.SignChallenge(clientSecret, code)
	if !ok {
		return http.StatusBadRequest, ctype, []byte(`{"status":"challengeCode is missing or malformed"}`)
	}
	// Neither the checked code nor a hex digest needs escaping in JSON.
	return http.StatusOK, ctype, []byte(`{"challengeCode":"` + code + `","challengeResponse":"` + answer + `"}`)
}

// notificationsType is the one event type Relais subscribes to.
const notificationsType = "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS"

// Actions of the notifications Relais turns into interactions. Likes and
// reshares (LIKE, SHARE) are none. COMMENT_MENTION is not in LinkedIn's
// list but appears in its notifications API; it is taken as a mention.
const (
	actionComment        = "COMMENT"
	actionAdminComment   = "ADMIN_COMMENT"
	actionShareMention   = "SHARE_MENTION"
	actionCommentMention = "COMMENT_MENTION"
	actionCommentEdit    = "COMMENT_EDIT"
	actionCommentDelete  = "COMMENT_DELETE"
)

// delivery is a batch of notifications (LinkedIn sends up to 10). Its
// shape is unconfirmed beyond LinkedIn's field list: only the fields
// Relais reads are decoded.
type delivery struct {
	Type          string         `json:"type"`
	Notifications []notification `json:"notifications"`
}

type notification struct {
	OrganizationalEntity string `json:"organizationalEntity"`
	Action               string `json:"action"`
	SourcePost           string `json:"sourcePost"`
	GeneratedActivity    string `json:"generatedActivity"`
	Decorated            struct {
		Comment comment `json:"comment"`
		Share   share   `json:"share"`
	} `json:"decoratedGeneratedActivity"`
	LastModifiedAt int64 `json:"lastModifiedAt"` // unix milliseconds
}

// comment is a decorated comment. Its text comes as text or, in the
// newer comment shape, as message.text.
type comment struct {
	Entity        string `json:"entity"`
	Owner         string `json:"owner"`
	Text          string `json:"text"`
	ParentComment string `json:"parentComment"`
	Message       struct {
		Text string `json:"text"`
	} `json:"message"`
}

type share struct {
	Entity string `json:"entity"`
	Owner  string `json:"owner"`
	Text   string `json:"text"`
}

// Parse normalises one verified delivery of organization social action
// notifications. A comment is a comment, or a reply when it answers a
// comment; a mention of the organization in a post or a comment is a
// mention; an edited or deleted comment is an edit or a removal. Likes,
// reshares and unknown actions are skipped.
//
// Each interaction's ID is the URN of the comment or post the
// notification is about (generatedActivity), not the notificationId: a
// retried notification carries the same URN, so it maps to the same
// interaction, and an edit or a deletion carries the URN of the comment
// it changes, as the domain wants. A comment the organization writes
// (ADMIN_COMMENT) is kept with Author.ID equal to AccountID, so that
// Relais can record its answers.
//
// Errors are invalid-delivery errors that name the notification but quote
// nothing of the body.
func Parse(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	var d delivery
	if err := inbound.Decode(body, &d); err != nil {
		return nil, invalid("%v", err)
	}
	if d.Type != notificationsType && d.Type != "" {
		return nil, invalid("type is not %s", notificationsType)
	}
	out := make([]relais.Interaction, 0, len(d.Notifications))
	for i, n := range d.Notifications {
		in, ok := n.interaction()
		if !ok {
			continue
		}
		in.Network, in.AccountID, in.ReceivedAt = relais.LinkedIn, n.OrganizationalEntity, receivedAt
		if n.LastModifiedAt > 0 {
			in.CreatedAt = time.UnixMilli(n.LastModifiedAt).UTC()
		} else {
			in.CreatedAt = receivedAt
		}
		if in.Kind == relais.KindEdit {
			in.EditedAt = in.CreatedAt
		}
		if err := inbound.Check(in); err != nil {
			return nil, invalid("notification %d: %v", i, err)
		}
		out = append(out, in)
	}
	return out, nil
}

func invalid(format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, "linkedin webhook: "+format, args...)
}

// interaction returns the interaction a notification is, without its
// account and times, and false when it is none.
func (n notification) interaction() (relais.Interaction, bool) {
	c := n.Decorated.Comment
	in := relais.Interaction{
		ID: n.GeneratedActivity, PostID: n.SourcePost, ParentID: c.ParentComment,
		Author: relais.Author{ID: c.Owner},
		Text:   c.Text,
	}
	if in.ID == "" {
		in.ID = c.Entity
	}
	if in.Text == "" {
		in.Text = c.Message.Text
	}
	// A new comment without a parent comment answers the post. An edit or
	// a deletion may come undecorated, and then its parent is unknown.
	if in.ParentID == "" && n.Action != actionCommentEdit && n.Action != actionCommentDelete {
		in.ParentID = n.SourcePost
	}
	switch n.Action {
	case actionComment, actionAdminComment:
		in.Kind = relais.KindComment
		if c.ParentComment != "" {
			in.Kind = relais.KindReply
		}
		if n.Action == actionAdminComment {
			in.Author.ID = n.OrganizationalEntity
		}
	case actionCommentMention:
		in.Kind = relais.KindMention
	case actionShareMention:
		s := n.Decorated.Share
		in.Kind, in.ParentID, in.Author.ID, in.Text = relais.KindMention, "", s.Owner, s.Text
		if in.ID == "" {
			in.ID = s.Entity
		}
	case actionCommentEdit:
		in.Kind = relais.KindEdit
	case actionCommentDelete:
		in.Kind, in.Removed, in.Text = relais.KindRemoval, true, ""
	default:
		return in, false
	}
	return in, true
}
