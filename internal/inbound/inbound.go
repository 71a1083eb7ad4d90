// Package inbound holds what the networks' webhook receivers share: the
// HMAC-SHA256 signature schemes they verify, the decoding of a delivery
// into a reason safe to log, and the checks every normalised interaction
// passes before it reaches the store.
//
// Each network package (meta, x, linkedin, tiktok) exports Verify, Parse
// and Sign built on it, so that these checks are written once.
package inbound

import (
	"encoding/json"
	"errors"
	"strings"
)

// Reason is why a delivery is refused, in words that quote none of it.
// The networks' custom JSON decoders return one, and Decode passes it on.
type Reason string

func (r Reason) Error() string { return string(r) }

// Decode unmarshals a delivery body into v. Its error is a short Reason
// that never quotes the body: json's own messages can carry a piece of it
// ("invalid character 'x' ..."), and deliveries hold personal data.
func Decode(body []byte, v any) error {
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var reason Reason
	switch {
	case errors.As(err, &syntax):
		return Reason("not JSON")
	case errors.As(err, &reason):
		return reason
	case errors.As(err, &typ) && typ.Field != "":
		// Field is a path of the decoder's own json names, not body text.
		return Reason("field " + typ.Field + " has the wrong type")
	default:
		return Reason("not a JSON object of the expected shape")
	}
}

// MaxChallenge is the longest subscription challenge Relais answers.
const MaxChallenge = 128

// Challenge reports whether a subscription challenge may be answered: at
// most MaxChallenge letters, digits, '-', '_', '+', '/' or '=', which
// covers Meta's digits, LinkedIn's UUIDs and X's base64 CRC tokens. The
// alphabet has no '{', so no challenge is ever a delivery (see Scheme),
// and no markup or quotes, so an answer reflects none and can be written
// into JSON as it is.
func Challenge(s string) bool {
	if s == "" || len(s) > MaxChallenge {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("-_+/=", c) >= 0) {
			return false
		}
	}
	return true
}
