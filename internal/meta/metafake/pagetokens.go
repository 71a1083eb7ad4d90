package metafake

import (
	"crypto/rand"
	"crypto/sha256"
	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
	"github.com/relais-dev/relais/internal/netfake/oauthfake"
	"net/http"
	"slices"
	"strings"
	"time"
)

// pageAccess is a Page access token a person's user token got.
type pageAccess struct {
	page string
	// expires is zero for a token got with a long-lived user token.
	expires time.Time
	revoked bool
}

// hash keys tokens, so that the fake keeps no usable one.
func hash(token string) [32]byte { return sha256.Sum256([]byte(token)) }

// wantsField reports whether a fields parameter names field.
func wantsField(fields, field string) bool {
	return slices.Contains(strings.Split(fields, ","), field)
}

// readPageToken handles GET /{page-id}?fields=access_token: with the
// user token of the person who manages the Page, a new Page token; with
// a Page token, itself.
func (s *Server) readPageToken(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.holderOf(w, q)
	if !ok {
		return
	}
	a := s.accounts[q.node]
	if a == nil || a.kind != page || h.account != q.node {
		unsupported(w, q.r.Method, q.node)
		return
	}
	token := q.token
	if h.user {
		token = s.issuePageToken(q.token, q.node)
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"access_token": token, "id": q.node})
}

// meAccounts handles GET /me/accounts: the Pages the user token's person
// manages, each with a new Page token. The fake's person manages the one
// account they consented for, which may be an Instagram account.
func (s *Server) meAccounts(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.userOf(w, q)
	if !ok {
		return
	}
	pages := []map[string]any{}
	switch a := s.accounts[h.account]; {
	case a != nil && a.kind == page:
		pages = append(pages, map[string]any{
			"id": h.account, "name": "Page " + h.account, "access_token": s.issuePageToken(q.token, h.account),
			"tasks": []string{"ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"},
		})
	case a != nil && a.kind == instagram:
		// The Instagram professional account is linked to a Page of the
		// person's, which the fake makes up.
		pages = append(pages, map[string]any{
			"id": "page-of-" + h.account, "name": "Page of " + h.account,
			"instagram_business_account": map[string]any{"id": h.account, "username": "ig_" + h.account},
		})
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"data": pages})
}

// removeApp handles DELETE /me/permissions with a user token: the person
// removes the app, and every token it got for them stops working.
func (s *Server) removeApp(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.userOf(w, q)
	if !ok {
		return
	}
	s.deauthorize(h.account)
	graphfake.WriteJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// holderOf is what the request's token acts for, or answers Meta's
// refusal of it. Callers hold mu.
func (s *Server) holderOf(w http.ResponseWriter, q *request) (holder, bool) {
	if q.token == "" {
		writeError(w, http.StatusBadRequest, codeToken, 0, "An active access token must be used to query information about the current user.")
		return holder{}, false
	}
	h, bad := s.tokenHolder(q.token, q.node)
	if bad != nil {
		writeError(w, http.StatusBadRequest, codeToken, bad.subcode, bad.message)
		return holder{}, false
	}
	return h, true
}

// userOf is the person whose user token a /me call carries; any other
// token is answered as Meta answers a /me call it cannot serve. Callers
// hold mu.
func (s *Server) userOf(w http.ResponseWriter, q *request) (holder, bool) {
	h, ok := s.holderOf(w, q)
	if ok && !h.user {
		unsupported(w, q.r.Method, q.node)
		return holder{}, false
	}
	return h, ok
}

// issuePageToken gives a Page token for a live user token: without
// expiry if the user token is long-lived, ending with it if not. Callers
// hold mu.
func (s *Server) issuePageToken(userToken, pageID string) string {
	t := &pageAccess{page: pageID}
	if u := s.oauth.Status(userToken); u.State != oauthfake.TokenUnknown && u.Expires.Sub(u.Issued) <= ShortLived {
		t.expires = u.Expires
	}
	token := "EAAP" + rand.Text()
	s.pageTokens[hash(token)] = t
	return token
}

// me handles GET /me with a user token: the app-scoped id of the person,
// whom Meta's deauthorize callback names (PersonOf).
func (s *Server) me(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.userOf(w, q)
	if !ok {
		return
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"id": PersonOf(h.account)})
}

// PersonOf is the app-scoped id the fake gives the person who consents
// for an account: one person per account, as the fake's consent names
// the account.
func PersonOf(account string) string { return "person-" + account }
