package x

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/relais"
)

// SignatureHeader carries X's signature of an Account Activity delivery.
const SignatureHeader = "X-Twitter-Webhooks-Signature"

var scheme = inbound.NewScheme("x", SignatureHeader, "sha256=", inbound.Base64, "sha256=<base64 of 32 bytes>")

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

// Sign returns the x-twitter-webhooks-signature value X sends with body:
// sha256=<base64 HMAC-SHA256 of the raw body under the consumer secret>.
func Sign(consumerSecret, body []byte) string { return scheme.Sign(consumerSecret, body) }

// Verify checks the delivery's signature over the raw body. X signs no
// timestamp, so now is unused; it keeps every network's Verify alike for
// the webhook handler.
func Verify(consumerSecret []byte, header http.Header, body []byte, _ time.Time) error {
	return scheme.Check(consumerSecret, header.Get(SignatureHeader), body)
}

// Handshake answers X's challenge-response check (CRC), a GET with
// crc_token that X repeats hourly to daily and wants answered within
// 3 s: 200 with {"response_token":"sha256=<base64 HMAC of the token>"};
// 400 without a token, or with one outside inbound.Challenge's alphabet:
// X signs deliveries with the same key and scheme, so the answer for a
// token that could be a delivery would be that delivery's signature.
func Handshake(consumerSecret []byte, query url.Values) (status int, contentType string, body []byte) {
	const ctype = "application/json"
	if len(consumerSecret) == 0 {
		return http.StatusInternalServerError, ctype, []byte(`{"status":"network not configured"}`)
	}
	answer, ok := scheme.SignChallenge(consumerSecret, query.Get("crc_token"))
	if !ok {
		return http.StatusBadRequest, ctype, []byte(`{"status":"crc_token is missing or malformed"}`)
	}
	// A base64 digest after a fixed prefix needs no escaping in JSON.
	return http.StatusOK, ctype, []byte(`{"response_token":"` + answer + `"}`)
}

// activity is an Account Activity delivery for one subscribed user. Only
// the events Relais handles are decoded; likes, follows, blocks and the
// rest are left out, and parse to nothing.
type activity struct {
	ForUserID    string        `json:"for_user_id"`
	Tweets       []hookTweet   `json:"tweet_create_events"`
	Messages     []hookMessage `json:"direct_message_events"`
	TweetDeletes []hookDelete  `json:"tweet_delete_events"`
	// Users holds the users of direct_message_events, by id.
	Users map[string]struct {
		ScreenName string `json:"screen_name"`
	} `json:"users"`
}

// hookTweet is a v1.1 tweet object, as the Account Activity API sends them.
type hookTweet struct {
	ID            string `json:"id_str"`
	Text          string `json:"text"`
	ExtendedTweet struct {
		FullText string `json:"full_text"`
	} `json:"extended_tweet"`
	InReplyToStatusID string `json:"in_reply_to_status_id_str"`
	InReplyToUserID   string `json:"in_reply_to_user_id_str"`
	User              struct {
		ID         string `json:"id_str"`
		ScreenName string `json:"screen_name"`
	} `json:"user"`
	CreatedAt   string `json:"created_at"`
	TimestampMS string `json:"timestamp_ms"`
	// Retweeted is set on retweets, which are no one's words to answer.
	Retweeted *struct{} `json:"retweeted_status"`
}

type hookMessage struct {
	Type             string `json:"type"`
	ID               string `json:"id"`
	CreatedTimestamp string `json:"created_timestamp"`
	MessageCreate    struct {
		SenderID    string `json:"sender_id"`
		MessageData struct {
			Text string `json:"text"`
		} `json:"message_data"`
	} `json:"message_create"`
}

type hookDelete struct {
	Status struct {
		ID     string `json:"id"`
		UserID string `json:"user_id"`
	} `json:"status"`
	TimestampMS string `json:"timestamp_ms"`
}

