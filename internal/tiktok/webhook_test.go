package tiktok

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	clientSecret = []byte("tiktok-client-secret")
	receivedAt   = time.Date(2024, 11, 19, 12, 0, 0, 0, time.UTC)
	refusals     = []error{ErrSignatureMissing, ErrSignatureMalformed, ErrSignatureMismatch, ErrSignatureStale, ErrNotDelivery}
)

func signed(secret, body []byte, at time.Time) http.Header {
	h := http.Header{}
	h.Set(SignatureHeader, Sign(secret, body, at))
	return h
}

func TestSign(t *testing.T) {
	body := `{"event":"authorization.removed"}`
	m := hmac.New(sha256.New, clientSecret)
	m.Write([]byte("1732012345." + body))
	want := "t=1732012345,s=" + hex.EncodeToString(m.Sum(nil))
	if got := Sign(clientSecret, []byte(body), time.Unix(1732012345, 0)); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"event":"authorization.removed","user_openid":"act.1","content":"{}"}`)
	now := receivedAt
	good := Sign(clientSecret, body, now)
	at := func(d time.Duration) string { return Sign(clientSecret, body, now.Add(d)) }
	t0, s0, _ := strings.Cut(good, ",")
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		want   error
	}{
		{"valid", clientSecret, good, body, nil},
		{"s before t", clientSecret, s0 + "," + t0, body, nil},
		{"spaces", clientSecret, t0 + ", " + s0, body, nil},
		{"extra key", clientSecret, good + ",v=2", body, nil},
		{"4 minutes late", clientSecret, at(-4 * time.Minute), body, nil},
		{"4 minutes early", clientSecret, at(4 * time.Minute), body, nil},
		{"stale", clientSecret, at(-5*time.Minute - time.Second), body, ErrSignatureStale},
		{"from the future", clientSecret, at(5*time.Minute + time.Second), body, ErrSignatureStale},
		{"time a day back", clientSecret, "t=" + strconv.FormatInt(now.Unix()-86400, 10) + "," + s0, body, ErrSignatureStale},
		{"time shifted by a second", clientSecret, strings.Replace(good, strings.TrimPrefix(t0, "t="), strconv.FormatInt(now.Unix()+1, 10), 1), body, ErrSignatureMismatch},
		{"tampered body", clientSecret, good, []byte(`{"event":"authorization.removed","user_openid":"act.2","content":"{}"}`), ErrSignatureMismatch},
		{"wrong secret", []byte("other"), good, body, ErrSignatureMismatch},
		{"missing header", clientSecret, "", body, ErrSignatureMissing},
		{"no time", clientSecret, s0, body, ErrSignatureMalformed},
		{"no signature", clientSecret, t0, body, ErrSignatureMalformed},
		{"empty signature", clientSecret, t0 + ",s=", body, ErrSignatureMalformed},
		{"two times", clientSecret, good + "," + t0, body, ErrSignatureMalformed},
		{"time not a number", clientSecret, "t=soon," + s0, body, ErrSignatureMalformed},
		{"negative time", clientSecret, "t=-1," + s0, body, ErrSignatureMalformed},
		{"bad hex", clientSecret, t0 + ",s=" + strings.Repeat("zz", 32), body, ErrSignatureMalformed},
		{"sha256 prefix", clientSecret, t0 + ",s=sha256=" + strings.TrimPrefix(s0, "s="), body, ErrSignatureMalformed},
		{"no secret", nil, good, body, inbound.ErrNoSecret},
	}
	for _, tt := range tests {
		verify := func(h http.Header) error { return Verify(tt.secret, h, tt.body, now) }
		inboundtest.Signature(t, tt.name, SignatureHeader, tt.header, verify, tt.want, refusals...)
	}
}

const openID = "-000hA3b9K2mQ7xYzLp4TnUvWq8RsE1fGdC"

var wantSamples = map[string][]relais.Interaction{
	"comment": {{
		Network: relais.TikTok, AccountID: openID, ID: "7439123456789012345", ParentID: "7438987654321098765", PostID: "7438987654321098765",
		Kind: relais.KindComment, Text: "Trop bon ce brunch 🥐 c'est où exactement ?", CreatedAt: time.Unix(1732012340, 0).UTC(), ReceivedAt: receivedAt,
	}},
	"reply": {{
		Network: relais.TikTok, AccountID: openID, ID: "7439125555555555555", ParentID: "7439123456789012345", PostID: "7438987654321098765",
		Kind: relais.KindReply, Text: "Rue Mercière, Lyon 2e !", CreatedAt: time.Unix(1732012990, 0).UTC(), ReceivedAt: receivedAt,
	}},
	"delete": {{
		Network: relais.TikTok, AccountID: openID, ID: "7439123456789012345", ParentID: "7438987654321098765", PostID: "7438987654321098765",
		Kind: relais.KindRemoval, Removed: true, CreatedAt: time.Unix(1732015990, 0).UTC(), ReceivedAt: receivedAt,
	}},
	"authorization-removed":   nil,
	"video-publish-completed": nil,
}

func TestParseSamples(t *testing.T) {
	for _, s := range inboundtest.Samples(t, relais.TikTok, slices.Collect(maps.Keys(wantSamples))) {
		t.Run(s.Name, func(t *testing.T) {
			got, err := Parse(s.Body, receivedAt)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			inboundtest.Equal(t, got, wantSamples[s.Name])
			inboundtest.Tampered(t, s.Body, func(b []byte) error {
				return Verify(clientSecret, signed(clientSecret, s.Body, receivedAt), b, receivedAt)
			})
		})
	}
}

func TestParseNoInteraction(t *testing.T) {
	event := func(name, content string) string {
		return `{"client_key":"k","event":"` + name + `","create_time":1,"user_openid":"act.1","content":` + content + `}`
	}
	tests := []struct{ name, body string }{
		{"upload failed", event("video.upload.failed", `"{\"share_id\":\"video.1.a\"}"`)},
		{"portability", event("portability.download.ready", `"{}"`)},
		{"unknown event with odd content", event("live.started", `"not json"`)},
		{"comment hidden", event("comment.update", `"{\"comment_id\":1,\"video_id\":2,\"comment_action\":\"set_to_hidden\"}"`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if err != nil || len(got) != 0 {
				t.Errorf("got %d interactions and %v, want none and no error", len(got), err)
			}
		})
	}
}

func TestParseIDs(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{`7439123456789012345`, "7439123456789012345"}, // beyond float64's exact integers
		{`"7439123456789012345"`, "7439123456789012345"},
		{`"\u0037\u0034"`, "74"},
	}
	for _, tt := range tests {
		content := `{"comment_id":` + tt.id + `,"video_id":2,"comment_action":"insert"}`
		body := `{"event":"comment.update","user_openid":"act.1","content":` + strconv.Quote(content) + `}`
		got, err := Parse([]byte(body), receivedAt)
		if err != nil || len(got) != 1 || got[0].ID != tt.want {
			t.Errorf("%s: got %+v and %v, want id %s", tt.id, got, err, tt.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	const secret = "S3cr3tPerson"
	comment := func(content string) string {
		return `{"event":"comment.update","create_time":1,"user_openid":"act.1","content":` + content + `}`
	}
	tests := []struct{ name, body string }{
		{"not JSON", `S3cr3tPerson`},
		{"no event", `{"user_openid":"act.1","content":"{}"}`},
		{"no user", `{"event":"authorization.removed","content":"{\"reason\":1}"}`},
		{"content an object", `{"event":"authorization.removed","user_openid":"act.1","content":{"reason":"S3cr3tPerson"}}`},
		{"content a number", `{"event":"video.publish.completed","user_openid":"act.1","content":7}`},
		{"comment content not JSON", comment(`"S3cr3tPerson"`)},
		{"comment content empty", comment(`""`)},
		{"comment without id", comment(`"{\"video_id\":2,\"comment_action\":\"insert\",\"text\":\"S3cr3tPerson\"}"`)},
		{"comment id a word", comment(`"{\"comment_id\":S3cr3tPerson}"`)},
		{"comment id a float", comment(`"{\"comment_id\":1.5,\"comment_action\":\"insert\"}"`)},
		{"comment id with #", comment(`"{\"comment_id\":\"1#2\",\"comment_action\":\"insert\"}"`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if relais.ErrorCode(err) != relais.EINVALID {
				t.Fatalf("got %d interactions and %v, want an invalid error", len(got), err)
			}
			if msg := err.Error(); strings.Contains(msg, secret) || !strings.HasPrefix(msg, "tiktok webhook: ") {
				t.Errorf("message %q: want a tiktok webhook reason that quotes nothing of the body", msg)
			}
		})
	}
}

func TestRevoked(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []relais.Revocation
	}{
		{"access removed", `{"event":"authorization.removed","user_openid":"act.1","content":"{\"reason\":1}"}`,
			[]relais.Revocation{{Network: Network, AccountID: "act.1"}}},
		{"another event", `{"event":"video.publish.completed","user_openid":"act.1","content":"{}"}`, nil},
		{"no account", `{"event":"authorization.removed","content":"{}"}`, nil},
		{"not JSON", `authorization.removed`, nil},
	}
	for _, tt := range tests {
		if got := Revoked([]byte(tt.body)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}
