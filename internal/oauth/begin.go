package oauth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
)

// Consent is a connection started: the URL the person opens, and the
// state and PKCE verifier that stay with Relais to check its answer and
// exchange its code.
type Consent struct {
	URL string
	// State is checked against the answer's with CheckState.
	State string
	// Verifier goes with the code to Exchange; empty without PKCE.
	Verifier string
}

// String shows the consent without its state and verifier, for %v.
func (c Consent) String() string { return "oauth.Consent(" + c.URL + ")" }

// GoString is String, for %#v.
func (c Consent) GoString() string { return c.String() }

// Begin starts a connection: a new state, a new PKCE verifier when the
// network takes PKCE, and the consent URL asking for the network's
// scopes. extra adds the network's own parameters (a fake's account);
// it cannot replace the flow's.
func (c *Client) Begin(extra url.Values) (Consent, error) {
	u, err := url.Parse(c.o.AuthURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return Consent{}, fmt.Errorf("oauth: %s: the consent URL %q is not an absolute URL", c.network, c.o.AuthURL)
	}
	q := u.Query()
	for k, v := range c.o.ConsentParams {
		q.Set(k, v)
	}
	for k, vs := range extra {
		q[k] = vs
	}
	sep := c.o.ScopeSeparator
	if sep == "" {
		sep = " "
	}
	consent := Consent{State: random()}
	q.Set("response_type", "code")
	q.Set(c.idParam(), c.clientID)
	q.Set("redirect_uri", c.redirectURI)
	q.Set("state", consent.State)
	if len(c.o.Scopes) > 0 {
		q.Set("scope", strings.Join(c.o.Scopes, sep))
	} else {
		q.Del("scope")
	}
	if c.o.PKCE {
		consent.Verifier = random()
		q.Set("code_challenge", challengeOf(consent.Verifier))
		q.Set("code_challenge_method", "S256")
	}
	// Encode writes a space as "+", which not every network reads as one
	// in a scope; a "+" of a value is already "%2B".
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	consent.URL = u.String()
	return consent, nil
}

// CheckState reports, in constant time, whether an answer's state is the
// one Begin made. An empty state never matches.
func CheckState(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// random is 32 random bytes in base64url: 43 characters, the unreserved
// ones a PKCE verifier is made of (RFC 7636, 4.1), and as good a state.
func random() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails: it crashes the program first
	return base64.RawURLEncoding.EncodeToString(b)
}

// challengeOf is a verifier's S256 challenge (RFC 7636, 4.2).
func challengeOf(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
