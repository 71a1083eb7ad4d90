package localoidc

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"mime"
	"net/http"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/auth"
)

// CodeTTL is how long an authorization code may be exchanged.
const CodeTTL = 60 * time.Second

// grant is what a code stands for: who signed in, and the request it
// answers, which its exchange must repeat.
type grant struct {
	clientID, redirectURI, challenge, nonce string
	id                                      auth.Identity
	expires                                 time.Time
}

// codes are the codes not yet exchanged.
type codes struct {
	mu     sync.Mutex
	byCode map[string]grant
}

// put keeps a grant under a new random code, forgetting expired ones.
func (c *codes) put(g grant, now time.Time) string {
	b := make([]byte, 32)
	rand.Read(b)
	code := hex.EncodeToString(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, old := range c.byCode {
		if now.After(old.expires) {
			delete(c.byCode, k)
		}
	}
	g.expires = now.Add(CodeTTL)
	c.byCode[code] = g
	return code
}

// take removes a code and returns its grant: a code is tried once, so
// that a wrong verifier cannot be followed by another guess.
func (c *codes) take(code string) (grant, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g, ok := c.byCode[code]
	delete(c.byCode, code)
	return g, ok
}

// challengeOf is a PKCE verifier's S256 challenge.
func challengeOf(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// isForm reports whether a request's body is a form, as OAuth's token
// requests are; the CLI's mint sends JSON.
func isForm(r *http.Request) bool {
	t, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return t == "application/x-www-form-urlencoded"
}

// tokens is the token endpoint's answer to an exchanged code.
type tokens struct {
	IDToken     string `json:"id_token"`
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
}

// exchange answers a token request: a code, with the verifier of its
// challenge and the client and redirect_uri it was issued for, becomes
// an ID token that carries the sign-in's nonce.
func (i *Issuer) exchange(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8192)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the body is not a form")
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code")
		return
	}
	for _, k := range []string{"code", "redirect_uri", "client_id", "code_verifier"} {
		if f.Get(k) == "" {
			oauthError(w, http.StatusBadRequest, "invalid_request", k+" is missing")
			return
		}
	}
	if f.Get("client_id") != ClientID {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client_id")
		return
	}
	g, ok := i.codes.take(f.Get("code"))
	switch {
	case !ok:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the code is unknown or was already used")
		return
	case i.Now().After(g.expires):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the code expired; sign in again")
		return
	case g.clientID != f.Get("client_id") || g.redirectURI != f.Get("redirect_uri"):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the code was issued for another client_id or redirect_uri")
		return
	case subtle.ConstantTimeCompare([]byte(challengeOf(f.Get("code_verifier"))), []byte(g.challenge)) != 1:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
		return
	}
	idToken, err := i.mint(g.id, "id", g.nonce)
	var access string
	if err == nil {
		access, err = i.mint(g.id, "access", "")
	}
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error", "the issuer could not sign the tokens")
		return
	}
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, tokens{IDToken: idToken, AccessToken: access, TokenType: "Bearer", ExpiresIn: int(TokenTTL.Seconds())})
}

// oauthError answers an OAuth error (RFC 6749, 5.2).
func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}
