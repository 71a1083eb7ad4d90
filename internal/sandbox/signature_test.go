package sandbox

import (
	"errors"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestSign(t *testing.T) {
	// RFC 4231, test case 2.
	got := Sign([]byte("Jefe"), []byte("what do ya want for nothing?"))
	want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	secret := []byte("webhook-secret")
	body := []byte(`{"deliveryId":"dlv_1","message":"caf\u00e9"}`)
	good := Sign(secret, body)
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		want   error
	}{
		{"valid", secret, good, body, nil},
		{"uppercase hex", secret, "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), body, nil},
		{"tampered body", secret, good, []byte(`{"deliveryId":"dlv_1","message":"cafe"}`), ErrSignatureMismatch},
		{"wrong secret", []byte("other-secret"), good, body, ErrSignatureMismatch},
		{"missing header", secret, "", body, ErrSignatureMissing},
		{"no prefix", secret, strings.TrimPrefix(good, "sha256="), body, ErrSignatureMalformed},
		{"sha1", secret, "sha1=" + strings.TrimPrefix(good, "sha256="), body, ErrSignatureMalformed},
		{"bad hex", secret, "sha256=" + strings.Repeat("zz", 32), body, ErrSignatureMalformed},
		{"short digest", secret, good[:len(good)-2], body, ErrSignatureMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Verify(tt.secret, tt.header, tt.body); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if tt.want != nil && relais.ErrorCode(tt.want) != relais.EUNAUTHORIZED {
				t.Errorf("code: got %q, want %q", relais.ErrorCode(tt.want), relais.EUNAUTHORIZED)
			}
		})
	}
	err := Verify(nil, good, body)
	if err == nil || errors.Is(err, ErrSignatureMismatch) || relais.ErrorCode(err) != relais.EINTERNAL {
		t.Errorf("empty secret: got %v, want an internal error", err)
	}
}
