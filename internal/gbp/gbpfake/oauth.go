package gbpfake

import (
	"context"
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

// Google's OAuth 2.0 paths: the consent is at accounts.google.com, the
// token and revoke endpoints at oauth2.googleapis.com; the fake serves
// them all on its one host.
const (
	AuthPath   = "/o/oauth2/v2/auth"
	TokenPath  = "/token"
	RevokePath = "/revoke"
)

// TokenLifetime is how long an access token works; Google answers
// expires_in 3599 for its hour.
const TokenLifetime = time.Hour

// codeLifetime is how long the fake lets a code wait for its exchange.
const codeLifetime = 10 * time.Minute

// grant is what a consent (or a registered token) lets its tokens do.
type grant struct {
	locations map[string]bool
	// scoped is false when the consent did not grant Scope: the tokens
	// are good, the API refuses them.
	scoped   bool
	scope    string
	clientID string
	revoked  bool
}

// access is an access token: its grant, and when it expires (zero: never).
type access struct {
	grant   *grant
	expires time.Time
}

// authCode is a code not yet exchanged, and what its exchange must repeat.
type authCode struct {
	grant                          *grant
	offline                        bool
	redirectURI, challenge, method string
	expires                        time.Time
}

// RegisterClient registers an OAuth client (a Google Cloud project's web
// client) by its id and secret.
func (s *Server) RegisterClient(id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[id] = secret
}

type accessKey struct{}

func withAccess(ctx context.Context, a *access) context.Context {
	return context.WithValue(ctx, accessKey{}, a)
}

func accessOf(ctx context.Context) *access {
	a, _ := ctx.Value(accessKey{}).(*access)
	return a
}

// authorized returns what the request's bearer token grants, if it is a
// token the fake issued or was given, neither revoked nor expired.
func (s *Server) authorized(r *http.Request) (*access, bool) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.access[token]
	if !ok || a.grant.revoked || (!a.expires.IsZero() && !s.Now().Before(a.expires)) {
		return nil, false
	}
	return a, true
}

// consent answers the consent page as if the person approved at once
// (or, with approve=0, refused): it redirects to redirect_uri with a code,
// the granted scope and the state. account=<location name> says which
// registered location's manager approves; with one location registered
// it may be left out. A request Google would not redirect (an unknown
// client, no redirect_uri) is answered 400 or 401 with an OAuth error.
func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	s.mu.Lock()
	_, known := s.clients[q.Get("client_id")]
	account := strings.Trim(q.Get("account"), "/")
	if account == "" && len(s.locations) == 1 {
		for l := range s.locations {
			account = l
		}
	}
	registered := s.locations[account]
	s.mu.Unlock()
	method := q.Get("code_challenge_method")
	switch {
	case !known:
		oauthError(w, http.StatusUnauthorized, "invalid_client", "The OAuth client was not found.")
		return
	case err != nil || !redirect.IsAbs() || (redirect.Scheme != "https" && redirect.Scheme != "http"):
		oauthError(w, http.StatusBadRequest, "invalid_request", "Invalid parameter value for redirect_uri")
		return
	case q.Get("response_type") != "code":
		oauthError(w, http.StatusBadRequest, "unsupported_response_type", "Invalid response_type: "+q.Get("response_type"))
		return
	case strings.TrimSpace(q.Get("scope")) == "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "Missing required parameter: scope")
		return
	case !slices.Contains([]string{"", "S256", "plain"}, method) || (method != "" && q.Get("code_challenge") == ""):
		oauthError(w, http.StatusBadRequest, "invalid_request", "Invalid code_challenge_method or missing code_challenge")
		return
	case !slices.Contains([]string{"", "online", "offline"}, q.Get("access_type")):
		oauthError(w, http.StatusBadRequest, "invalid_request", "Invalid access_type: "+q.Get("access_type"))
		return
	case !registered:
		oauthError(w, http.StatusBadRequest, "invalid_request", "the fake needs account=<registered location name> to know who approves")
		return
	}
	answer := url.Values{}
	if st := q.Get("state"); st != "" {
		answer.Set("state", st)
	}
	if q.Get("approve") == "0" {
		answer.Set("error", "access_denied")
		http.Redirect(w, r, withQuery(redirect, answer), http.StatusFound)
		return
	}
	scope := strings.Join(strings.Fields(q.Get("scope")), " ")
	if method == "" && q.Get("code_challenge") != "" {
		method = "plain" // Google's default
	}
	code := newToken("4/fake-")
	s.mu.Lock()
	s.codes[code] = &authCode{
		grant: &grant{
			locations: map[string]bool{account: true}, scoped: slices.Contains(strings.Fields(scope), Scope),
			scope: scope, clientID: q.Get("client_id"),
		},
		offline: q.Get("access_type") == "offline", redirectURI: q.Get("redirect_uri"),
		challenge: q.Get("code_challenge"), method: method, expires: s.Now().Add(codeLifetime),
	}
	s.mu.Unlock()
	answer.Set("code", code)
	answer.Set("scope", scope)
	http.Redirect(w, r, withQuery(redirect, answer), http.StatusFound)
}

