package oauthfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
)

// maxForm bounds a token or revoke request's body.
const maxForm = 16 << 10

// refusal is an error answer of RFC 6749 (5.2).
type refusal struct {
	status            int
	code, description string
}

func invalid(code, description string) *refusal {
	return &refusal{http.StatusBadRequest, code, description}
}

func (s *Server) refuse(w http.ResponseWriter, f *refusal) {
	s.opts.WriteError(w, f.status, f.code, f.description)
}

// token is the token endpoint, and the exchange routes: it answers the
// grant named by grant_type.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	params, f := readParams(w, r)
	if f != nil {
		s.refuse(w, f)
		return
	}
	grantType := params.Get("grant_type")
	for _, e := range s.opts.Exchanges {
		if e.GrantType == grantType && e.Method == r.Method && e.Path == r.URL.Path {
			s.answer(w, func() (map[string]any, *refusal) { return s.exchange(r, params, e) })
			return
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != s.opts.TokenPath {
		s.refuse(w, invalid("unsupported_grant_type", "no grant "+grantType+" here"))
		return
	}
	switch grantType {
	case "authorization_code":
		s.answer(w, func() (map[string]any, *refusal) { return s.exchangeCode(r, params) })
	case "refresh_token":
		s.answer(w, func() (map[string]any, *refusal) { return s.refresh(r, params) })
	case "":
		s.refuse(w, invalid("invalid_request", "grant_type is missing"))
	default:
		s.refuse(w, invalid("unsupported_grant_type", "grant_type "+grantType+" is not supported"))
	}
}

// answer runs a grant under the lock and writes its tokens or refusal.
func (s *Server) answer(w http.ResponseWriter, grant func() (map[string]any, *refusal)) {
	s.mu.Lock()
	tokens, f := grant()
	s.mu.Unlock()
	if f != nil {
		s.refuse(w, f)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, tokens)
}

// exchangeCode turns a code into tokens: once, before it expires, for the
// client, redirect URI and PKCE verifier of its consent. A code that
// comes back revokes what it gave. The caller holds s.mu.
func (s *Server) exchangeCode(r *http.Request, params url.Values) (map[string]any, *refusal) {
	if f := s.authenticate(r, params, true, s.opts.ClientSecret != ""); f != nil {
		return nil, f
	}
	v := params.Get("code")
	if v == "" {
		return nil, invalid("invalid_request", "code is missing")
	}
	c, ok := s.codes[hash(v)]
	switch {
	case !ok:
		return nil, invalid("invalid_grant", "the code is unknown")
	case c.used:
		if c.grant != nil {
			c.grant.revoked = true
		}
		return nil, invalid("invalid_grant", "the code was already used; the tokens it gave are revoked")
	}
	// A code is tried once, so that a wrong verifier cannot be followed
	// by another guess.
	c.used = true
	switch {
	case s.now().After(c.expires):
		return nil, invalid("invalid_grant", "the code expired")
	case params.Get("redirect_uri") != c.redirectURI:
		return nil, invalid("invalid_grant", "redirect_uri is not the consent's")
	case c.challenge != "" && subtle.ConstantTimeCompare([]byte(challengeOf(params.Get("code_verifier"))), []byte(c.challenge)) != 1:
		return nil, invalid("invalid_grant", "code_verifier does not match the code_challenge")
	}
	g := &grant{account: c.account, scopes: c.scopes}
	if s.opts.RefreshTokens && s.opts.RefreshTTL > 0 {
		g.refreshExpires = s.now().Add(s.opts.RefreshTTL)
	}
	c.grant = g
	return s.issue(g, s.opts.AccessTTL, s.opts.RefreshTokens), nil
}

// refresh gives a new access token for a live refresh token, replacing
// the refresh token when the server rotates them. The caller holds s.mu.
func (s *Server) refresh(r *http.Request, params url.Values) (map[string]any, *refusal) {
	if f := s.authenticate(r, params, true, s.opts.ClientSecret != ""); f != nil {
		return nil, f
	}
	v := params.Get("refresh_token")
	if v == "" {
		return nil, invalid("invalid_request", "refresh_token is missing")
	}
	t := s.live(v, refreshKind)
	if t == nil {
		return nil, invalid("invalid_grant", "the refresh token is invalid, expired or revoked")
	}
	if s.opts.Rotate {
		delete(s.tokens, hash(v))
	}
	return s.issue(t.grant, s.opts.AccessTTL, s.opts.Rotate), nil
}

// exchange gives a new access token for a live one, with the
// credentials the exchange requires. The old token lives on until it
// expires. The caller holds s.mu.
func (s *Server) exchange(r *http.Request, params url.Values, e Exchange) (map[string]any, *refusal) {
	if f := s.authenticate(r, params, e.ClientID, e.ClientSecret); f != nil {
		return nil, f
	}
	v := params.Get(e.TokenParam)
	if v == "" {
		return nil, invalid("invalid_request", e.TokenParam+" is missing")
	}
	t := s.live(v, accessKind)
	if t == nil {
		return nil, invalid("invalid_grant", "the token is invalid, expired or revoked")
	}
	ttl := e.TTL
	if ttl == 0 {
		ttl = s.opts.AccessTTL
	}
	return s.issue(t.grant, ttl, false), nil
}

// revoke is the revocation endpoint (RFC 7009): the grant the token
// belongs to ends, and an unknown token is answered as a revoked one.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	params, f := readParams(w, r)
	if f == nil {
		s.mu.Lock()
		f = s.authenticate(r, params, true, s.opts.ClientSecret != "")
		s.mu.Unlock()
	}
	if f == nil && params.Get("token") == "" {
		f = invalid("invalid_request", "token is missing")
	}
	if f != nil {
		s.refuse(w, f)
		return
	}
	s.Revoke(params.Get("token"))
	w.WriteHeader(http.StatusOK)
}

