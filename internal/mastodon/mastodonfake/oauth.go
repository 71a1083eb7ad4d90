package mastodonfake

import (
	"net/http"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// The OAuth paths every Mastodon instance serves (docs.joinmastodon.org,
// methods/oauth).
const (
	AuthPath   = "/oauth/authorize"
	TokenPath  = "/oauth/token"
	RevokePath = "/oauth/revoke"
)

// The app New registers, until RegisterApp replaces it.
const (
	DefaultClientID     = "mastodon-client-id"
	DefaultClientSecret = "mastodon-client-secret"
)

// RegisterApp makes id and secret the client_id and client_secret of the
// one app the instance knows, as POST /api/v1/apps would give them to the
// operator who registers Relais' app. The grants of the app it replaces
// end with it.
//
// The consent page approves at once for the local account its account
// parameter names (account=<username>, or <username>@<instance> as Relais
// names accounts: the fake stands for every instance), or for the only
// account the instance has; deny=1 plays the person who refuses. The
// token endpoint and the revocation endpoint take the app's credentials
// in the form. Tokens never expire and come without a refresh token, as
// Mastodon's; a token acts as the consenting account until it is revoked.
func (s *Server) RegisterApp(id, secret string) {
	o := oauthfake.New(func() time.Time { return s.Now() }, oauthfake.Options{
		AuthPath: AuthPath, TokenPath: TokenPath, RevokePath: RevokePath,
		ClientID: id, ClientSecret: secret, ClientAuth: oauthfake.AuthBody,
	})
	mux := http.NewServeMux()
	o.Mount(mux)
	s.mu.Lock()
	defer s.mu.Unlock()
	// The accounts RegisterAccount made, which people own here.
	for _, a := range s.tokens {
		o.AddAccount(a.username)
	}
	s.oauth, s.oauthMux = o, mux
}

// Deauthorize is the person revoking the app in their settings
// (/oauth/authorized_applications): every token it got for the account
// stops working.
func (s *Server) Deauthorize(username string) {
	s.mu.Lock()
	o := s.oauth
	s.mu.Unlock()
	o.RevokeAll(username)
}

// serveOAuth serves the current app's OAuth endpoints, the consent page
// reading an account named user@instance as its user.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == AuthPath {
		q := r.URL.Query()
		if a := q.Get("account"); a != "" {
			user, _, _ := strings.Cut(strings.TrimPrefix(a, "@"), "@")
			q.Set("account", user)
			r = r.Clone(r.Context())
			r.URL.RawQuery = q.Encode()
		}
	}
	s.mu.Lock()
	mux := s.oauthMux
	s.mu.Unlock()
	mux.ServeHTTP(w, r)
}
