// Package oauthfake is an OAuth 2.0 authorization server that every fake
// network mounts at its network's own paths, for Relais' tests and local
// stack. It does what RFC 6749 and the networks' documentation describe
// where Relais depends on it: a consent page that approves for one of the
// fake's accounts and redirects with a code and the state; codes that are
// single-use and short-lived, tied to their client, redirect URI and PKCE
// challenge (RFC 7636, S256); tokens that expire on the fake's clock;
// refresh tokens, rotated or not; the exchanges of a long-lived token some
// networks use instead (Meta's fb_exchange_token, Threads'
// th_refresh_token); and revocation (RFC 7009). The hosting fake asks Valid
// whether a bearer token may call its API, and Status whether one it
// refuses expired, was revoked or was never issued.
//
// The consent page approves at once for the account named by its
// account parameter (account=<id>), or for the only account the fake
// has; deny=1 plays the person who refuses. Accounts are added with
// AddAccount, which a hosting fake calls from its own registration.
package oauthfake

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// Default paths, for a fake that names none.
const (
	DefaultAuthPath   = "/oauth/authorize"
	DefaultTokenPath  = "/oauth/token"
	DefaultRevokePath = "/oauth/revoke"
)

// DefaultCodeTTL is how long a code may be exchanged when Options leave
// it out: RFC 6749 (4.1.2) recommends ten minutes at most.
const DefaultCodeTTL = 10 * time.Minute

// ClientAuth is how the token and revoke endpoints take the app's
// credentials.
type ClientAuth string

const (
	// AuthAny takes them in the form or with HTTP Basic.
	AuthAny ClientAuth = ""
	// AuthBasic takes them only with HTTP Basic (X's confidential clients).
	AuthBasic ClientAuth = "basic"
	// AuthBody takes them only in the form (LinkedIn, TikTok).
	AuthBody ClientAuth = "body"
)

// Exchange is a grant that turns a valid access token into a new one,
// as networks without refresh tokens renew theirs.
type Exchange struct {
	// Method and Path are where the exchange is served: GET on the token
	// path when empty. A POST on the token path shares the token endpoint.
	Method, Path string
	// GrantType is its grant_type (fb_exchange_token, th_refresh_token).
	GrantType string
	// TokenParam names the parameter carrying the current access token
	// (fb_exchange_token, access_token).
	TokenParam string
	// ClientID and ClientSecret say which of the app's credentials the
	// exchange requires: Meta's takes both, Threads' refresh neither.
	ClientID, ClientSecret bool
	// TTL is the life of the token it issues; zero: Options.AccessTTL.
	TTL time.Duration
}

// Options describe one network's authorization server.
type Options struct {
	// AuthPath, TokenPath and RevokePath are the endpoints' paths; empty
	// ones get the defaults.
	AuthPath, TokenPath, RevokePath string
	// ClientID and ClientSecret are the one app the fake knows.
	ClientID, ClientSecret string
	// ClientIDParam names the client id parameter: client_id when empty,
	// TikTok's client_key.
	ClientIDParam string
	ClientAuth    ClientAuth
	// RedirectURIs are the app's registered redirect URIs, compared as
	// strings except for a loopback URI's port, which RFC 8252 (7.3) lets
	// the app choose. Empty: any absolute http or https URI.
	RedirectURIs []string
	// PKCE requires an S256 code challenge on consent and its verifier on
	// exchange; without it, challenges are ignored as a network without
	// PKCE ignores them.
	PKCE bool
	// ScopeSeparator joins scopes in the token answer and splits them in
	// the consent request: a space when empty.
	ScopeSeparator string
	// CodeTTL is a code's life: DefaultCodeTTL when zero.
	CodeTTL time.Duration
	// AccessTTL is an access token's life; zero: it never expires.
	AccessTTL time.Duration
	// RefreshTokens issues a refresh token with each code exchange.
	RefreshTokens bool
	// RefreshTTL is a grant's refresh token life, counted from consent
	// and kept through refreshes and rotation, as LinkedIn documents;
	// zero: it never expires.
	RefreshTTL time.Duration
	// RefreshExpiresField names the answer field that gives the refresh
	// token's remaining life (LinkedIn's refresh_token_expires_in,
	// TikTok's refresh_expires_in); empty: none is sent.
	RefreshExpiresField string
	// Rotate replaces the refresh token at each refresh: the one used
	// stops working.
	Rotate bool
	// Exchanges are the exchange grants the server offers.
	Exchanges []Exchange
	// WriteError writes an error answer; nil: RFC 6749's JSON (5.2). A
	// hosting fake sets it to answer in its network's shape.
	WriteError func(w http.ResponseWriter, status int, code, description string)
}

