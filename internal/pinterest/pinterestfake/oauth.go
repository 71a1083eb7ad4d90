package pinterestfake

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Scopes are the OAuth scopes Pinterest documents. The tokens
// RegisterAccount gives have them all.
var Scopes = []string{
	"ads:read", "ads:write", "billing:read", "billing:write", "biz_access:read", "biz_access:write",
	"boards:read", "boards:read_secret", "boards:write", "boards:write_secret", "catalogs:read", "catalogs:write",
	"pins:read", "pins:read_secret", "pins:write", "pins:write_secret", "user_accounts:read", "user_accounts:write",
}

const (
	// AccessLifetime is how long an access token acts: Pinterest's are
	// said to last 30 days, and its token answers say so in expires_in.
	AccessLifetime = 30 * 24 * time.Hour
	// RefreshLifetime is a continuous refresh token's: 60 days, a new one
	// with each refresh.
	RefreshLifetime = 60 * 24 * time.Hour
	// codeLifetime is the fake's own bound on an authorization code,
	// which Pinterest does not document.
	codeLifetime = 10 * time.Minute
)

// consent is an authorization code: who consented to what, for which app
// and redirect.
type consent struct {
	user, clientID, redirectURI, scope string
	expires                            time.Time
}

// consent handles GET /oauth/, Pinterest's consent page: the person the
// account parameter names approves (unless approve=0) and is sent back to
// redirect_uri with a code and the state.
func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("client_id") != s.ClientID:
		writeError(w, http.StatusBadRequest, "Invalid client_id.")
		return
	case err != nil || (back.Scheme != "http" && back.Scheme != "https") || back.Host == "":
		writeError(w, http.StatusBadRequest, "Invalid redirect_uri.")
		return
	case q.Get("response_type") != "code":
		redirect(w, r, back, url.Values{"error": {"unsupported_response_type"}, "state": {q.Get("state")}})
		return
	}
	scope := strings.Split(q.Get("scope"), ",")
	if slices.ContainsFunc(scope, func(sc string) bool { return !slices.Contains(Scopes, sc) }) {
		redirect(w, r, back, url.Values{"error": {"invalid_scope"}, "state": {q.Get("state")}})
		return
	}
	userID, ok := s.consenting(q.Get("account"))
	switch {
	case !ok:
		writeError(w, http.StatusBadRequest, "The fake's account parameter names no registered board, and more or fewer than one person is registered.")
		return
	case q.Get("approve") == "0":
		redirect(w, r, back, url.Values{"error": {"access_denied"}, "state": {q.Get("state")}})
		return
	}
	code := secret("")
	s.mu.Lock()
	s.codes[code] = &consent{user: userID, clientID: s.ClientID, redirectURI: back.String(), scope: strings.Join(scope, ","), expires: s.Now().Add(codeLifetime)}
	s.mu.Unlock()
	redirect(w, r, back, url.Values{"code": {code}, "state": {q.Get("state")}})
}

// consenting returns the person whose consent a consent page stands for:
// the owner of the board account names, or the one person registered.
func (s *Server) consenting(account string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if account != "" {
		b, ok := s.boards[account]
		if !ok {
			return "", false
		}
		return b.owner, true
	}
	if len(s.users) != 1 {
		return "", false
	}
	for id := range s.users {
		return id, true
	}
	return "", false
}

// redirect sends the person back to the app with params added to its
// redirect URI's.
func redirect(w http.ResponseWriter, r *http.Request, back *url.URL, params url.Values) {
	u := *back
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// tokenAnswer is the token endpoint's answer.
type tokenAnswer struct {
	AccessToken           string `json:"access_token"`
	RefreshToken          string `json:"refresh_token"`
	ResponseType          string `json:"response_type"`
	TokenType             string `json:"token_type"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	RefreshTokenExpiresAt int64  `json:"refresh_token_expires_at"`
	Scope                 string `json:"scope"`
}

// token handles POST /v5/oauth/token, with the app's id and secret as
// Basic authentication: grant_type authorization_code exchanges a code,
// once, for the redirect_uri it was given to; refresh_token renews an
// access token, answering a new refresh token and retiring the old one.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if !s.knownClient(r) {
		writeCoded(w, http.StatusUnauthorized, codeAuthentication, "Authentication failed.")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "Invalid request: the body is not a form.")
		return
	}
	f := r.PostForm
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	switch f.Get("grant_type") {
	case "authorization_code":
		c := s.codes[f.Get("code")]
		delete(s.codes, f.Get("code"))
		if c == nil || !now.Before(c.expires) || c.redirectURI != f.Get("redirect_uri") {
			writeError(w, http.StatusBadRequest, "Invalid authorization code or redirect_uri.")
			return
		}
		writeJSON(w, http.StatusOK, s.issue(c.user, c.scope, "authorization_code"))
	case "refresh_token":
		g := s.refresh[f.Get("refresh_token")]
		if g == nil || !s.valid(g) {
			writeError(w, http.StatusBadRequest, "Invalid refresh token.")
			return
		}
		delete(s.refresh, f.Get("refresh_token"))
		writeJSON(w, http.StatusOK, s.issue(g.user, g.scope, "refresh_token"))
	default:
		writeError(w, http.StatusBadRequest, "Invalid grant_type: want authorization_code or refresh_token.")
	}
}

// issue makes an access token and its refresh token for a person.
// Callers hold mu.
func (s *Server) issue(userID, scope, responseType string) tokenAnswer {
	now, life := s.Now(), s.AccessTTL
	if life == 0 {
		life = AccessLifetime
	}
	a := tokenAnswer{AccessToken: secret("pina_"), RefreshToken: secret("pinr_"), ResponseType: responseType, TokenType: "bearer",
		ExpiresIn: int64(life / time.Second), RefreshTokenExpiresIn: int64(RefreshLifetime / time.Second),
		RefreshTokenExpiresAt: now.Add(RefreshLifetime).Unix(), Scope: scope}
	s.access[a.AccessToken] = &grant{user: userID, scope: scope, expires: now.Add(life), pair: a.RefreshToken}
	s.refresh[a.RefreshToken] = &grant{user: userID, scope: scope, expires: now.Add(RefreshLifetime), pair: a.AccessToken}
	return a
}

// revoke handles POST /v5/oauth/token/revoke. Pinterest revokes only the
// tokens of system users; the fake's are people's, so it refuses them as
// Pinterest does.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	switch {
	case !s.knownClient(r):
		writeCoded(w, http.StatusUnauthorized, codeAuthentication, "Authentication failed.")
	case r.PostFormValue("token") == "":
		writeError(w, http.StatusBadRequest, "Invalid request: token is required.")
	default:
		writeCoded(w, http.StatusForbidden, codeNotPermitted, "You are not permitted to access that resource.")
	}
}

// Revoke ends a token and the one issued with it, as when the person
// removes the app's access in their Pinterest settings: the API then
// answers 401 to it.
func (s *Server) Revoke(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []map[string]*grant{s.access, s.refresh} {
		if g, ok := m[token]; ok {
			g.revoked = true
			for _, other := range []map[string]*grant{s.access, s.refresh} {
				if p, ok := other[g.pair]; ok {
					p.revoked = true
				}
			}
		}
	}
}

// knownClient reports whether a request authenticates as the app.
func (s *Server) knownClient(r *http.Request) bool {
	id, sec, ok := r.BasicAuth()
	return ok && subtle.ConstantTimeCompare([]byte(id), []byte(s.ClientID)) == 1 &&
		subtle.ConstantTimeCompare([]byte(sec), []byte(s.ClientSecret)) == 1
}
