package x

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	consumerSecret = []byte("x-consumer-secret")
	receivedAt     = time.Date(2024, 11, 19, 12, 0, 0, 0, time.UTC)
	refusals       = []error{ErrSignatureMissing, ErrSignatureMalformed, ErrSignatureMismatch, ErrNotDelivery}
)

func signed(secret, body []byte) http.Header {
	h := http.Header{}
	h.Set(SignatureHeader, Sign(secret, body))
	return h
}

func TestSign(t *testing.T) {
	// RFC 4231, test case 2, in base64.
	got := Sign([]byte("Jefe"), []byte("what do ya want for nothing?"))
	want := "sha256=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"for_user_id":"1","tweet_create_events":[]}`)
	good := Sign(consumerSecret, body)
	digest := strings.TrimPrefix(good, "sha256=")
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		want   error
	}{
		{"valid", consumerSecret, good, body, nil},
		{"tampered body", consumerSecret, good, []byte(`{"for_user_id":"2","tweet_create_events":[]}`), ErrSignatureMismatch},
		{"wrong secret", []byte("other"), good, body, ErrSignatureMismatch},
		{"missing header", consumerSecret, "", body, ErrSignatureMissing},
		{"no prefix", consumerSecret, digest, body, ErrSignatureMalformed},
		{"hex instead of base64", consumerSecret, "sha256=" + strings.Repeat("ab", 32), body, ErrSignatureMalformed},
		{"not base64", consumerSecret, "sha256=!!!!", body, ErrSignatureMalformed},
		{"short digest", consumerSecret, "sha256=" + digest[:20], body, ErrSignatureMalformed},
		{"no secret", nil, good, body, inbound.ErrNoSecret},
	}
	for _, tt := range tests {
		// X writes the name in lower case; Set and Get are case-blind.
		verify := func(h http.Header) error { return Verify(tt.secret, h, tt.body, receivedAt) }
		inboundtest.Signature(t, tt.name, "x-twitter-webhooks-signature", tt.header, verify, tt.want, refusals...)
	}
}

func TestHandshake(t *testing.T) {
	tests := []struct {
		name       string
		secret     []byte
		query      url.Values
		wantStatus int
		wantToken  string
	}{
		// The token is HMAC-SHA256("x-consumer-secret", "crc-token-1") in base64.
		{"crc", consumerSecret, url.Values{"crc_token": {"crc-token-1"}}, http.StatusOK, Sign(consumerSecret, []byte("crc-token-1"))},
		{"no token", consumerSecret, url.Values{}, http.StatusBadRequest, ""},
		{"empty token", consumerSecret, url.Values{"crc_token": {""}}, http.StatusBadRequest, ""},
		{"base64 token", consumerSecret, url.Values{"crc_token": {"ab+/="}}, http.StatusOK, Sign(consumerSecret, []byte("ab+/="))},
		// Its answer would be that delivery's signature.
		{"token that is a delivery", consumerSecret, url.Values{"crc_token": {`{"for_user_id":"1"}`}}, http.StatusBadRequest, ""},
		{"token with quotes", consumerSecret, url.Values{"crc_token": {`a"b`}}, http.StatusBadRequest, ""},
		{"token too long", consumerSecret, url.Values{"crc_token": {strings.Repeat("a", 129)}}, http.StatusBadRequest, ""},
		{"no secret", nil, url.Values{"crc_token": {"crc-token-1"}}, http.StatusInternalServerError, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, body := Handshake(tt.secret, tt.query)
			if status != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", status, tt.wantStatus)
			}
			if ctype != "application/json" {
				t.Errorf("content type: got %q, want application/json", ctype)
			}
			if status != http.StatusOK {
				return
			}
			var got struct {
				ResponseToken string `json:"response_token"`
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			if got.ResponseToken != tt.wantToken || !strings.HasPrefix(got.ResponseToken, "sha256=") {
				t.Errorf("response_token: got %q, want %q", got.ResponseToken, tt.wantToken)
			}
		})
	}
}

const account = "1509483204822388737"

