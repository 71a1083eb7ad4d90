package threads

import (
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
	appSecret  = []byte("threads-app-secret")
	receivedAt = time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC)
)

func signed(secret, body []byte) http.Header {
	h := http.Header{}
	h.Set(SignatureHeader, Sign(secret, body))
	return h
}

func TestSign(t *testing.T) {
	// RFC 4231, test case 2.
	got := Sign([]byte("Jefe"), []byte("what do ya want for nothing?"))
	want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

var refusals = []error{ErrSignatureMissing, ErrSignatureMalformed, ErrSignatureMismatch, ErrNotDelivery}

func TestVerify(t *testing.T) {
	body := []byte(`{"topic":"moderate","values":{"field":"replies","value":{"text":"L\u00e9a"}}}`)
	good := Sign(appSecret, body)
	digest := strings.TrimPrefix(good, "sha256=")
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		want   error
	}{
		{"valid", appSecret, good, body, nil},
		{"uppercase hex", appSecret, "sha256=" + strings.ToUpper(digest), body, nil},
		{"re-encoded body", appSecret, good, []byte(strings.Replace(string(body), `\u00e9`, "é", 1)), ErrSignatureMismatch},
		{"wrong secret", []byte("other-secret"), good, body, ErrSignatureMismatch},
		{"missing header", appSecret, "", body, ErrSignatureMissing},
		{"no prefix", appSecret, digest, body, ErrSignatureMalformed},
		{"sha1", appSecret, "sha1=" + digest, body, ErrSignatureMalformed},
		{"short digest", appSecret, good[:len(good)-2], body, ErrSignatureMalformed},
		{"signed challenge", appSecret, Sign(appSecret, []byte("1158201444")), []byte("1158201444"), ErrNotDelivery},
		{"no secret", nil, good, body, inbound.ErrNoSecret},
	}
	for _, tt := range tests {
		verify := func(h http.Header) error { return Verify(tt.secret, h, tt.body, receivedAt) }
		inboundtest.Signature(t, tt.name, SignatureHeader, tt.header, verify, tt.want, refusals...)
	}
}

func TestHandshake(t *testing.T) {
	const token = "relais-threads-verify"
	q := func(mode, tok, challenge string) url.Values {
		return url.Values{"hub.mode": {mode}, "hub.verify_token": {tok}, "hub.challenge": {challenge}}
	}
	tests := []struct {
		name       string
		configured string
		query      url.Values
		wantStatus int
	}{
		{"subscribe", token, q("subscribe", token, "1158201444"), http.StatusOK},
		{"wrong token", token, q("subscribe", "guess", "1158201444"), http.StatusForbidden},
		{"wrong mode", token, q("unsubscribe", token, "1158201444"), http.StatusForbidden},
		{"markup challenge", token, q("subscribe", token, "<script>"), http.StatusForbidden},
		{"no token configured", "", q("subscribe", "", "1158201444"), http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Through the spec, as the webhook function calls it.
			status, _, body := Spec.Webhook.Handshake("ignored-secret", tt.configured, tt.query)
			if status != tt.wantStatus {
				t.Errorf("status: got %d, want %d", status, tt.wantStatus)
			}
			if status == http.StatusOK && string(body) != "1158201444" {
				t.Errorf("body: got %q, want the challenge", body)
			}
			if status != http.StatusOK && strings.Contains(string(body), token) {
				t.Errorf("refusal %q holds the verify token", body)
			}
		})
	}
}

const (
	cafe     = "17841409876543210"
	cafePost = "18047812345678901"
	leaReply = "18312345678901234"
)

var (
	lea  = relais.Author{Name: "lea.martin"}
	hugo = relais.Author{Name: "hugo_b"}
)

// wantSamples is the normalised form of every sample delivery, by file
// name.
var wantSamples = map[string][]relais.Interaction{
	"reply": {{
		Network: Network, AccountID: cafe, ID: leaReply, ParentID: cafePost, PostID: cafePost,
		Kind: relais.KindComment, Author: lea, Text: "Trop bon le brunch de dimanche 😍 vous le refaites ?",
		CreatedAt: time.Date(2026, 11, 19, 10, 33, 16, 0, time.UTC), ReceivedAt: receivedAt,
	}},
	"nested-reply": {{
		Network: Network, AccountID: cafe, ID: "18398765432109876", ParentID: leaReply, PostID: cafePost,
		Kind: relais.KindReply, Author: hugo, Text: "Je confirme, à refaire !",
		CreatedAt: time.Date(2026, 11, 19, 10, 41, 2, 0, time.UTC), ReceivedAt: receivedAt,
	}},
	// The account's own answer, written from the Threads app: by the
	// account, so that Relais records it.
	"own-reply": {{
		Network: Network, AccountID: cafe, ID: "18411122233344455", ParentID: leaReply, PostID: cafePost,
		Kind: relais.KindReply, Author: relais.Author{ID: cafe, Name: "cafedesarts"}, Text: "Oui Léa, dimanche prochain de 10h à 14h ☀️",
		CreatedAt: time.Date(2026, 11, 19, 10, 52, 40, 0, time.UTC), ReceivedAt: receivedAt,
	}},
	"mention": {{
		Network: Network, AccountID: cafe, ID: "18099988877766655", PostID: "18099988877766655",
		Kind: relais.KindMention, Author: relais.Author{Name: "chloe.petit"}, Text: "Le meilleur café du quartier, chez @cafedesarts ☕",
		CreatedAt: time.Date(2026, 11, 19, 11, 5, 9, 0, time.UTC), ReceivedAt: receivedAt,
	}},
	// The account's own post is no interaction.
	"publish": nil,
}

