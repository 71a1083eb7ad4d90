package inbound

import (
	"errors"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestSchemeSign(t *testing.T) {
	// RFC 4231, test case 2, in both encodings and split into parts.
	before, body := []byte("what do ya want "), []byte("for nothing?")
	tests := []struct {
		enc  Encoding
		want string
	}{
		{Hex, "p=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
		{Base64, "p=W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="},
	}
	for _, tt := range tests {
		s := NewScheme("test", "X-Sig", "p=", tt.enc, "p=<digest>")
		if got := s.Sign([]byte("Jefe"), body, before); got != tt.want {
			t.Errorf("encoding %d: got %s, want %s", tt.enc, got, tt.want)
		}
	}
}

func TestSchemeCheck(t *testing.T) {
	s := NewScheme("test", "X-Sig", "p=", Hex, "p=<64 hex digits>")
	secret, body := []byte("secret"), []byte(` {"a":1}`)
	good := s.Sign(secret, body)
	scalar := []byte("1158201444")
	tests := []struct {
		name   string
		secret []byte
		value  string
		body   []byte
		want   error
	}{
		{"valid", secret, good, body, nil},
		// A challenge's answer is a valid HMAC of it, yet no delivery.
		{"signed scalar", secret, s.Sign(secret, scalar), scalar, s.NotObject},
		{"signed empty body", secret, s.Sign(secret, nil), nil, s.NotObject},
		{"no secret", nil, good, body, ErrNoSecret},
		{"missing", secret, "", body, s.Missing},
		{"no prefix", secret, strings.TrimPrefix(good, "p="), body, s.Malformed},
		{"prefix only", secret, "p=", body, s.Malformed},
		{"short", secret, "p", body, s.Malformed},
		{"mismatch", []byte("other"), good, body, s.Mismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Check(tt.secret, tt.value, tt.body); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if code := relais.ErrorCode(s.Mismatch); code != relais.EUNAUTHORIZED {
		t.Errorf("mismatch code: got %s, want %s", code, relais.EUNAUTHORIZED)
	}
}

func TestDecode(t *testing.T) {
	type shape struct {
		List []string `json:"list"`
		When custom   `json:"when"`
	}
	tests := []struct{ body, want string }{
		{`{"list":["a"]}`, ""},
		{`Personal`, "not JSON"},
		{`{"list":["Personal"`, "not JSON"},
		{`{"list":"Personal"}`, "field list has the wrong type"},
		{`"Personal"`, "not a JSON object of the expected shape"},
		{`{"when":"Personal"}`, "when is wrong"},
	}
	for _, tt := range tests {
		var v shape
		err := Decode([]byte(tt.body), &v)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.body, got, tt.want)
		}
	}
}

type custom struct{}

func (*custom) UnmarshalJSON([]byte) error { return Reason("when is wrong") }

func TestCheck(t *testing.T) {
	ok := relais.Interaction{Network: relais.X, AccountID: "1", ID: "2", ParentID: "3", PostID: "4"}
	tests := []struct {
		name string
		edit func(*relais.Interaction)
		ok   bool
	}{
		{"valid", func(*relais.Interaction) {}, true},
		{"no id", func(in *relais.Interaction) { in.ID = "" }, false},
		{"no account", func(in *relais.Interaction) { in.AccountID = "" }, false},
		{"account with #", func(in *relais.Interaction) { in.AccountID = "1#2" }, false},
		{"account with newline", func(in *relais.Interaction) { in.AccountID = "1\n" }, false},
		{"id with #", func(in *relais.Interaction) { in.ID = "2#" }, false},
		{"parent with #", func(in *relais.Interaction) { in.ParentID = "#" }, false},
		{"conversation with #", func(in *relais.Interaction) { in.Conversation = "#" }, false},
		{"post with #", func(in *relais.Interaction) { in.PostID = "4#4" }, false},
	}
	for _, tt := range tests {
		in := ok
		tt.edit(&in)
		err := Check(in)
		if (err == nil) != tt.ok {
			t.Errorf("%s: got %v, want ok %v", tt.name, err, tt.ok)
		}
		var r Reason
		if err != nil && (!errors.As(err, &r) || strings.Contains(err.Error(), "#2")) {
			t.Errorf("%s: got %v, want a Reason that quotes no id", tt.name, err)
		}
	}
}

func TestChallenge(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"1158201444", true},
		{"890e4f8e-5b3d-4c22-9a1f-2b7c7a1e0a5d", true},
		{"a_B", true},
		{"bG9yZW0+aXBzdW0/Lw==", true},
		{strings.Repeat("1", 128), true},
		{"{}", false},
		{"1\n", false},
		{"", false},
		{strings.Repeat("1", 129), false},
		{`"><script>`, false},
		{"1 2", false},
		{"é", false},
	}
	for _, tt := range tests {
		if got := Challenge(tt.s); got != tt.want {
			t.Errorf("%q: got %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestSignChallengeNeverSignsADelivery checks the scheme's promise from
// both ends: what SignChallenge signs, Check refuses as a body.
func TestSignChallengeNeverSignsADelivery(t *testing.T) {
	s := NewScheme("test", "X-Sig", "sha256=", Base64, "sha256=<digest>")
	secret := []byte("secret")
	tests := []struct {
		challenge string
		signed    bool
	}{
		{"crc-token-1", true},
		{"1158201444", true},
		{`{"for_user_id":"1"}`, false},
		{" {}", false},
		{"", false},
		{strings.Repeat("a", 129), false},
	}
	for _, tt := range tests {
		answer, ok := s.SignChallenge(secret, tt.challenge)
		if ok != tt.signed {
			t.Errorf("%.20q: signed %v, want %v", tt.challenge, ok, tt.signed)
		}
		if !ok {
			continue
		}
		if got := s.Check(secret, answer, []byte(tt.challenge)); got != s.NotObject {
			t.Errorf("%.20q: its answer as a delivery signature: got %v, want %v", tt.challenge, got, s.NotObject)
		}
	}
}
