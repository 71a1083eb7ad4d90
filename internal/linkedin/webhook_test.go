package linkedin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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
	clientSecret = []byte("linkedin-client-secret")
	receivedAt   = time.Date(2024, 11, 19, 12, 0, 0, 0, time.UTC)
	refusals     = []error{ErrSignatureMissing, ErrSignatureMalformed, ErrSignatureMismatch, ErrNotDelivery}
)

func signed(secret, body []byte) http.Header {
	h := http.Header{}
	h.Set(SignatureHeader, Sign(secret, body))
	return h
}

// hmacHex is the documented computation, written out to check Sign.
func hmacHex(key, msg string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func TestSign(t *testing.T) {
	body := `{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[]}`
	if got, want := Sign(clientSecret, []byte(body)), hmacHex(string(clientSecret), "hmacsha256="+body); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[]}`)
	good := Sign(clientSecret, body)
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		want   error
	}{
		{"valid", clientSecret, good, body, nil},
		{"valid with prefix", clientSecret, "hmacsha256=" + good, body, nil},
		{"uppercase hex", clientSecret, strings.ToUpper(good), body, nil},
		{"body alone signed", clientSecret, hmacHex(string(clientSecret), string(body)), body, ErrSignatureMismatch},
		{"tampered body", clientSecret, good, []byte(`{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[{}]}`), ErrSignatureMismatch},
		{"wrong secret", []byte("other"), good, body, ErrSignatureMismatch},
		{"missing header", clientSecret, "", body, ErrSignatureMissing},
		{"prefix only", clientSecret, "hmacsha256=", body, ErrSignatureMalformed},
		{"other prefix", clientSecret, "sha256=" + good, body, ErrSignatureMalformed},
		{"bad hex", clientSecret, strings.Repeat("zz", 32), body, ErrSignatureMalformed},
		{"short digest", clientSecret, good[:62], body, ErrSignatureMalformed},
		{"no secret", nil, good, body, inbound.ErrNoSecret},
	}
	for _, tt := range tests {
		verify := func(h http.Header) error { return Verify(tt.secret, h, tt.body, receivedAt) }
		inboundtest.Signature(t, tt.name, SignatureHeader, tt.header, verify, tt.want, refusals...)
	}
}

func TestHandshake(t *testing.T) {
	const code = "890e4f8e-5b3d-4c22-9a1f-2b7c7a1e0a5d"
	tests := []struct {
		name       string
		secret     []byte
		query      url.Values
		wantStatus int
	}{
		{"challenge", clientSecret, url.Values{"challengeCode": {code}}, http.StatusOK},
		{"challenge with application id", clientSecret, url.Values{"challengeCode": {code}, "applicationId": {"77"}}, http.StatusOK},
		{"no code", clientSecret, url.Values{}, http.StatusBadRequest},
		{"markup code", clientSecret, url.Values{"challengeCode": {`"><script>`}}, http.StatusBadRequest},
		{"no secret", nil, url.Values{"challengeCode": {code}}, http.StatusInternalServerError},
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
			var got struct{ ChallengeCode, ChallengeResponse string }
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			want := hmacHex(string(clientSecret), code)
			if got.ChallengeCode != code || got.ChallengeResponse != want {
				t.Errorf("got %+v, want code %s and response %s", got, code, want)
			}
		})
	}
}

const (
	org      = "urn:li:organization:2414183"
	share1   = "urn:li:share:7264539876543210496"
	comment1 = "urn:li:comment:(urn:li:activity:7264539876543210496,7264541234567890123)"
	comment2 = "urn:li:comment:(urn:li:activity:7264539876543210496,7264545555555555555)"
)

func millis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

var wantSamples = map[string][]relais.Interaction{
	// The like that follows the comment is skipped.
	"comment": {{
		Network: relais.LinkedIn, AccountID: org, ID: comment1, ParentID: share1, PostID: share1,
		Kind: relais.KindComment, Author: relais.Author{ID: "urn:li:person:aBcD3fGh1J"},
		Text: "Super nouvelle, je partage à mon réseau 👏", CreatedAt: millis(1732012340123), ReceivedAt: receivedAt,
	}},
	// A member's reply, then the organization's answer to it.
	"reply": {
		{
			Network: relais.LinkedIn, AccountID: org, ID: comment2, ParentID: comment1, PostID: share1,
			Kind: relais.KindReply, Author: relais.Author{ID: "urn:li:person:Qw3rTy7UiO"},
			Text: "Le poste est-il ouvert aux alternants ?", CreatedAt: millis(1732013000000), ReceivedAt: receivedAt,
		},
		{
			Network: relais.LinkedIn, AccountID: org, ID: "urn:li:comment:(urn:li:activity:7264539876543210496,7264546666666666666)",
			ParentID: comment2, PostID: share1, Kind: relais.KindReply, Author: relais.Author{ID: org},
			Text: "Oui, écrivez-nous en message privé.", CreatedAt: millis(1732013600000), ReceivedAt: receivedAt,
		},
	},
	"mention": {{
		Network: relais.LinkedIn, AccountID: org, ID: "urn:li:share:7264550000000000001", PostID: "urn:li:share:7264550000000000001",
		Kind: relais.KindMention, Author: relais.Author{ID: "urn:li:person:aBcD3fGh1J"},
		Text: "Merci à Café des Arts pour l'accueil de notre meetup tech hier soir ☕", CreatedAt: millis(1732020000000), ReceivedAt: receivedAt,
	}},
	// The edit carries the id of the comment it changes.
	"edit": {{
		Network: relais.LinkedIn, AccountID: org, ID: comment1, PostID: share1,
		Kind: relais.KindEdit, Author: relais.Author{ID: "urn:li:person:aBcD3fGh1J"},
		Text: "Super nouvelle, je partage à tout mon réseau 👏👏", CreatedAt: millis(1732014800000), EditedAt: millis(1732014800000), ReceivedAt: receivedAt,
	}},
	"delete": {{
		Network: relais.LinkedIn, AccountID: org, ID: comment2, PostID: share1, Kind: relais.KindRemoval, Removed: true,
		CreatedAt: millis(1732016000000), ReceivedAt: receivedAt,
	}},
}

