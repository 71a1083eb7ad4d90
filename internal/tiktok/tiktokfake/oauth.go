package tiktokfake

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// codeTTL is how long an authorization code may be exchanged: the
// fake's own, as TikTok documents none. A code is used once.
const codeTTL = 10 * time.Minute

// knownScopes are the scopes the consent page grants.
var knownScopes = []string{ScopeUserInfo, "user.info.profile", "user.info.stats", ScopePublish, ScopeUpload, ScopeList}

// app is the developer app the OAuth flow serves.
type app struct {
	key, secret string
	redirects   []string
}

// authCode is a code the consent page gave, until it is exchanged.
type authCode struct {
	clientKey, redirectURI, challenge string
	openID                            string
	scopes                            []string
	expires                           time.Time
}

// RegisterApp sets the app the OAuth flow serves: its client key, client
// secret and the redirect URIs registered for it in TikTok's developer
// portal. With no redirect URI, the fake takes any absolute one.
func (s *Server) RegisterApp(clientKey, clientSecret string, redirectURIs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.app = app{key: clientKey, secret: clientSecret, redirects: redirectURIs}
}

// authorize handles GET /v2/auth/authorize/, TikTok's consent page (on
// www.tiktok.com): client_key, scope (comma-separated), redirect_uri,
// state, response_type=code and, for PKCE, code_challenge with
// code_challenge_method=S256. The fake's own parameters stand for the
// person: account=<open id> names the registered account that consents
// (it may be left out when only one is registered), and approve=0
// declines; otherwise the consent is given at once. Consent redirects to
// redirect_uri with code, scopes and state; a refusal with error and
// error_description. A request that names no valid app or redirect URI
// gets an error page, as it cannot be redirected safely.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	s.mu.Lock()
	a := s.app
	s.mu.Unlock()
	switch {
	case a.key == "" || subtle.ConstantTimeCompare([]byte(q.Get("client_key")), []byte(a.key)) != 1:
		http.Error(w, "client_key does not name a registered app", http.StatusBadRequest)
		return
	case err != nil || !redirect.IsAbs() || redirect.Fragment != "" || (len(a.redirects) > 0 && !slices.Contains(a.redirects, q.Get("redirect_uri"))):
		http.Error(w, "redirect_uri is not registered for this app", http.StatusBadRequest)
		return
	}
	deny := func(code, why string) {
		v := redirect.Query()
		v.Set("error", code)
		v.Set("error_description", why)
		v.Set("state", q.Get("state"))
		redirect.RawQuery = v.Encode()
		http.Redirect(w, r, redirect.String(), http.StatusFound)
	}
	scopes := strings.Split(q.Get("scope"), ",")
	openID, ok := s.consenting(q.Get("account"))
	switch {
	case q.Get("response_type") != "code":
		deny("unsupported_response_type", "response_type must be code")
	case slices.ContainsFunc(scopes, func(sc string) bool { return !slices.Contains(knownScopes, sc) }):
		deny("invalid_scope", "scope must be a comma-separated list of TikTok scopes")
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256":
		deny("invalid_request", "code_challenge_method must be S256")
	case !ok:
		http.Error(w, "name the consenting account with account=<open id> (a registered one)", http.StatusBadRequest)
	case q.Get("approve") == "0":
		deny("access_denied", "The user denied the authorization.")
	default:
		code := "code." + rand.Text()
		s.mu.Lock()
		s.codes[code] = &authCode{clientKey: a.key, redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"),
			openID: openID, scopes: scopes, expires: s.Now().Add(codeTTL)}
		s.mu.Unlock()
		v := redirect.Query()
		v.Set("code", code)
		v.Set("scopes", strings.Join(scopes, ","))
		v.Set("state", q.Get("state"))
		redirect.RawQuery = v.Encode()
		http.Redirect(w, r, redirect.String(), http.StatusFound)
	}
}

// consenting returns the account that consents: the one named, or the
// only one registered.
func (s *Server) consenting(named string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if named != "" {
		_, ok := s.accounts[named]
		return named, ok
	}
	if len(s.accounts) != 1 {
		return "", false
	}
	for id := range s.accounts {
		return id, true
	}
	return "", false
}

// tokenAnswer is the token endpoint's answer.
type tokenAnswer struct {
	AccessToken      string `json:"access_token"`
	ExpiresIn        int64  `json:"expires_in"`
	OpenID           string `json:"open_id"`
	RefreshExpiresIn int64  `json:"refresh_expires_in"`
	RefreshToken     string `json:"refresh_token"`
	Scope            string `json:"scope"`
	TokenType        string `json:"token_type"`
}

