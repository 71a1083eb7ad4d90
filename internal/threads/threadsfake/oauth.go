package threadsfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// tokenLife is what kind of token a grant is.
type tokenLife int

const (
	shortLived tokenLife = iota + 1
	longLived
)

// grant is what an access token grants: an account, with scopes, until
// it expires.
type grant struct {
	account string
	// scopes are those the person granted; nil for a registered token,
	// which has them all.
	scopes  []string
	life    tokenLife
	issued  time.Time
	expires time.Time // zero: never
	revoked bool
}

func (g *grant) expired(now time.Time) bool { return !g.expires.IsZero() && !now.Before(g.expires) }

func (g *grant) has(scope string) bool { return g.scopes == nil || slices.Contains(g.scopes, scope) }

// permissions are the scopes the consent page knows.
var permissions = []string{
	"threads_basic", "threads_content_publish", "threads_read_replies", "threads_manage_replies",
	"threads_manage_insights", "threads_manage_mentions", "threads_delete", "threads_keyword_search",
	"threads_location_tagging", "threads_profile_discovery",
}

// authCode is a code the consent page gave, valid an hour, once.
type authCode struct {
	account, redirectURI string
	scopes               []string
	expires              time.Time
}

// issue makes a token for an account. Callers hold mu.
func (s *Server) issue(accountID string, scopes []string, life tokenLife) (string, *grant) {
	now := s.Now()
	g := &grant{account: accountID, scopes: scopes, life: life, issued: now, expires: now.Add(shortLife)}
	if life == longLived {
		g.expires = now.Add(longLife)
	}
	token := newSecret("THAA")
	s.tokens[token] = g
	return token, g
}

// consent handles GET /oauth/authorize, threads.net's consent page:
// client_id, redirect_uri, scope (comma- or space-separated, with
// threads_basic), response_type=code and an optional state. The fake's
// own parameters stand for the person: account names which registered
// account approves (the only one when there is one), and approve=0 makes
// them deny. It redirects to redirect_uri with a code and the state, or
// with Threads' error parameters, and "#_" appended as Threads does.
func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect, err := url.Parse(q.Get("redirect_uri"))
	scopes := strings.FieldsFunc(q.Get("scope"), func(c rune) bool { return c == ',' || c == ' ' })
	s.mu.Lock()
	defer s.mu.Unlock()
	accountID := q.Get("account")
	if ids := s.ids(); accountID == "" && len(ids) == 1 {
		accountID = ids[0]
	}
	switch {
	case q.Get("client_id") != s.ClientID:
		oauthError(w, "Invalid Request: the client_id is not a Threads App ID")
		return
	case err != nil || !validURL(redirect.String()):
		oauthError(w, "Invalid Request: redirect_uri must be an absolute URL")
		return
	case q.Get("response_type") != "code":
		oauthError(w, "Invalid Request: response_type must be code")
		return
	case !slices.Contains(scopes, "threads_basic"):
		oauthError(w, "Invalid Scope: threads_basic is required")
		return
	case s.accounts[accountID] == nil:
		oauthError(w, "Invalid Request: account names no registered account")
		return
	}
	for _, sc := range scopes {
		if !slices.Contains(permissions, sc) {
			oauthError(w, "Invalid Scope: "+sc)
			return
		}
	}
	v := redirect.Query()
	if q.Get("approve") == "0" {
		v.Set("error", "access_denied")
		v.Set("error_reason", "user_denied")
		v.Set("error_description", "The user denied your request")
	} else {
		code := newSecret("AQ")
		s.codes[code] = &authCode{account: accountID, redirectURI: q.Get("redirect_uri"), scopes: scopes, expires: s.Now().Add(codeLife)}
		v.Set("code", code)
	}
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	redirect.RawQuery, redirect.Fragment = v.Encode(), "_"
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// exchangeCode handles POST /oauth/access_token (client_id,
// client_secret, code, grant_type=authorization_code, redirect_uri): a
// code, once, for a short-lived token and the user's id, as a number.
func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request, p url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := s.codes[p.Get("code")]
	switch {
	case r.Method != http.MethodPost:
		oauthError(w, "Unsupported method: the code is exchanged with a POST")
		return
	case p.Get("client_id") != s.ClientID || p.Get("client_secret") != s.ClientSecret:
		oauthError(w, "Error validating client secret")
		return
	case p.Get("grant_type") != "authorization_code":
		oauthError(w, "Unsupported grant_type")
		return
	case code == nil || !s.Now().Before(code.expires) || code.redirectURI != p.Get("redirect_uri"):
		oauthError(w, "Matching code was not found or was already used")
		return
	}
	delete(s.codes, p.Get("code"))
	token, g := s.issue(code.account, code.scopes, shortLived)
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"access_token": token, "user_id": userID(g.account)})
}

// userID writes a numeric user id as the number Threads sends.
func userID(id string) any {
	if strings.Trim(id, "0123456789") == "" && id != "" {
		return json.Number(id)
	}
	return id
}

// exchangeToken handles GET /access_token?grant_type=th_exchange_token
// &client_secret&access_token: a live short-lived token for a long-lived
// one, valid 60 days.
func (s *Server) exchangeToken(w http.ResponseWriter, p url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case p.Get("grant_type") != "th_exchange_token":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) grant_type must be th_exchange_token")
		return
	case p.Get("client_secret") != s.ClientSecret:
		writeError(w, http.StatusBadRequest, codeUnknown, 0, "Error validating client secret.")
		return
	}
	g, ok := s.lookup(w, p.Get("access_token"))
	if !ok {
		return
	}
	if g.life != shortLived {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Only a short-lived token is exchanged for a long-lived one")
		return
	}
	s.writeLongLived(w, g)
}

// refreshToken handles GET /refresh_access_token?grant_type=th_refresh_token
// &access_token: a live long-lived token at least a day old for a new
// one, valid 60 days from now. The old token lives on until it expires:
// Threads does not say it rotates.
func (s *Server) refreshToken(w http.ResponseWriter, p url.Values) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.Get("grant_type") != "th_refresh_token" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) grant_type must be th_refresh_token")
		return
	}
	g, ok := s.lookup(w, p.Get("access_token"))
	if !ok {
		return
	}
	if g.life != longLived || s.Now().Sub(g.issued) < refreshAge {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Only a long-lived token at least 24 hours old can be refreshed")
		return
	}
	s.writeLongLived(w, g)
}

// writeLongLived issues a long-lived token carrying g's account and
// scopes. Callers hold mu.
func (s *Server) writeLongLived(w http.ResponseWriter, g *grant) {
	token, ng := s.issue(g.account, g.scopes, longLived)
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"access_token": token, "token_type": "bearer", "expires_in": int(ng.expires.Sub(ng.issued) / time.Second)})
}
