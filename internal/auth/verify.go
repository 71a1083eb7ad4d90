package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/relais-dev/relais/internal/relais"
)

// Claims are what Relais reads of an ID token, as Cognito names them: the
// user name, the groups (one per Relais role), the custom attribute that
// grants clients (comma-separated), and what the token is for.
type Claims struct {
	Username string   `json:"cognito:username"`
	Groups   []string `json:"cognito:groups"`
	Clients  string   `json:"custom:clients,omitempty"`
	TokenUse string   `json:"token_use"`
}

// JWKSPath is where an issuer publishes its keys, after its URL, in
// Cognito's layout.
const JWKSPath = "/.well-known/jwks.json"

// Verifier verifies ID tokens of one issuer and one app client.
type Verifier struct {
	v *oidc.IDTokenVerifier
}

// NewVerifier returns a verifier of the ID tokens issuer gives the app
// client clientID. Keys are fetched from the issuer on first use, and
// again when a token names a key not yet seen, so that a rotation needs no
// restart; the start costs no network call.
func NewVerifier(issuer, clientID string, client *http.Client, now func() time.Time) *Verifier {
	ctx := oidc.ClientContext(context.Background(), client)
	keys := oidc.NewRemoteKeySet(ctx, strings.TrimSuffix(issuer, "/")+JWKSPath)
	return &Verifier{v: oidc.NewVerifier(issuer, keys, &oidc.Config{
		ClientID: clientID, SupportedSigningAlgs: []string{oidc.RS256}, Now: now,
	})}
}

// errUnauthorized is every refusal's answer: why a token was refused is
// logged, never told to its bearer.
var errUnauthorized = relais.Errorf(relais.EUNAUTHORIZED, "sign in again: the token is missing, expired or not valid")

// Verify checks a bearer token's signature, issuer, audience and expiry,
// and reads who it names. The error is EUNAUTHORIZED; the reason, which
// quotes nothing of the token, is wrapped for the log.
func (v *Verifier) Verify(ctx context.Context, raw string) (Identity, error) {
	tok, err := v.v.Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("%w (%s)", errUnauthorized, reason(err))
	}
	var c Claims
	if err := tok.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("%w (claims of the wrong type)", errUnauthorized)
	}
	if c.TokenUse != "id" {
		return Identity{}, fmt.Errorf("%w (not an ID token)", errUnauthorized)
	}
	id := Identity{Subject: tok.Subject, Name: c.Username, Clients: splitClients(c.Clients)}
	for _, g := range c.Groups {
		r, err := ParseRole(g)
		if err != nil {
			continue // groups of other applications
		}
		if id.Role != "" {
			return Identity{}, fmt.Errorf("%w (in more than one Relais group)", errUnauthorized)
		}
		id.Role = r
	}
	if err := id.Validate(); err != nil {
		return Identity{}, fmt.Errorf("%w (%s)", errUnauthorized, relais.ErrorMessage(err))
	}
	return id, nil
}

// reason names why go-oidc refused a token without quoting it.
func reason(err error) string {
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return "expired"
	case strings.Contains(err.Error(), "issuer"):
		return "wrong issuer"
	case strings.Contains(err.Error(), "audience"):
		return "wrong audience"
	case strings.Contains(err.Error(), "signature"):
		return "bad signature"
	default:
		return "malformed"
	}
}