// token handles POST /v2/oauth/token/ (form-encoded): the
// authorization_code grant (client_key, client_secret, code,
// redirect_uri, code_verifier when the consent had a code_challenge) and
// the refresh_token grant, which rotates the refresh token: the one sent
// stops working, and the new one keeps the first one's expiry.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if !s.client(w, r) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := s.codes[r.PostForm.Get("code")]
		delete(s.codes, r.PostForm.Get("code"))
		switch {
		case code == nil || !now.Before(code.expires):
			s.oauthError(w, http.StatusBadRequest, "invalid_grant", "Authorization code is expired or invalid.")
		case code.redirectURI != r.PostForm.Get("redirect_uri"):
			s.oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the one the code was issued for.")
		case code.challenge != "" && !verifies(r.PostForm.Get("code_verifier"), code.challenge):
			s.oauthError(w, http.StatusBadRequest, "invalid_request", "Code verifier or code challenge is invalid.")
		default:
			g := &grant{openID: code.openID, scopes: code.scopes, refreshExpires: now.Add(s.RefreshTTL)}
			s.issue(w, g, now)
		}
	case "refresh_token":
		g := s.refresh[r.PostForm.Get("refresh_token")]
		if g == nil || g.revoked || !now.Before(g.refreshExpires) {
			s.oauthError(w, http.StatusBadRequest, "invalid_grant", "Refresh token is invalid or expired.")
			return
		}
		delete(s.refresh, g.refresh)
		s.issue(w, g, now)
	default:
		s.oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

// issue gives a grant a new access token and refresh token and answers
// them. An access token issued before lasts until it expires. Callers
// hold mu.
func (s *Server) issue(w http.ResponseWriter, g *grant, now time.Time) {
	token := "act." + rand.Text()
	s.tokens[token] = access{g: g, expires: now.Add(s.AccessTTL)}
	g.refresh = "rft." + rand.Text()
	s.refresh[g.refresh] = g
	writeJSON(w, http.StatusOK, tokenAnswer{
		AccessToken: token, ExpiresIn: int64(s.AccessTTL / time.Second), OpenID: g.openID,
		RefreshToken: g.refresh, RefreshExpiresIn: int64(g.refreshExpires.Sub(now) / time.Second),
		Scope: strings.Join(g.scopes, ","), TokenType: "Bearer",
	})
}

// revoke handles POST /v2/oauth/revoke/ (form-encoded client_key,
// client_secret, token): the authorization the token belongs to ends,
// its access and refresh tokens with it, and the answer is {}. An
// unknown token is answered alike, as RFC 7009 has it.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if !s.client(w, r) {
		return
	}
	token := r.PostForm.Get("token")
	s.mu.Lock()
	if at, ok := s.tokens[token]; ok {
		at.g.revoked = true
	} else if g := s.refresh[token]; g != nil {
		g.revoked = true
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{})
}

// client reads a form-encoded request and checks its client_key and
// client_secret, or answers an OAuth error and returns false.
func (s *Server) client(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.ParseForm() != nil {
		s.oauthError(w, http.StatusBadRequest, "invalid_request", "The request must be application/x-www-form-urlencoded.")
		return false
	}
	s.mu.Lock()
	a := s.app
	s.mu.Unlock()
	key := subtle.ConstantTimeCompare([]byte(r.PostForm.Get("client_key")), []byte(a.key))
	secret := subtle.ConstantTimeCompare([]byte(r.PostForm.Get("client_secret")), []byte(a.secret))
	if a.key == "" || key&secret != 1 {
		s.oauthError(w, http.StatusUnauthorized, "invalid_client", "Client key or secret is invalid.")
		return false
	}
	return true
}

// oauthError answers the OAuth endpoints' error shape, which is not the
// API's envelope.
func (s *Server) oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description, "log_id": s.logID()})
}

// verifies reports whether a PKCE code verifier matches its S256
// challenge. RFC 7636 encodes the SHA-256 in base64url; TikTok's desktop
// guide encodes it in hex: both are taken.
func verifies(verifier, challenge string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	b64 := base64.RawURLEncoding.EncodeToString(sum[:])
	hx := hex.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(challenge), []byte(b64)) == 1 ||
		subtle.ConstantTimeCompare([]byte(strings.ToLower(challenge)), []byte(hx)) == 1
}
