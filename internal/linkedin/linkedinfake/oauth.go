package linkedinfake

import (
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// LinkedIn's OAuth 2.0 paths, on www.linkedin.com, served here beside
// the API.
const (
	AuthPath   = "/oauth/v2/authorization"
	TokenPath  = "/oauth/v2/accessToken"
	RevokePath = "/oauth/v2/revoke"
	oauthPaths = "/oauth/v2/"
)

// LinkedIn's OAuth lifetimes: a code is exchanged within 30 minutes (the
// Authorization Code Flow page's figure, unconfirmed); an access token
// lives 60 days and a refresh token 365 days from consent, through
// refreshes (Programmatic Refresh Tokens).
const (
	CodeTTL    = 30 * time.Minute
	AccessTTL  = 60 * 24 * time.Hour
	RefreshTTL = 365 * 24 * time.Hour
)

// The app New registers, until RegisterApp replaces it.
const (
	DefaultClientID     = "linkedin-client-id"
	DefaultClientSecret = "linkedin-client-secret"
)

// RegisterApp makes id and secret the Client ID and Client Secret of the
// one app the fake knows. The grants of the app it replaces end with it.
//
// The consent page approves at once for the organization its account
// parameter names (account=<organization id>, for a member who
// administers it), or for the only organization the fake has; deny=1
// plays the member who refuses. The token and revocation endpoints take
// the app's credentials in the form. A code gives a 60-day access token
// and a refresh token (LinkedIn gives those to approved Marketing
// partners, the fake to every app) whose 365 days count from consent; a
// refresh gives a new access token and keeps the refresh token, and the
// access token it replaces lives on until its own end. Unlike LinkedIn,
// the fake does not shorten an access token renewed in the refresh
// token's last 60 days to the refresh token's end. Tokens act for the consenting
// organization until they expire or are revoked; then the API answers
// 401 EXPIRED_ACCESS_TOKEN or REVOKED_ACCESS_TOKEN.
func (s *Server) RegisterApp(id, secret string) {
	o := oauthfake.New(func() time.Time { return s.Now() }, oauthfake.Options{
		AuthPath: AuthPath, TokenPath: TokenPath, RevokePath: RevokePath,
		ClientID: id, ClientSecret: secret, ClientAuth: oauthfake.AuthBody,
		CodeTTL: CodeTTL, AccessTTL: AccessTTL,
		RefreshTokens: true, RefreshTTL: RefreshTTL, RefreshExpiresField: "refresh_token_expires_in",
	})
	mux := http.NewServeMux()
	o.Mount(mux)
	s.mu.Lock()
	defer s.mu.Unlock()
	for org := range s.orgs {
		o.AddAccount(org)
	}
	s.oauth, s.oauthHandler = o, mux
}

// Deauthorize is a member removing the app from their settings: every
// token it got for the organization stops working.
func (s *Server) Deauthorize(orgID string) {
	s.mu.Lock()
	o := s.oauth
	s.mu.Unlock()
	o.RevokeAll(strings.TrimPrefix(orgID, orgPrefix))
}

// serveOAuth serves the current app's OAuth endpoints.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.oauthHandler
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

// oauthActsFor reports whether token is a live token of the OAuth flow
// for the organization ("" for any); s.mu is held.
func (s *Server) oauthActsFor(token, orgID string) bool {
	org, ok := s.oauth.Valid(token)
	return ok && (orgID == "" || org == orgID)
}

// writeBadToken answers a token the API does not take as LinkedIn does,
// saying whether it expired, was revoked, or was never valid.
func (s *Server) writeBadToken(w http.ResponseWriter, token string) {
	switch s.oauth.Status(token).State {
	case oauthfake.TokenExpired:
		writeError(w, http.StatusUnauthorized, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired")
	case oauthfake.TokenRevoked:
		writeError(w, http.StatusUnauthorized, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user")
	default:
		writeError(w, http.StatusUnauthorized, "INVALID_ACCESS_TOKEN", "invalid or missing access token")
	}
}
