package sandbox

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// signaturePrefix starts the value of the signature header.
const signaturePrefix = "sha256="

// Reasons Verify refuses a delivery. They are unauthorized errors, whose
// messages are safe to send back to the caller.
var (
	ErrSignatureMissing   = relais.Errorf(relais.EUNAUTHORIZED, "sandbox webhook: the "+SignatureHeader+" header is missing")
	ErrSignatureMalformed = relais.Errorf(relais.EUNAUTHORIZED, "sandbox webhook: the "+SignatureHeader+" header is not sha256=<64 hex digits>")
	ErrSignatureMismatch  = relais.Errorf(relais.EUNAUTHORIZED, "sandbox webhook: the signature does not match the body")
)

// errNoSecret is a configuration fault, not the caller's: an HMAC under an
// empty key proves nothing.
var errNoSecret = errors.New("sandbox webhook: no webhook secret configured")

// Sign returns the signature header value of a webhook body:
// sha256=<lowercase hex HMAC-SHA256 of the raw body under the secret>.
func Sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a signature header value against the raw body, as it
// arrived: re-encoding the body would change its bytes.
func Verify(secret []byte, header string, body []byte) error {
	if len(secret) == 0 {
		return errNoSecret
	}
	if header == "" {
		return ErrSignatureMissing
	}
	digest, ok := strings.CutPrefix(header, signaturePrefix)
	if !ok {
		return ErrSignatureMalformed
	}
	got, err := hex.DecodeString(digest)
	if err != nil || len(got) != sha256.Size {
		return ErrSignatureMalformed
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrSignatureMismatch
	}
	return nil
}
