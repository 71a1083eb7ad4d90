package tests

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/devstack"
)

// TestConsoleSignIn signs in to relais dev as the console does, through
// its own origin only: the page, /api/config, the issuer's discovery, its
// sign-in page and code, the token, then a call to the API with the ID
// token.
func TestConsoleSignIn(t *testing.T) {
	st, err := devstack.Start(context.Background(), devstack.Options{Console: fstest.MapFS{
		"index.html": {Data: []byte("<!doctype html><title>Relais console</title>")},
	}})
	must(t, err)
	t.Cleanup(func() { st.Stop() })
	must(t, st.Issuer.Register(auth.Identity{Name: "camille", Role: auth.Manager, Clients: []string{"acme"}}))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	read := func(resp *http.Response, err error) (int, http.Header, string) {
		t.Helper()
		must(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		return resp.StatusCode, resp.Header, string(b)
	}

	if status, _, body := read(client.Get(st.URL + "/c/acme/calendar?view=week")); status != http.StatusOK || !strings.Contains(body, "Relais console") {
		t.Fatalf("a console URL: got %d %s, want the console's page", status, body)
	}
	var config struct{ Issuer, ClientID string }
	_, _, body := read(client.Get(st.URL + "/api/config"))
	must(t, json.Unmarshal([]byte(body), &config))
	var discovery struct {
		Authorization string `json:"authorization_endpoint"`
		Token         string `json:"token_endpoint"`
	}
	_, _, body = read(client.Get(config.Issuer + "/.well-known/openid-configuration"))
	must(t, json.Unmarshal([]byte(body), &discovery))

	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	request := url.Values{"client_id": {config.ClientID}, "redirect_uri": {st.URL + "/"}, "response_type": {"code"},
		"scope": {"openid email profile"}, "state": {"s1"}, "nonce": {"n1"}, "login_hint": {"camille"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	status, _, body := read(client.Get(discovery.Authorization + "?" + request.Encode()))
	if status != http.StatusOK || !strings.Contains(body, "Sign in as camille (manager, acme)") {
		t.Fatalf("sign-in page: got %d %s", status, body)
	}
	request.Set("person", "camille")
	status, header, body := read(client.PostForm(discovery.Authorization, request))
	back, err := url.Parse(header.Get("Location"))
	must(t, err)
	if status != http.StatusSeeOther || !strings.HasPrefix(back.String(), st.URL+"/?") || back.Query().Get("state") != "s1" {
		t.Fatalf("sign-in: got %d to %q %s, want 303 to the console with the state", status, back, body)
	}
	status, _, body = read(client.PostForm(discovery.Token, url.Values{"grant_type": {"authorization_code"}, "code": {back.Query().Get("code")},
		"redirect_uri": {st.URL + "/"}, "client_id": {config.ClientID}, "code_verifier": {verifier}}))
	var tok struct {
		IDToken string `json:"id_token"`
	}
	must(t, json.Unmarshal([]byte(body), &tok))
	if status != http.StatusOK || tok.IDToken == "" {
		t.Fatalf("token: got %d %s", status, body)
	}
	req, err := http.NewRequest(http.MethodGet, st.URL+"/api/me", nil)
	must(t, err)
	req.Header.Set("Authorization", "Bearer "+tok.IDToken)
	var me auth.Identity
	status, _, body = read(client.Do(req))
	must(t, json.Unmarshal([]byte(body), &me))
	if status != http.StatusOK || me.Name != "camille" || me.Role != auth.Manager {
		t.Errorf("/api/me: got %d %s, want camille, manager", status, body)
	}
}