func withQuery(u *url.URL, add url.Values) string {
	q := u.Query()
	for k, vs := range add {
		q[k] = vs
	}
	v := *u
	v.RawQuery = q.Encode()
	return v.String()
}

// tokenAnswer is the token endpoint's answer.
type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	TokenType    string `json:"token_type"`
}

// token exchanges a code, checking its client, redirect_uri and PKCE
// verifier, or refreshes an access token. A code gives a refresh token
// only when its consent asked access_type=offline, and a refresh answers
// an access token alone: Google does not rotate refresh tokens.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "the token endpoint takes POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the body is not a form")
		return
	}
	f := r.PostForm
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = f.Get("client_id"), f.Get("client_secret")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if want, ok := s.clients[id]; !ok || subtle.ConstantTimeCompare([]byte(want), []byte(secret)) != 1 {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Unauthorized")
		return
	}
	now := s.Now()
	var g *grant
	answer := tokenAnswer{TokenType: "Bearer"}
	switch f.Get("grant_type") {
	case "authorization_code":
		c, ok := s.codes[f.Get("code")]
		delete(s.codes, f.Get("code")) // a code is tried once
		switch {
		case !ok:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Malformed auth code.")
			return
		case !now.Before(c.expires) || c.grant.clientID != id:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Bad Request")
			return
		case c.redirectURI != f.Get("redirect_uri"):
			oauthError(w, http.StatusBadRequest, "redirect_uri_mismatch", "Bad Request")
			return
		case c.challenge != "" && f.Get("code_verifier") == "":
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Missing code verifier.")
			return
		case c.challenge != "" && subtle.ConstantTimeCompare([]byte(challengeOf(f.Get("code_verifier"), c.method)), []byte(c.challenge)) != 1:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid code verifier.")
			return
		}
		g = c.grant
		if c.offline {
			answer.RefreshToken = newToken("1//fake-")
			s.refresh[answer.RefreshToken] = g
		}
	case "refresh_token":
		var ok bool
		g, ok = s.refresh[f.Get("refresh_token")]
		if !ok || g.revoked || g.clientID != id {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Token has been expired or revoked.")
			return
		}
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+f.Get("grant_type"))
		return
	}
	answer.AccessToken = newToken("ya29.fake-")
	answer.ExpiresIn = int(TokenLifetime/time.Second) - 1
	answer.Scope = g.scope
	s.access[answer.AccessToken] = &access{grant: g, expires: now.Add(TokenLifetime)}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, answer)
}

// revoke revokes a token's grant, whether it is given the access token
// or the refresh token: Google revokes the refresh token with an access
// token it goes with, and every access token with a refresh token.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "the revoke endpoint takes POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "the body is not a form")
		return
	}
	token := r.Form.Get("token") // in the body or the query, as Google takes it
	s.mu.Lock()
	defer s.mu.Unlock()
	var g *grant
	if a, ok := s.access[token]; ok {
		g = a.grant
	} else if rg, ok := s.refresh[token]; ok {
		g = rg
	}
	if g == nil || g.revoked {
		oauthError(w, http.StatusBadRequest, "invalid_token", "Token expired or revoked")
		return
	}
	g.revoked = true
	writeJSON(w, http.StatusOK, struct{}{})
}

// challengeOf is a PKCE verifier's challenge by method.
func challengeOf(verifier, method string) string {
	if method == "plain" {
		return verifier
	}
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// newToken is a random token or code with Google's prefix for its kind.
func newToken(prefix string) string {
	b := make([]byte, 24)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// oauthError answers an OAuth error (RFC 6749, 5.2), as Google does.
func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}