var (
	lea  = relais.Author{ID: "987654321", Name: "leamartin"}
	hugo = relais.Author{ID: "192837465", Name: "hugob"}
)

var wantSamples = map[string][]relais.Interaction{
	"mention": {{
		Network: relais.X, AccountID: account, ID: "1858823456789012345", Kind: relais.KindMention, Author: lea,
		Text: "Meilleur brunch de Lyon chez @cafedesarts 🥐 & accueil au top", CreatedAt: time.UnixMilli(1732012340123).UTC(), ReceivedAt: receivedAt,
	}},
	// The retweet that follows the reply is skipped.
	"reply": {{
		Network: relais.X, AccountID: account, ID: "1858826654321098765", ParentID: "1858800000000000001", PostID: "1858800000000000001",
		Kind: relais.KindReply, Author: hugo, Text: "@cafedesarts Vous avez des options végan le dimanche ?",
		CreatedAt: time.UnixMilli(1732013102456).UTC(), ReceivedAt: receivedAt,
	}},
	// The account's answer is kept, written by the account; its post is
	// skipped.
	"own-reply": {{
		Network: relais.X, AccountID: account, ID: "1858831111111111111", ParentID: "1858826654321098765",
		Kind: relais.KindReply, Author: relais.Author{ID: account, Name: "cafedesarts"}, Text: "@hugob Oui, deux brunchs végan chaque dimanche <3",
		CreatedAt: time.Date(2024, 11, 19, 11, 2, 45, 0, time.UTC), ReceivedAt: receivedAt,
	}},
	"dm": {{
		Network: relais.X, AccountID: account, ID: "1858834567890123456", Kind: relais.KindMessage, Private: true, Author: lea,
		Text: "Bonjour, puis-je réserver pour 6 samedi midi ?", CreatedAt: time.UnixMilli(1732015000000).UTC(), ReceivedAt: receivedAt,
	}},
	"delete": {{
		Network: relais.X, AccountID: account, ID: "1858823456789012345", Kind: relais.KindRemoval, Removed: true,
		Author: relais.Author{ID: "987654321"}, CreatedAt: time.UnixMilli(1732016000000).UTC(), ReceivedAt: receivedAt,
	}},
}

func TestParseSamples(t *testing.T) {
	for _, s := range inboundtest.Samples(t, relais.X, slices.Collect(maps.Keys(wantSamples))) {
		t.Run(s.Name, func(t *testing.T) {
			got, err := Parse(s.Body, receivedAt)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			inboundtest.Equal(t, got, wantSamples[s.Name])
			inboundtest.Tampered(t, s.Body, func(b []byte) error {
				return Verify(consumerSecret, signed(consumerSecret, s.Body), b, receivedAt)
			})
		})
	}
}

func TestParseKinds(t *testing.T) {
	tweet := func(fields string) string {
		return `{"for_user_id":"1","tweet_create_events":[{"id_str":"9","text":"t",` + fields + `}]}`
	}
	tests := []struct {
		name       string
		body       string
		want       relais.InteractionKind // "" for none
		wantParent string
		wantPost   string
	}{
		{"reply to the account's tweet", tweet(`"in_reply_to_status_id_str":"5","in_reply_to_user_id_str":"1","user":{"id_str":"2"}`), relais.KindReply, "5", "5"},
		{"reply to someone else", tweet(`"in_reply_to_status_id_str":"5","in_reply_to_user_id_str":"3","user":{"id_str":"2"}`), relais.KindMention, "5", ""},
		{"quote", tweet(`"is_quote_status":true,"quoted_status":{"id_str":"5"},"user":{"id_str":"2"}`), relais.KindMention, "", ""},
		{"own reply to own tweet", tweet(`"in_reply_to_status_id_str":"5","in_reply_to_user_id_str":"1","user":{"id_str":"1"}`), relais.KindReply, "5", "5"},
		{"own post", tweet(`"user":{"id_str":"1"}`), "", "", ""},
		{"retweet", tweet(`"retweeted_status":{"id_str":"5"},"user":{"id_str":"2"}`), "", "", ""},
		{"own retweet", tweet(`"retweeted_status":{"id_str":"5"},"user":{"id_str":"1"}`), "", "", ""},
		{"own message", `{"for_user_id":"1","direct_message_events":[{"type":"message_create","id":"9","message_create":{"sender_id":"1","message_data":{"text":"t"}}}]}`, relais.KindMessage, "", ""},
		{"typing indicator", `{"for_user_id":"1","direct_message_indicate_typing_events":[{"sender_id":"2"}]}`, "", "", ""},
		{"other message type", `{"for_user_id":"1","direct_message_events":[{"type":"welcome_message","id":"9"}]}`, "", "", ""},
		{"like", `{"for_user_id":"1","favorite_events":[{"id":"a","favorited_status":{"id_str":"5"}}]}`, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Errorf("got %+v, want nothing", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d interactions, want 1", len(got))
			}
			if got[0].Kind != tt.want || got[0].ParentID != tt.wantParent || got[0].PostID != tt.wantPost {
				t.Errorf("got kind %s parent %q post %q, want %s %q %q", got[0].Kind, got[0].ParentID, got[0].PostID, tt.want, tt.wantParent, tt.wantPost)
			}
		})
	}
}

