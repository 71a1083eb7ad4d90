package auth_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/localoidc"
	"github.com/relais-dev/relais/internal/relais"
)

var now = time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)

// issuer serves a local issuer over HTTP, as relais dev does.
func issuer(t *testing.T) *localoidc.Issuer {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	iss, err := localoidc.New(srv.URL + "/oidc")
	if err != nil {
		t.Fatal(err)
	}
	iss.Now = func() time.Time { return now }
	mux.Handle("/oidc/", http.StripPrefix("/oidc", iss))
	return iss
}

func mint(t *testing.T, iss *localoidc.Issuer, id auth.Identity) string {
	t.Helper()
	tok, err := iss.Mint(id)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestVerify(t *testing.T) {
	iss := issuer(t)
	v := auth.NewVerifier(iss.URL(), localoidc.ClientID, http.DefaultClient, func() time.Time { return now })
	tests := []struct {
		name string
		id   auth.Identity
		want auth.Identity
	}{
		{"admin", auth.Identity{Name: "ada", Role: auth.Admin},
			auth.Identity{Subject: "local-ada", Name: "ada", Role: auth.Admin}},
		{"manager of two clients", auth.Identity{Subject: "s-1", Name: "max", Role: auth.Manager, Clients: []string{"acme", "globex"}},
			auth.Identity{Subject: "s-1", Name: "max", Role: auth.Manager, Clients: []string{"acme", "globex"}}},
		{"reviewer of one client", auth.Identity{Name: "rita", Role: auth.Reviewer, Clients: []string{"acme"}},
			auth.Identity{Subject: "local-rita", Name: "rita", Role: auth.Reviewer, Clients: []string{"acme"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := v.Verify(context.Background(), mint(t, iss, tt.id))
			if err != nil {
				t.Fatal(err)
			}
			if got.Subject != tt.want.Subject || got.Name != tt.want.Name || got.Role != tt.want.Role || !slices.Equal(got.Clients, tt.want.Clients) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestVerifyRefuses: every token that is not a valid ID token of the
// issuer, for the app client, now, naming one role, is refused as
// unauthorized, with a reason that quotes nothing of it.
func TestVerifyRefuses(t *testing.T) {
	iss := issuer(t)
	other := issuer(t)
	good := mint(t, iss, auth.Identity{Name: "ada", Role: auth.Admin})
	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"`+iss.URL()+`","aud":"relais-console-local","sub":"x","cognito:username":"eve","cognito:groups":["admin"],"token_use":"id","exp":9999999999}`)) + "." + parts[2]
	unsigned := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + strings.Split(tampered, ".")[1] + "."

	// The issuer's URL in a token signed with a key it never published.
	rogue, err := localoidc.New(iss.URL())
	if err != nil {
		t.Fatal(err)
	}
	forged := mint(t, rogue, auth.Identity{Name: "eve", Role: auth.Admin})

	tests := []struct {
		name  string
		v     *auth.Verifier
		token string
	}{
		{"empty", verifier(iss, now), ""},
		{"not a JWT", verifier(iss, now), "Bearer abc"},
		{"expired", verifier(iss, now.Add(localoidc.TokenTTL+time.Minute)), good},
		{"another issuer", verifier(iss, now), mint(t, other, auth.Identity{Name: "ada", Role: auth.Admin})},
		{"another app client", auth.NewVerifier(iss.URL(), "another-client", http.DefaultClient, func() time.Time { return now }), good},
		{"payload changed", verifier(iss, now), tampered},
		{"no signature", verifier(iss, now), unsigned},
		{"signed by a key the issuer never published", verifier(iss, now), forged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.v.Verify(context.Background(), tt.token)
			if got := relais.ErrorCode(err); got != relais.EUNAUTHORIZED {
				t.Fatalf("got %s (%v), want %s", got, err, relais.EUNAUTHORIZED)
			}
			if tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("the error quotes the token: %v", err)
			}
		})
	}
}

func verifier(iss *localoidc.Issuer, at time.Time) *auth.Verifier {
	return auth.NewVerifier(iss.URL(), localoidc.ClientID, http.DefaultClient, func() time.Time { return at })
}

// TestMintRefuses: the local issuer mints tokens only for identities the
// API would accept.
func TestMintRefuses(t *testing.T) {
	iss := issuer(t)
	tests := []struct {
		name string
		id   auth.Identity
	}{
		{"no name", auth.Identity{Role: auth.Admin}},
		{"no role", auth.Identity{Name: "ada"}},
		{"unknown role", auth.Identity{Name: "ada", Role: "owner"}},
		{"reviewer of no client", auth.Identity{Name: "rita", Role: auth.Reviewer}},
		{"reviewer of two clients", auth.Identity{Name: "rita", Role: auth.Reviewer, Clients: []string{"acme", "globex"}}},
		{"a client id that is none", auth.Identity{Name: "max", Role: auth.Manager, Clients: []string{"Acme!"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := iss.Mint(tt.id); relais.ErrorCode(err) != relais.EINVALID {
				t.Errorf("got %v, want invalid", err)
			}
		})
	}
}

func TestSees(t *testing.T) {
	tests := []struct {
		id     auth.Identity
		client string
		want   bool
	}{
		{auth.Identity{Role: auth.Admin}, "acme", true},
		{auth.Identity{Role: auth.Manager, Clients: []string{"acme"}}, "acme", true},
		{auth.Identity{Role: auth.Manager, Clients: []string{"acme"}}, "globex", false},
		{auth.Identity{Role: auth.Reviewer, Clients: []string{"acme"}}, "globex", false},
	}
	for _, tt := range tests {
		if got := tt.id.Sees(tt.client); got != tt.want {
			t.Errorf("%+v sees %s: got %v, want %v", tt.id, tt.client, got, tt.want)
		}
	}
}
