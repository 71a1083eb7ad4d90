// Package localoidc is the OpenID issuer of the local stack: it stands for
// the agency's Cognito user pool under relais dev. It publishes its keys
// as Cognito does, so that the API verifies its tokens with exactly the
// code that verifies Cognito's. It signs the console in as Cognito's
// hosted UI does, by the authorization code flow with PKCE, from a page
// where anyone picks who to be, and it mints ID tokens of Cognito's shape
// for whoever asks (relais --local token): both only a local stack may do.
package localoidc

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/relais"
)

// Paths under the issuer's URL.
const (
	DiscoveryPath = "/.well-known/openid-configuration"
	TokenPath     = "/token"
	AuthorizePath = "/authorize"
)

// ClientID is the app client the local issuer's tokens are for.
const ClientID = "relais-console-local"

// TokenTTL is how long a minted token is valid, as Cognito's default ID
// token.
const TokenTTL = time.Hour

// Issuer signs ID tokens with a key made when it starts.
type Issuer struct {
	url    string
	key    *rsa.PrivateKey
	kid    string
	signer jose.Signer
	// console is the origin of the console, whose "/" is the one
	// redirect_uri the issuer sends codes to; empty sends none.
	console string
	people  people
	codes   codes
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// Option configures an issuer.
type Option func(*Issuer)

// WithConsole names the console's origin (scheme://host[:port]): its
// "/" is the redirect_uri the sign-in sends codes to, as Cognito's
// callback URL is.
func WithConsole(origin string) Option {
	return func(i *Issuer) { i.console = strings.TrimSuffix(origin, "/") }
}

// New returns an issuer known by url, with a fresh 2048-bit RSA key.
func New(url string, opts ...Option) (*Issuer, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("localoidc: make a signing key: %w", err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	kid := hex.EncodeToString(b)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("localoidc: make a signer: %w", err)
	}
	i := &Issuer{url: strings.TrimSuffix(url, "/"), key: key, kid: kid, signer: signer, codes: codes{byCode: map[string]grant{}}, Now: time.Now}
	for _, o := range opts {
		o(i)
	}
	return i, nil
}

// URL is the issuer's identifier, the iss of its tokens.
func (i *Issuer) URL() string { return i.url }

// claims are an ID token's, as Cognito writes them: the registered
// claims and Relais's, side by side in one JSON object, with the nonce
// the console sent when it signed in.
type claims struct {
	jwt.Claims
	relaisClaims
	Nonce string `json:"nonce,omitempty"`
}

// relaisClaims names auth.Claims apart from jwt.Claims in claims.
type relaisClaims = auth.Claims

// Mint returns an ID token for an identity, valid for TokenTTL.
func (i *Issuer) Mint(id auth.Identity) (string, error) {
	return i.mint(id, "id", "")
}

// mint signs a token of a use ("id" or "access") for an identity; an ID
// token carries the sign-in's nonce. An access token, as Cognito's, is
// not one the API takes: the console sends the ID token.
func (i *Issuer) mint(id auth.Identity, use, nonce string) (string, error) {
	id, err := local(id)
	if err != nil {
		return "", err
	}
	now := i.Now()
	c := claims{
		Claims: jwt.Claims{
			Issuer: i.url, Subject: id.Subject, Audience: jwt.Audience{ClientID},
			IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(TokenTTL)),
		},
		relaisClaims: auth.Claims{Username: id.Name, Groups: []string{string(id.Role)}, Clients: strings.Join(id.Clients, ","), TokenUse: use},
		Nonce:        nonce,
	}
	tok, err := jwt.Signed(i.signer).Claims(c).Serialize()
	if err != nil {
		return "", fmt.Errorf("localoidc: sign a token: %w", err)
	}
	return tok, nil
}

// local completes and checks an identity the issuer signs in: its
// subject is made from its name, as the CLI's are.
func local(id auth.Identity) (auth.Identity, error) {
	if id.Subject == "" {
		id.Subject = "local-" + id.Name
	}
	if err := id.Validate(); err != nil {
		return id, relais.Errorf(relais.EINVALID, "%s", relais.ErrorMessage(err))
	}
	return id, nil
}

// ServeHTTP serves the discovery document and the keys, where Cognito
// does; the sign-in page and its codes (GET and POST /authorize); and the
// token endpoint, which exchanges a code (a form, as OAuth has it) or
// mints a token for the CLI: {"name","role","clients"} in JSON answers
// {"id_token"}.
func (i *Issuer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == DiscoveryPath:
		writeJSON(w, http.StatusOK, map[string]any{
			"issuer": i.url, "jwks_uri": i.url + auth.JWKSPath,
			"authorization_endpoint": i.url + AuthorizePath, "token_endpoint": i.url + TokenPath,
			"id_token_signing_alg_values_supported": []string{"RS256"}, "subject_types_supported": []string{"public"},
			"response_types_supported": []string{"code"}, "grant_types_supported": []string{"authorization_code"},
			"code_challenge_methods_supported": []string{"S256"}, "scopes_supported": scopes,
			"token_endpoint_auth_methods_supported": []string{"none"},
		})
	case r.Method == http.MethodGet && r.URL.Path == auth.JWKSPath:
		pub := jose.JSONWebKey{Key: &i.key.PublicKey, KeyID: i.kid, Algorithm: string(jose.RS256), Use: "sig"}
		writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{pub}})
	case r.Method == http.MethodGet && r.URL.Path == AuthorizePath:
		i.showSignIn(w, r)
	case r.Method == http.MethodPost && r.URL.Path == AuthorizePath:
		i.signIn(w, r)
	case r.Method == http.MethodPost && r.URL.Path == TokenPath && isForm(r):
		i.exchange(w, r)
	case r.Method == http.MethodPost && r.URL.Path == TokenPath:
		var id auth.Identity
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4096))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&id); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "want {\"name\",\"role\",\"clients\"}"})
			return
		}
		tok, err := i.Mint(id)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": relais.ErrorMessage(err)})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id_token": tok})
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