func TestParseExtendedText(t *testing.T) {
	body := `{"for_user_id":"1","tweet_create_events":[{"id_str":"9","text":"Long… https://t.co/x","truncated":true,"extended_tweet":{"full_text":"Long text &amp; more"},"user":{"id_str":"2"}}]}`
	got, err := Parse([]byte(body), receivedAt)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d interactions and %v", len(got), err)
	}
	if want := "Long text & more"; got[0].Text != want {
		t.Errorf("got %q, want %q", got[0].Text, want)
	}
}

func TestParseRejects(t *testing.T) {
	const secret = "S3cr3tPerson"
	tests := []struct{ name, body string }{
		{"not JSON", `S3cr3tPerson`},
		{"array", `[{"for_user_id":"S3cr3tPerson"}]`},
		{"no for_user_id", `{"tweet_create_events":[]}`},
		{"for_user_id a number", `{"for_user_id":1}`},
		{"events not a list", `{"for_user_id":"1","tweet_create_events":"S3cr3tPerson"}`},
		{"tweet without id", `{"for_user_id":"1","tweet_create_events":[{"text":"S3cr3tPerson","user":{"id_str":"2"}}]}`},
		{"tweet without user", `{"for_user_id":"1","tweet_create_events":[{"id_str":"9","text":"S3cr3tPerson"}]}`},
		{"bad timestamp", `{"for_user_id":"1","tweet_create_events":[{"id_str":"9","user":{"id_str":"2"},"timestamp_ms":"S3cr3tPerson"}]}`},
		{"bad created_at", `{"for_user_id":"1","tweet_create_events":[{"id_str":"9","user":{"id_str":"2"},"created_at":"S3cr3tPerson"}]}`},
		{"message without id", `{"for_user_id":"1","direct_message_events":[{"type":"message_create","message_create":{"sender_id":"2","message_data":{"text":"S3cr3tPerson"}}}]}`},
		{"message without sender", `{"for_user_id":"1","direct_message_events":[{"type":"message_create","id":"9","message_create":{"message_data":{"text":"S3cr3tPerson"}}}]}`},
		{"delete without id", `{"for_user_id":"1","tweet_delete_events":[{"status":{"user_id":"2"},"timestamp_ms":"1"}]}`},
		{"account with #", `{"for_user_id":"1#2","tweet_delete_events":[{"status":{"id":"3"}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if relais.ErrorCode(err) != relais.EINVALID {
				t.Fatalf("got %d interactions and %v, want an invalid error", len(got), err)
			}
			if msg := err.Error(); strings.Contains(msg, secret) || !strings.HasPrefix(msg, "x webhook: ") {
				t.Errorf("message %q: want an x webhook reason that quotes nothing of the body", msg)
			}
		})
	}
}