func TestParseSamples(t *testing.T) {
	for _, s := range inboundtest.Samples(t, relais.LinkedIn, slices.Collect(maps.Keys(wantSamples))) {
		t.Run(s.Name, func(t *testing.T) {
			got, err := Parse(s.Body, receivedAt)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			inboundtest.Equal(t, got, wantSamples[s.Name])
			inboundtest.Tampered(t, s.Body, func(b []byte) error {
				return Verify(clientSecret, signed(clientSecret, s.Body), b, receivedAt)
			})
		})
	}
}

// TestParseIDsFollowTheComment checks the id choice: the edit and the
// deletion of a comment carry the id of the comment they change, which
// each notification's own notificationId could not give.
func TestParseIDsFollowTheComment(t *testing.T) {
	id := func(name string, i int) string {
		for _, s := range inboundtest.Samples(t, relais.LinkedIn, slices.Collect(maps.Keys(wantSamples))) {
			if s.Name == name {
				got, err := Parse(s.Body, receivedAt)
				if err != nil {
					t.Fatal(err)
				}
				return got[i].ID
			}
		}
		return ""
	}
	if c, e := id("comment", 0), id("edit", 0); c != e {
		t.Errorf("edit: got id %s, want the comment's %s", e, c)
	}
	if r, d := id("reply", 0), id("delete", 0); r != d {
		t.Errorf("delete: got id %s, want the reply's %s", d, r)
	}
}

func TestParseActions(t *testing.T) {
	notification := func(action, decorated string) string {
		return `{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[{"organizationalEntity":"urn:li:organization:1","action":"` + action +
			`","sourcePost":"urn:li:share:2","generatedActivity":"urn:li:comment:(urn:li:activity:2,3)","decoratedGeneratedActivity":` + decorated + `,"lastModifiedAt":1732000000000}]}`
	}
	tests := []struct {
		name   string
		body   string
		want   relais.InteractionKind // "" for none
		parent string
	}{
		{"comment", notification("COMMENT", `{"comment":{"owner":"urn:li:person:p","text":"t"}}`), relais.KindComment, "urn:li:share:2"},
		{"comment mention", notification("COMMENT_MENTION", `{"comment":{"owner":"urn:li:person:p","text":"t"}}`), relais.KindMention, "urn:li:share:2"},
		{"undecorated edit", notification("COMMENT_EDIT", `{}`), relais.KindEdit, ""},
		{"like", notification("LIKE", `{}`), "", ""},
		{"reshare", notification("SHARE", `{"share":{"owner":"urn:li:person:p"}}`), "", ""},
		{"unknown action", notification("CELEBRATE", `{}`), "", ""},
		{"no type", `{"notifications":[]}`, "", ""},
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
			if len(got) != 1 || got[0].Kind != tt.want || got[0].ParentID != tt.parent {
				t.Errorf("got %+v, want one %s with parent %q", got, tt.want, tt.parent)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	const secret = "S3cr3tPerson"
	tests := []struct{ name, body string }{
		{"not JSON", `S3cr3tPerson`},
		{"other type", `{"type":"LEAD_ACTION","leadGenFormResponse":"S3cr3tPerson"}`},
		{"notifications not a list", `{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":"S3cr3tPerson"}`},
		{"no organization", `{"notifications":[{"action":"COMMENT","generatedActivity":"urn:li:comment:(urn:li:activity:2,3)"}]}`},
		{"no activity", `{"notifications":[{"organizationalEntity":"urn:li:organization:1","action":"COMMENT","decoratedGeneratedActivity":{"comment":{"text":"S3cr3tPerson"}}}]}`},
		{"time as text", `{"notifications":[{"organizationalEntity":"urn:li:organization:1","action":"COMMENT","lastModifiedAt":"S3cr3tPerson"}]}`},
		{"organization with space", `{"notifications":[{"organizationalEntity":"urn:li:organization:1 2","action":"COMMENT","generatedActivity":"urn:li:comment:(urn:li:activity:2,3)"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if relais.ErrorCode(err) != relais.EINVALID {
				t.Fatalf("got %d interactions and %v, want an invalid error", len(got), err)
			}
			if msg := err.Error(); strings.Contains(msg, secret) || !strings.HasPrefix(msg, "linkedin webhook: ") {
				t.Errorf("message %q: want a linkedin webhook reason that quotes nothing of the body", msg)
			}
		})
	}
}