// Server is the authorization server. Build it with New.
type Server struct {
	// Faults fails the requests ServeHTTP serves; a fake that mounts the
	// server behind its own injector leaves it alone.
	Faults *netfake.Injector

	now  func() time.Time
	opts Options
	mux  *http.ServeMux

	mu       sync.Mutex
	accounts map[string]bool
	codes    map[string]*code  // by hash
	tokens   map[string]*token // by hash
}

// New returns a server reading time from clock (time.Now when nil), with
// no accounts.
func New(clock func() time.Time, opts Options) *Server {
	if clock == nil {
		clock = time.Now
	}
	if opts.AuthPath == "" {
		opts.AuthPath = DefaultAuthPath
	}
	if opts.TokenPath == "" {
		opts.TokenPath = DefaultTokenPath
	}
	if opts.RevokePath == "" {
		opts.RevokePath = DefaultRevokePath
	}
	if opts.ClientIDParam == "" {
		opts.ClientIDParam = "client_id"
	}
	if opts.ScopeSeparator == "" {
		opts.ScopeSeparator = " "
	}
	if opts.CodeTTL == 0 {
		opts.CodeTTL = DefaultCodeTTL
	}
	if opts.WriteError == nil {
		opts.WriteError = writeError
	}
	for i, e := range opts.Exchanges {
		if e.Method == "" {
			opts.Exchanges[i].Method = http.MethodGet
		}
		if e.Path == "" {
			opts.Exchanges[i].Path = opts.TokenPath
		}
	}
	s := &Server{
		Faults:   &netfake.Injector{},
		now:      clock,
		opts:     opts,
		accounts: map[string]bool{},
		codes:    map[string]*code{},
		tokens:   map[string]*token{},
	}
	s.mux = http.NewServeMux()
	s.Mount(s.mux)
	return s
}

// Mount serves the endpoints on mux, at their paths, without Faults: the
// hosting fake's own injector applies.
func (s *Server) Mount(mux *http.ServeMux) {
	routes := map[string]http.HandlerFunc{
		http.MethodGet + " " + s.opts.AuthPath:    s.consent,
		http.MethodPost + " " + s.opts.TokenPath:  s.token,
		http.MethodPost + " " + s.opts.RevokePath: s.revoke,
	}
	for _, e := range s.opts.Exchanges {
		// Exchanges that share a method and path share a route, which
		// tells them apart by grant_type.
		if p := e.Method + " " + e.Path; routes[p] == nil {
			routes[p] = s.token
		}
	}
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
}

// ServeHTTP serves the endpoints alone, each request meeting Faults
// first.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Faults.Wrap(s.mux.ServeHTTP, answers{s.opts.WriteError}).ServeHTTP(w, r)
}

// AddAccount lets the account approve the consent.
func (s *Server) AddAccount(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[id] = true
}

// Valid reports whether an access token may call the API now, and for
// which account.
func (s *Server) Valid(accessToken string) (account string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.live(accessToken, accessKind)
	if t == nil {
		return "", false
	}
	return t.grant.account, true
}

// TokenState is what an access token is to the server that issued it.
type TokenState int

const (
	// TokenUnknown: the server never issued it as an access token.
	TokenUnknown TokenState = iota
	// TokenActive: it may call the API now.
	TokenActive
	// TokenExpired: its life is over, whether or not its grant ended.
	TokenExpired
	// TokenRevoked: unexpired, but its grant ended.
	TokenRevoked
)

// TokenStatus is what the server says of an access token, for a hosting
// fake to answer a token it does not take as its network does.
type TokenStatus struct {
	// Account is the account the token's grant is for; "" if unknown.
	Account string
	State   TokenState
	// Issued is when it was issued, Expires when it stops working (zero:
	// never); both zero if unknown.
	Issued, Expires time.Time
}

// Status reports an access token's state now, and its account and life.
func (s *Server) Status(accessToken string) TokenStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[hash(accessToken)]
	if !ok || t.kind != accessKind {
		return TokenStatus{}
	}
	st := TokenStatus{Account: t.grant.account, State: TokenActive, Issued: t.issued, Expires: t.expires}
	switch {
	case !t.expires.IsZero() && !s.now().Before(t.expires):
		st.State = TokenExpired
	case t.grant.revoked:
		st.State = TokenRevoked
	}
	return st
}

// Revoke ends the grant a token (access or refresh) belongs to, as its
// revocation endpoint does; it reports whether the token was known.
func (s *Server) Revoke(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[hash(tok)]
	if ok {
		t.grant.revoked = true
	}
	return ok
}

// RevokeAll ends every grant of the account, as when its person removes
// the app from their settings.
func (s *Server) RevokeAll(account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.grant.account == account {
			t.grant.revoked = true
		}
	}
}

// hash keys codes and tokens, so that the maps hold no usable secret.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
