package xfake

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// X's OAuth 2.0 paths: the consent page x.com serves, and the token and
// revocation endpoints of api.x.com, all served here.
const (
	AuthPath   = "/i/oauth2/authorize"
	TokenPath  = "/2/oauth2/token"
	RevokePath = "/2/oauth2/revoke"
)

// X's OAuth lifetimes: a code must be exchanged within 30 seconds, an
// access token lives two hours (docs.x.com, OAuth 2.0 Authorization Code
// Flow with PKCE).
const (
	CodeTTL   = 30 * time.Second
	AccessTTL = 2 * time.Hour
)

// The app New registers, until RegisterApp replaces it.
const (
	DefaultClientID     = "x-client-id"
	DefaultClientSecret = "x-client-secret"
)

// RegisterApp makes id and secret the credentials of the one OAuth 2.0
// app the fake knows, a confidential client: the token and revocation
// endpoints take them with HTTP Basic only, as X documents for
// confidential clients. The grants of the app it replaces end with it.
//
// The consent page approves at once for the user its account parameter
// names (account=<user id>), or for the only user the fake has; deny=1
// plays the person who refuses. It wants an S256 code challenge. Every
// code exchange gives a refresh token (X gives one only with
// offline.access, which Relais always asks), and every refresh a new one,
// the used one refused after. The tokens act as the consenting user on
// the API until they expire or are revoked; then X's 401 answers.
func (s *Server) RegisterApp(id, secret string) {
	o := oauthfake.New(func() time.Time { return s.Now() }, oauthfake.Options{
		AuthPath: AuthPath, TokenPath: TokenPath, RevokePath: RevokePath,
		ClientID: id, ClientSecret: secret, ClientAuth: oauthfake.AuthBasic,
		PKCE: true, CodeTTL: CodeTTL, AccessTTL: AccessTTL, RefreshTokens: true, Rotate: true,
	})
	mux := http.NewServeMux()
	o.Mount(mux)
	s.mu.Lock()
	defer s.mu.Unlock()
	for u := range s.users {
		o.AddAccount(u)
	}
	s.oauth, s.oauthMux = o, mux
}

// Deauthorize is the user removing the app in their settings
// (x.com/settings/connected_apps): every token the app got for them
// stops working.
func (s *Server) Deauthorize(userID string) {
	s.mu.Lock()
	o := s.oauth
	s.mu.Unlock()
	o.RevokeAll(userID)
}

// serveOAuth serves the current app's OAuth endpoints.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	mux := s.oauthMux
	s.mu.Unlock()
	mux.ServeHTTP(w, r)
}

// oauthUser is the user an access token the OAuth endpoints issued acts
// for, while it is live.
func (s *Server) oauthUser(token string) (string, bool) {
	s.mu.Lock()
	o := s.oauth
	s.mu.Unlock()
	return o.Valid(token)
}
