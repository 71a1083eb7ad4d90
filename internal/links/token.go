package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// A token is "v1.<claims>.<signature>": the link's claims as JSON and
// their HMAC-SHA256 under the deployment's key, both base64url without
// padding, so that the token is URL-safe. It carries nothing secret: the
// client, period and format it names are those of the report it opens.
const (
	tokenVersion = "v1"
	// maxTokenLength refuses oversized tokens before any decoding.
	maxTokenLength = 1024
)

// b64 is strict: a token whose last character differs only in the bits
// the encoding leaves unused is another token, and refused, not read as
// the same signature.
var b64 = base64.RawURLEncoding.Strict()

// claims are a link as its token carries it, with short names.
type claims struct {
	ID       string `json:"i"`
	ClientID string `json:"c"`
	Period   string `json:"p"`
	Format   string `json:"f"`
	Reviewer string `json:"r,omitempty"`
	Expires  int64  `json:"x"`
}

// errRefused is every refused token's answer: why is logged, never told
// to the token's bearer.
var errRefused = relais.Errorf(relais.ENOTFOUND, "this report link is expired or invalid")

// refused wraps errRefused with the reason, for the log.
func refused(reason string) error { return fmt.Errorf("%w (%s)", errRefused, reason) }

// sign returns the token of a valid link.
func sign(key []byte, l Link) (string, error) {
	if err := l.Validate(); err != nil {
		return "", err
	}
	b, err := json.Marshal(claims{ID: l.ID, ClientID: l.ClientID, Period: l.Period, Format: l.Format, Reviewer: l.Reviewer, Expires: l.Expires.Unix()})
	if err != nil {
		return "", fmt.Errorf("links: encode the claims of %s: %w", l.ID, err)
	}
	signed := tokenVersion + "." + b64.EncodeToString(b)
	return signed + "." + b64.EncodeToString(mac(key, signed)), nil
}

// verify checks a token's signature in constant time, then reads the
// link it names, which must be valid and not expired at now.
func verify(key []byte, token string, now time.Time) (Link, error) {
	if len(token) > maxTokenLength {
		return Link{}, refused("oversized")
	}
	signed, sig, ok := cutLast(token, ".")
	version, payload, ok2 := strings.Cut(signed, ".")
	if !ok || !ok2 || version != tokenVersion {
		return Link{}, refused("malformed")
	}
	got, err := b64.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(key, signed)) {
		return Link{}, refused("bad signature")
	}
	b, err := b64.DecodeString(payload)
	if err != nil {
		return Link{}, refused("malformed claims")
	}
	var c claims
	if err := json.Unmarshal(b, &c); err != nil {
		return Link{}, refused("malformed claims")
	}
	l := Link{ID: c.ID, Report: Report{ClientID: c.ClientID, Period: c.Period, Format: c.Format}, Reviewer: c.Reviewer, Expires: time.Unix(c.Expires, 0).UTC()}
	if err := l.Validate(); err != nil {
		return Link{}, refused("invalid claims")
	}
	if !now.Before(l.Expires) {
		return Link{}, refused("expired")
	}
	return l, nil
}

func mac(key []byte, signed string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(signed))
	return h.Sum(nil)
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// IsToken reports whether a credential is shaped as a link's token rather
// than as another kind (a JWT opens with its header, never with the
// version).
func IsToken(s string) bool { return strings.HasPrefix(s, tokenVersion+".") }