// Parse normalises one verified Account Activity delivery: tweets that
// reply to one of the account's tweets are replies, other tweets that
// reach the account are mentions, direct messages are private messages,
// and deleted tweets are removals. Retweets and the account's own tweets
// that answer nothing (its posts) are skipped. The account's own replies
// and messages are kept, with Author.ID equal to AccountID, so that
// Relais can record its answers.
//
// Errors are invalid-delivery errors that name the event but quote
// nothing of the body.
func Parse(body []byte, receivedAt time.Time) ([]relais.Interaction, error) {
	var a activity
	if err := inbound.Decode(body, &a); err != nil {
		return nil, invalidDelivery("%v", err)
	}
	if a.ForUserID == "" {
		return nil, invalidDelivery("for_user_id is missing")
	}
	out := make([]relais.Interaction, 0, len(a.Tweets)+len(a.Messages)+len(a.TweetDeletes))
	add := func(kind string, i int, in relais.Interaction, keep bool, err error) error {
		if err == nil && keep {
			in.Network, in.AccountID, in.ReceivedAt = relais.X, a.ForUserID, receivedAt
			if in.CreatedAt.IsZero() {
				in.CreatedAt = receivedAt
			}
			err = inbound.Check(in)
		}
		if err != nil {
			return invalidDelivery("%s %d: %v", kind, i, err)
		}
		if keep {
			out = append(out, in)
		}
		return nil
	}
	for i, t := range a.Tweets {
		in, keep, err := t.interaction(a.ForUserID)
		if err := add("tweet_create_events", i, in, keep, err); err != nil {
			return nil, err
		}
	}
	for i, m := range a.Messages {
		in, keep, err := m.interaction()
		if keep {
			in.Author.Name = a.Users[in.Author.ID].ScreenName
		}
		if err := add("direct_message_events", i, in, keep, err); err != nil {
			return nil, err
		}
	}
	for i, d := range a.TweetDeletes {
		created, err := parseMillis(d.TimestampMS)
		in := relais.Interaction{
			ID: d.Status.ID, Kind: relais.KindRemoval, Removed: true,
			Author: relais.Author{ID: d.Status.UserID}, CreatedAt: created,
		}
		if err := add("tweet_delete_events", i, in, true, err); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func invalidDelivery(format string, args ...any) error {
	return relais.Errorf(relais.EINVALID, "x webhook: "+format, args...)
}

func (t hookTweet) interaction(account string) (relais.Interaction, bool, error) {
	if t.Retweeted != nil {
		return relais.Interaction{}, false, nil
	}
	if t.User.ID == "" {
		return relais.Interaction{}, false, inbound.Reason("user.id_str is missing")
	}
	own := t.User.ID == account
	if own && t.InReplyToStatusID == "" {
		return relais.Interaction{}, false, nil // the account's own post
	}
	created, err := tweetTime(t)
	in := relais.Interaction{
		ID: t.ID, ParentID: t.InReplyToStatusID, Kind: relais.KindMention,
		Author: relais.Author{ID: t.User.ID, Name: t.User.ScreenName},
		// v1.1 text escapes &, < and > as HTML entities.
		Text:      html.UnescapeString(t.Text),
		CreatedAt: created,
	}
	if t.ExtendedTweet.FullText != "" {
		in.Text = html.UnescapeString(t.ExtendedTweet.FullText)
	}
	if t.InReplyToStatusID != "" && t.InReplyToUserID == account {
		in.PostID = t.InReplyToStatusID
	}
	if own || in.PostID != "" {
		in.Kind = relais.KindReply
	}
	return in, true, err
}

func (m hookMessage) interaction() (relais.Interaction, bool, error) {
	if m.Type != "message_create" {
		return relais.Interaction{}, false, nil
	}
	if m.MessageCreate.SenderID == "" {
		return relais.Interaction{}, false, inbound.Reason("message_create.sender_id is missing")
	}
	created, err := parseMillis(m.CreatedTimestamp)
	return relais.Interaction{
		ID: m.ID, Kind: relais.KindMessage, Private: true,
		Author:    relais.Author{ID: m.MessageCreate.SenderID},
		Text:      m.MessageCreate.MessageData.Text,
		CreatedAt: created,
	}, true, err
}

// tweetTime reads timestamp_ms, or created_at (Wed Oct 10 20:19:24 +0000
// 2018) when it is absent.
func tweetTime(t hookTweet) (time.Time, error) {
	if t.TimestampMS != "" || t.CreatedAt == "" {
		return parseMillis(t.TimestampMS)
	}
	at, err := time.Parse(time.RubyDate, t.CreatedAt)
	if err != nil {
		return time.Time{}, inbound.Reason("created_at is not a time")
	}
	return at.UTC(), nil
}

// parseMillis reads X's unix milliseconds, written as a string; an empty
// one is the zero time.
func parseMillis(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	ms, err := strconv.ParseInt(s, 10, 64)
	if err != nil || ms < 0 {
		return time.Time{}, inbound.Reason("a timestamp is not unix milliseconds")
	}
	return time.UnixMilli(ms).UTC(), nil
}
