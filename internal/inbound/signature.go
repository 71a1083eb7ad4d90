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
	// The refusals, unauthorized errors safe to log and to answer with:
	// none holds the secret, the expected digest or the header's value.
	Missing, Malformed, Mismatch *relais.Error
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
	}
}

// Sign returns the header value for a message made of parts, run
// together.
func (s *Scheme) Sign(secret []byte, parts ...[]byte) string {
	sum := mac(secret, parts)
	if s.enc == Base64 {
		return s.prefix + base64.StdEncoding.EncodeToString(sum)
	}
	return s.prefix + hex.EncodeToString(sum)
}

// Check compares a header value with the HMAC of parts in constant time.
// An empty value is Missing; a value without the prefix or with a digest
// that does not decode to 32 bytes is Malformed.
func (s *Scheme) Check(secret []byte, value string, parts ...[]byte) error {
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
	if !hmac.Equal(got, mac(secret, parts)) {
		return s.Mismatch
	}
	return nil
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

func mac(secret []byte, parts [][]byte) []byte {
	m := hmac.New(sha256.New, secret)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}
