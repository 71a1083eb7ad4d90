package blueskyfake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// refreshTTL is how long a refresh token lives on the reference PDS.
const refreshTTL = 90 * 24 * time.Hour

type account struct {
	did, handle, password string
	records               map[string]map[string]*Record // collection, then rkey
	// blobs are the blobs the account uploaded, by CID.
	blobs map[string]*blob
	// notifications are in the order they were made.
	notifications []notification
	// chatLog is the account's chat log, oldest first; noChat is set when
	// its app password has no access to direct messages.
	chatLog []chatEntry
	noChat  bool
	// unconfirmed is set when the account's email is not verified: the
	// video service refuses it.
	unconfirmed bool
	// videoDay is the day videosToday and videoBytesToday count.
	videoDay        string
	videosToday     int
	videoBytesToday int64
}

type tokenKind int

const (
	accessToken tokenKind = iota
	refreshToken
)

type token struct {
	did     string
	kind    tokenKind
	expires time.Time
	// noChat is the app password's, when the session was opened.
	noChat bool
}

// plcEncoding is the lowercase base32 alphabet did:plc identifiers use.
var plcEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// RegisterAccount creates an account with one app password, with access
// to direct messages (see DenyDirectMessages), or replaces its password,
// and returns its DID (derived from the handle, so stable).
func (s *Server) RegisterAccount(handle, appPassword string) (did string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.register(handle)
	a.password = appPassword
	return a.did
}

// register returns the account with a handle, created without a password
// if new; s.mu must be held.
func (s *Server) register(handle string) *account {
	sum := sha256.Sum256([]byte(handle))
	did := "did:plc:" + plcEncoding.EncodeToString(sum[:])[:24]
	if a := s.accounts[did]; a != nil {
		return a
	}
	a := &account{did: did, handle: handle, records: map[string]map[string]*Record{}, blobs: map[string]*blob{}}
	s.accounts[did] = a
	s.handles[handle] = did
	return a
}

// ExpireAccessTokens makes every access token issued so far answer 400
// ExpiredToken, as the short-lived tokens of the reference PDS do.
func (s *Server) ExpireAccessTokens() { s.expire(accessToken) }

// ExpireRefreshTokens makes every refresh token issued so far answer 400
// ExpiredToken, so that only a new session helps.
func (s *Server) ExpireRefreshTokens() { s.expire(refreshToken) }

func (s *Server) expire(kind tokenKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.kind == kind {
			t.expires = time.Time{}
		}
	}
}

// IssuedTokens lists every token issued, so that tests can check that no
// error carries one.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens)+len(s.services))
	for v := range s.tokens {
		out = append(out, v)
	}
	for v := range s.services {
		out = append(out, v)
	}
	return out
}

// account resolves a handle or a DID; s.mu must be held.
func (s *Server) account(id string) *account {
	if did, ok := s.handles[id]; ok {
		id = did
	}
	return s.accounts[id]
}

// createSession handles com.atproto.server.createSession.
func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Identifier string `json:"identifier"`
		Password   string `json:"password"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(in.Identifier)
	if a == nil || in.Password == "" || in.Password != a.password {
		writeError(w, http.StatusUnauthorized, "AuthenticationRequired", "Invalid identifier or password")
		return
	}
	s.sessions++
	writeJSON(w, s.issue(r, a, a.noChat))
}

// refreshSession handles com.atproto.server.refreshSession: refresh tokens
// are single use, as on the reference PDS (which allows a short grace).
func (s *Server) refreshSession(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, t, ok := s.bearer(w, r, refreshToken)
	if !ok {
		return
	}
	delete(s.tokens, v)
	s.refreshes++
	writeJSON(w, s.issue(r, s.accounts[t.did], t.noChat))
}

// issue makes a session's tokens, with or without access to the chat,
// and its DID document, which names the fake as the account's PDS; s.mu
// must be held.
func (s *Server) issue(r *http.Request, a *account, noChat bool) map[string]any {
	now := s.Now()
	access, refresh := newToken("acc"), newToken("ref")
	s.tokens[access] = &token{did: a.did, kind: accessToken, expires: now.Add(s.AccessTTL), noChat: noChat}
	s.tokens[refresh] = &token{did: a.did, kind: refreshToken, expires: now.Add(refreshTTL), noChat: noChat}
	doc := map[string]any{
		"@context":    []string{"https://www.w3.org/ns/did/v1"},
		"id":          a.did,
		"alsoKnownAs": []string{"at://" + a.handle},
		"service":     []map[string]string{{"id": "#atproto_pds", "type": "AtprotoPersonalDataServer", "serviceEndpoint": baseURL(r)}},
	}
	return map[string]any{"did": a.did, "didDoc": doc, "handle": a.handle, "accessJwt": access, "refreshJwt": refresh, "active": true}
}

func newToken(prefix string) string {
	b := make([]byte, 24)
	rand.Read(b) // crypto/rand.Read never fails
	return prefix + "-" + hex.EncodeToString(b)
}

// bearer checks a call's token of the given kind and answers the PDS's
// errors when it fails; s.mu must be held.
func (s *Server) bearer(w http.ResponseWriter, r *http.Request, kind tokenKind) (string, *token, bool) {
	v, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || v == "" {
		writeError(w, http.StatusUnauthorized, "AuthenticationRequired", "Authentication Required")
		return "", nil, false
	}
	t := s.tokens[v]
	switch {
	case t == nil:
		writeError(w, http.StatusBadRequest, "InvalidToken", "Token could not be verified")
		return "", nil, false
	case t.kind != kind:
		writeError(w, http.StatusBadRequest, "InvalidToken", "Bad token scope")
		return "", nil, false
	case !s.Now().Before(t.expires):
		writeError(w, http.StatusBadRequest, "ExpiredToken", "Token has expired")
		return "", nil, false
	}
	return v, t, true
}