// authenticate checks the app's credentials, those needed: in the form
// or with HTTP Basic, as the server takes them, never both.
func (s *Server) authenticate(r *http.Request, params url.Values, needID, needSecret bool) *refusal {
	id, secret := params.Get(s.opts.ClientIDParam), params.Get("client_secret")
	user, pass, basic := r.BasicAuth()
	switch {
	case basic && s.opts.ClientAuth == AuthBody:
		return unauthorized("this server takes the client credentials in the form")
	case basic && secret != "":
		return invalid("invalid_request", "the client authenticated with more than one method")
	case basic:
		// RFC 6749 (2.3.1) form-encodes both before Basic encodes them.
		var err1, err2 error
		id, err1 = url.QueryUnescape(user)
		secret, err2 = url.QueryUnescape(pass)
		if err1 != nil || err2 != nil {
			return unauthorized("the Basic credentials are not form-encoded")
		}
	case needSecret && s.opts.ClientAuth == AuthBasic:
		return unauthorized("this server takes the client credentials with HTTP Basic")
	}
	switch {
	case needID && id != s.opts.ClientID:
		return unauthorized("unknown client")
	case needSecret && subtle.ConstantTimeCompare([]byte(secret), []byte(s.opts.ClientSecret)) != 1:
		return unauthorized("client authentication failed")
	}
	return nil
}

func unauthorized(description string) *refusal {
	return &refusal{http.StatusUnauthorized, "invalid_client", description}
}

// readParams reads a request's parameters: a POST's form body, a GET's
// query.
func readParams(w http.ResponseWriter, r *http.Request) (url.Values, *refusal) {
	if r.Method == http.MethodGet {
		return r.URL.Query(), nil
	}
	if t, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); t != "application/x-www-form-urlencoded" {
		return nil, invalid("invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return nil, invalid("invalid_request", "the body is not a form")
	}
	return r.PostForm, nil
}

// challengeOf is a PKCE verifier's S256 challenge.
func challengeOf(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
