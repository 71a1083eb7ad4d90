package metafake

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// Facebook Login's paths, without their version segment: the Login
// dialog of www.facebook.com and the Graph API's token endpoint, both
// served here, with or without a version (/v21.0/dialog/oauth).
const (
	AuthPath  = "/dialog/oauth"
	TokenPath = "/oauth/access_token"
)

// Facebook Login's token lifetimes (Long-Lived Access Tokens): a code
// gives a user token valid about an hour, exchanged for one valid 60
// days.
const (
	ShortLived = time.Hour
	LongLived  = 60 * 24 * time.Hour
)

// The app New registers, until RegisterApp replaces it.
const (
	DefaultAppID     = "meta-app-id"
	DefaultAppSecret = "meta-app-secret"
)

// RegisterApp makes appID and appSecret the App ID and App Secret of the
// one Meta app the fake knows. The grants of the app it replaces end
// with it.
//
// The Login dialog approves at once, as the person who manages the Page
// or the Instagram account its account parameter names (account=<page
// id> or <Instagram user id>), or the only account the fake has; deny=1
// plays the person who refuses. A code (POST to the token endpoint with
// the app's id and secret in the form) gives a user token valid an hour;
// GET on the token endpoint with grant_type=fb_exchange_token, the app's
// id and secret exchanges a live user token for one valid 60 days, and
// the token exchanged lives on until its own end. A user token acts for
// the consenting Instagram account; a Page acts with the Page token the
// user token gets (GET /{page-id}?fields=access_token or /me/accounts),
// which has no expiry when the user token is long-lived and ends with it
// otherwise. Meta has no revocation endpoint: DELETE /me/permissions with
// the user token, or Deauthorize, ends every token of the account. An
// expired token is answered with code 190, subcode 463; one whose grant
// ended with subcode 458.
func (s *Server) RegisterApp(appID, appSecret string) {
	exchange := oauthfake.Exchange{GrantType: "fb_exchange_token", TokenParam: "fb_exchange_token", ClientID: true, ClientSecret: true, TTL: LongLived}
	o := oauthfake.New(func() time.Time { return s.Now() }, oauthfake.Options{
		AuthPath: AuthPath, TokenPath: TokenPath,
		ClientID: appID, ClientSecret: appSecret, ClientAuth: oauthfake.AuthBody,
		ScopeSeparator: ",", AccessTTL: ShortLived, Exchanges: []oauthfake.Exchange{exchange},
		WriteError: writeOAuthError,
	})
	mux := http.NewServeMux()
	o.Mount(mux)
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.accounts {
		o.AddAccount(id)
	}
	s.appID, s.oauth = appID, o
	s.oauthHandler = mux
}

// Deauthorize is the person removing the app from their settings: every
// user token and Page token the app got for the account stops working.
func (s *Server) Deauthorize(accountID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deauthorize(accountID)
}

// deauthorize ends the account's grants; callers hold mu.
func (s *Server) deauthorize(accountID string) {
	s.oauth.RevokeAll(accountID)
	for _, t := range s.pageTokens {
		if t.page == accountID {
			t.revoked = true
		}
	}
}

// serveOAuth serves the current app's OAuth endpoint at path, the
// request's path without its version.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request, path string) {
	r = r.Clone(r.Context())
	r.URL.Path, r.URL.RawPath = path, ""
	s.mu.Lock()
	h := s.oauthHandler
	s.mu.Unlock()
	h.ServeHTTP(w, r)
}

// writeOAuthError answers a refusal of the token endpoint in Graph's
// shape, an OAuthException with 400: code 101 for the app's credentials,
// 100 for any other (Meta's own codes for a code or a token it refuses
// are finer).
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	graph := codeInvalid
	if code == "invalid_client" {
		graph = codeAppCredentials
	}
	if status < http.StatusTooManyRequests {
		status = http.StatusBadRequest
	}
	writeTypedError(w, status, "OAuthException", graph, 0, description)
}

// holder is what a token acts for.
type holder struct {
	account string
	// user is a person's user token of the OAuth flow; registered an
	// account's registered token, which ExpireToken expires.
	user, registered bool
}

// refusal is the code-190 answer Meta gives a token it does not take.
type refusal struct {
	subcode int
	message string
}

// tokenHolder returns what a token acts for, asked on behalf of
// accountID, or Meta's refusal of it. Callers hold mu.
func (s *Server) tokenHolder(token, accountID string) (holder, *refusal) {
	if a := s.accounts[accountID]; a != nil && a.token == token {
		return holder{account: accountID, registered: true}, nil
	}
	for id, a := range s.accounts {
		if a.token == token {
			return holder{account: id, registered: true}, nil
		}
	}
	if t := s.pageTokens[hash(token)]; t != nil {
		switch {
		case t.revoked:
			return holder{}, s.notAuthorized()
		case !t.expires.IsZero() && !s.Now().Before(t.expires):
			return holder{}, expiredToken
		}
		return holder{account: t.page}, nil
	}
	switch st := s.oauth.Status(token); st.State {
	case oauthfake.TokenActive:
		return holder{account: st.Account, user: true}, nil
	case oauthfake.TokenExpired:
		return holder{}, expiredToken
	case oauthfake.TokenRevoked:
		return holder{}, s.notAuthorized()
	}
	return holder{}, &refusal{message: "Invalid OAuth access token - Cannot parse access token"}
}

var expiredToken = &refusal{subcode: subcodeExpired, message: "Error validating access token: Session has expired."}

// notAuthorized is the refusal of a token whose grant ended. Callers
// hold mu.
func (s *Server) notAuthorized() *refusal {
	return &refusal{subcode: subcodeNotAuthorized, message: "Error validating access token: The user has not authorized application " + s.appID + "."}
}
