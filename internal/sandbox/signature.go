package sandbox

import (
	"github.com/relais-dev/relais/internal/inbound"
)

var scheme = inbound.NewScheme("sandbox", SignatureHeader, "sha256=", inbound.Hex, "sha256=<64 hex digits>")

// Reasons Verify refuses a delivery. They are unauthorized errors, whose
// messages are safe to send back to the caller.
var (
	ErrSignatureMissing   = scheme.Missing
	ErrSignatureMalformed = scheme.Malformed
	ErrSignatureMismatch  = scheme.Mismatch
)

// Sign returns the signature header value of a webhook body:
// sha256=<lowercase hex HMAC-SHA256 of the raw body under the secret>.
func Sign(secret, body []byte) string { return scheme.Sign(secret, body) }

// Verify checks a signature header value against the raw body, as it
// arrived: re-encoding the body would change its bytes.
func Verify(secret []byte, header string, body []byte) error {
	return scheme.Check(secret, header, body)
}
