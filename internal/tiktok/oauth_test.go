package tiktok

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestOAuthToken: a token the OAuth flow issues, at the paths of the
// spec's production URLs on the fake, publishes for the account that
// consented until it expires; then TikTok's 401 is a permanent failure
// that says to refresh it.
func TestOAuthToken(t *testing.T) {
	s := newStack(t)
	const redirect = "https://relais.example/oauth/tiktok/"
	s.fake.RegisterApp("client-key", "client-secret", redirect)
	base := strings.TrimSuffix(s.client.baseURL, "/")
	path := func(u string) string {
		p, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		return base + p.Path
	}
	const verifier = "a-code-verifier-of-forty-three-characters-xx"
	sum := sha256.Sum256([]byte(verifier))
	o := Spec.OAuth
	q := url.Values{"client_key": {"client-key"}, "scope": {strings.Join(o.Scopes, o.ScopeSeparator)}, "redirect_uri": {redirect},
		"state": {"s1"}, "response_type": {"code"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"}, "account": {globexID}}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(path(o.AuthURL) + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	resp, err = http.PostForm(path(o.TokenURL), url.Values{"client_key": {"client-key"}, "client_secret": {"client-secret"},
		"code": {loc.Query().Get("code")}, "grant_type": {"authorization_code"}, "redirect_uri": {redirect}, "code_verifier": {verifier}})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		OpenID      string `json:"open_id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil || tok.OpenID != globexID || tok.AccessToken == "" {
		t.Fatalf("token: got %+v, %v", tok, err)
	}

	ctx := context.Background()
	if _, err := s.client.PublishWith(ctx, tok.AccessToken, s.video("hi"), public); err != nil {
		t.Fatalf("publish: %v", err)
	}
	if n := len(s.fake.Posts(globexID)); n != 1 {
		t.Errorf("globex posts: got %d, want 1", n)
	}
	s.clock.Advance(24 * time.Hour)
	_, err = s.client.PublishWith(ctx, tok.AccessToken, s.video("hi"), public)
	e := netfake.MustError(t, err, tok.AccessToken)
	if e.Kind != relais.FailPermanent || e.Status != http.StatusUnauthorized || e.Code != CodeTokenInvalid || !strings.Contains(err.Error(), "refresh it") {
		t.Errorf("expired token: got %s %d %s: %v", e.Kind, e.Status, e.Code, err)
	}
}