func TestParseSamples(t *testing.T) {
	for _, s := range inboundtest.Samples(t, Network, slices.Collect(maps.Keys(wantSamples))) {
		t.Run(s.Name, func(t *testing.T) {
			// Through the spec, as the webhook function calls them.
			got, err := Spec.Webhook.Parse(s.Body, receivedAt)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			inboundtest.Equal(t, got, wantSamples[s.Name])
			h := http.Header{Spec.Webhook.Header: {Spec.Webhook.Sign(appSecret, s.Body, receivedAt)}}
			inboundtest.Tampered(t, s.Body, func(b []byte) error {
				return Spec.Webhook.Verify(appSecret, h, b, receivedAt)
			})
		})
	}
}

// TestParseShapes covers what the samples do not: a list of values, ids
// as numbers, a missing time, a reply without replied_to.
func TestParseShapes(t *testing.T) {
	const reply = `{"field":"replies","value":{"id":"2","username":"u","text":"t","replied_to":{"id":"1"},"root_post":{"id":"1","owner_id":"9","username":"me"}}}`
	tests := []struct {
		name string
		body string
		want []relais.Interaction
	}{
		{"values as a list", `{"topic":"moderate","target_id":"1","time":1795084397,"values":[` + reply + `,` + reply + `]}`, []relais.Interaction{
			{Network: Network, AccountID: "9", ID: "2", ParentID: "1", PostID: "1", Kind: relais.KindComment, Author: relais.Author{Name: "u"}, Text: "t", CreatedAt: time.Unix(1795084397, 0).UTC(), ReceivedAt: receivedAt},
			{Network: Network, AccountID: "9", ID: "2", ParentID: "1", PostID: "1", Kind: relais.KindComment, Author: relais.Author{Name: "u"}, Text: "t", CreatedAt: time.Unix(1795084397, 0).UTC(), ReceivedAt: receivedAt},
		}},
		{"numeric ids, no time", `{"topic":"moderate","values":{"field":"replies","value":{"id":2,"root_post":{"id":1,"owner_id":9}}}}`, []relais.Interaction{
			{Network: Network, AccountID: "9", ID: "2", ParentID: "1", PostID: "1", Kind: relais.KindComment, CreatedAt: receivedAt, ReceivedAt: receivedAt},
		}},
		{"mention in a reply", `{"topic":"interaction","target_id":9,"values":{"field":"mentions","value":{"id":"3","username":"u","is_reply":true,"replied_to":{"id":"2"},"root_post":{"id":"1"},"timestamp":"2026-11-19T10:33:16Z"}}}`, []relais.Interaction{
			{Network: Network, AccountID: "9", ID: "3", ParentID: "2", PostID: "1", Kind: relais.KindMention, Author: relais.Author{Name: "u"}, CreatedAt: time.Date(2026, 11, 19, 10, 33, 16, 0, time.UTC), ReceivedAt: receivedAt},
		}},
		{"delete", `{"topic":"moderate","target_id":"1","values":{"field":"delete","value":{"id":"1","owner":{"owner_id":"9"},"deleted_at":"2026-11-19T10:33:16+0000"}}}`, nil},
		{"unknown field", `{"topic":"moderate","values":{"field":"likes","value":{"id":[1]}}}`, nil},
		{"no values", `{"topic":"moderate","target_id":"1"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			inboundtest.Equal(t, got, tt.want)
		})
	}
}

func TestParseRejects(t *testing.T) {
	// secret stands for personal data in the body, which no error may
	// quote.
	const secret = "S3cr3tPerson"
	tests := []struct{ name, body string }{
		{"not JSON", `S3cr3tPerson`},
		{"truncated", `{"values":{"field":"replies","value":{"text":"S3cr3tPerson"`},
		{"array", `["S3cr3tPerson"]`},
		{"values not an object", `{"values":"S3cr3tPerson"}`},
		{"reply without root post", `{"values":{"field":"replies","value":{"id":"2","text":"S3cr3tPerson","replied_to":{"id":"1"}}}}`},
		{"reply without owner", `{"values":{"field":"replies","value":{"id":"2","text":"S3cr3tPerson","root_post":{"id":"1"}}}}`},
		{"reply without id", `{"values":{"field":"replies","value":{"text":"S3cr3tPerson","root_post":{"id":"1","owner_id":"9"}}}}`},
		{"mention without target", `{"values":{"field":"mentions","value":{"id":"3","text":"S3cr3tPerson"}}}`},
		{"id of the wrong type", `{"values":{"field":"replies","value":{"id":{"S3cr3tPerson":1}}}}`},
		{"text not a string", `{"values":{"field":"replies","value":{"id":"2","text":["S3cr3tPerson"]}}}`},
		{"bad timestamp", `{"values":{"field":"replies","value":{"id":"2","timestamp":"S3cr3tPerson"}}}`},
		{"bad time", `{"time":"S3cr3tPerson","values":[]}`},
		{"id with #", `{"values":{"field":"replies","value":{"id":"2#S3cr3tPerson","root_post":{"id":"1","owner_id":"9"}}}}`},
		{"account with space", `{"target_id":"9 S3cr3tPerson","values":{"field":"mentions","value":{"id":"3"}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if relais.ErrorCode(err) != relais.EINVALID {
				t.Fatalf("got %d interactions and %v, want an invalid error", len(got), err)
			}
			if msg := err.Error(); strings.Contains(msg, secret) || !strings.HasPrefix(msg, "threads webhook: ") {
				t.Errorf("message %q: want a threads webhook reason that quotes nothing of the body", msg)
			}
		})
	}
}
