package inbound

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"

	"github.com/relais-dev/relais/internal/relais"
)

// Encoding is how a network writes a digest in its signature header.
type Encoding int

const (
	Hex Encoding = iota
	Base64
)

// ErrNoSecret is a configuration fault, not the caller's: an HMAC under an
// empty key proves nothing. It is no domain error, so the edge treats it
// as internal.
var ErrNoSecret = errors.New("webhook: no webhook secret configured")

// Scheme is how one network signs its deliveries: an HMAC-SHA256 under
// the app's secret, written with an optional prefix in one header.
type Scheme struct {
	prefix string
	enc    Encoding
	// The refusals, safe to log and to answer with: none holds the
	// secret, the expected digest or the header's value. NotObject is an
	// invalid delivery, the others unauthorized.
	Missing, Malformed, Mismatch, NotObject *relais.Error
}

// NewScheme returns the scheme of network (named as in its error
// messages) and its refusals. format describes a well-formed header value.
func NewScheme(network, header, prefix string, enc Encoding, format string) *Scheme {
	return &Scheme{
		prefix:    prefix,
		enc:       enc,
		Missing:   relais.Errorf(relais.EUNAUTHORIZED, "%s webhook: the %s header is missing", network, header),
		Malformed: relais.Errorf(relais.EUNAUTHORIZED, "%s webhook: the %s header is not %s", network, header, format),
		Mismatch:  relais.Errorf(relais.EUNAUTHORIZED, "%s webhook: the signature does not match the body", network),
		NotObject: relais.Errorf(relais.EINVALID, "%s webhook: the body is not a JSON object, so it is no delivery", network),
	}
}

// A handshake's MAC must never verify a delivery, or the handshake would
// sign forgeries for whoever asks. The two never cover the same bytes:
// SignChallenge signs only strings of the Challenge alphabet, which has no
// '{', and Check accepts only bodies that are JSON objects, which open
// with one. Every signed message ends with the body, so a prefix the
// network signs before it cannot bridge the gap either.

// Sign returns the header value for a delivery body, signed after the
// parts the network puts before it.
func (s *Scheme) Sign(secret, body []byte, before ...[]byte) string {
	return s.encode(mac(secret, before, body))
}

// SignChallenge returns the handshake answer for a challenge, or false
// when the challenge is not of the Challenge alphabet and must be refused.
func (s *Scheme) SignChallenge(secret []byte, challenge string) (string, bool) {
	if !Challenge(challenge) {
		return "", false
	}
	return s.encode(mac(secret, nil, []byte(challenge))), true
}

func (s *Scheme) encode(sum []byte) string {
	if s.enc == Base64 {
		return s.prefix + base64.StdEncoding.EncodeToString(sum)
	}
	return s.prefix + hex.EncodeToString(sum)
}

// Check compares a header value with the HMAC of body, after the parts
// signed before it, in constant time. An empty value is Missing; a value
// without the prefix or with a digest that does not decode to 32 bytes is
// Malformed; a body that is not a JSON object is NotObject even under its
// valid signature.
func (s *Scheme) Check(secret []byte, value string, body []byte, before ...[]byte) error {
	if len(secret) == 0 {
		return ErrNoSecret
	}
	if value == "" {
		return s.Missing
	}
	if len(value) < len(s.prefix) || value[:len(s.prefix)] != s.prefix {
		return s.Malformed
	}
	got, ok := s.decode(value[len(s.prefix):])
	if !ok {
		return s.Malformed
	}
	if !hmac.Equal(got, mac(secret, before, body)) {
		return s.Mismatch
	}
	if !IsObject(body) {
		return s.NotObject
	}
	return nil
}

// IsObject reports whether body opens as a JSON object, after JSON's
// whitespace: the only bodies Check verifies.
func IsObject(body []byte) bool {
	for _, c := range body {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return c == '{'
	}
	return false
}

func (s *Scheme) decode(digest string) ([]byte, bool) {
	var got []byte
	var err error
	if s.enc == Base64 {
		got, err = base64.StdEncoding.DecodeString(digest)
	} else {
		got, err = hex.DecodeString(digest)
	}
	return got, err == nil && len(got) == sha256.Size
}

// mac is the HMAC-SHA256 of the parts and then last, run together.
func mac(secret []byte, parts [][]byte, last []byte) []byte {
	m := hmac.New(sha256.New, secret)
	for _, p := range parts {
		m.Write(p)
	}
	m.Write(last)
	return m.Sum(nil)
}
