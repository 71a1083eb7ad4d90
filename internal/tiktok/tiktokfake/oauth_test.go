package tiktokfake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	clientKey    = "key"
	clientSecret = "secret"
	redirectURI  = "https://relais.example/oauth/tiktok/"
	verifier     = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)

// noRedirects is a client that stops at the consent's redirect.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize opens the consent page with query and returns the status
// and the redirect's query.
func (s *stack) authorize(t *testing.T, query url.Values) (int, url.Values) {
	t.Helper()
	resp, err := noRedirects.Get(s.srv.URL + "/v2/auth/authorize/?" + query.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, loc.Query()
}

// consentQuery is a consent request for scopes, with a code challenge
// when challenge is set.
func consentQuery(scopes, challenge string) url.Values {
	q := url.Values{"client_key": {clientKey}, "scope": {scopes}, "redirect_uri": {redirectURI}, "state": {"st-1"}, "response_type": {"code"}}
	if challenge != "" {
		q.Set("code_challenge", challenge)
		q.Set("code_challenge_method", "S256")
	}
	return q
}

// form posts a form to an OAuth endpoint and returns the status and the
// body.
func (s *stack) form(t *testing.T, path string, v url.Values) (int, []byte) {
	t.Helper()
	resp, b := netfake.PostForm(t, s.srv.URL+path, v)
	return resp.StatusCode, b
}

// exchange trades a code for tokens.
func (s *stack) exchange(t *testing.T, code, codeVerifier string) (int, tokenAnswer, string) {
	t.Helper()
	status, b := s.form(t, "/v2/oauth/token/", url.Values{"client_key": {clientKey}, "client_secret": {clientSecret},
		"code": {code}, "grant_type": {"authorization_code"}, "redirect_uri": {redirectURI}, "code_verifier": {codeVerifier}})
	return status, decodeToken(t, b), oauthCode(b)
}

// consent runs the whole flow for the registered account and returns its
// tokens; a non-empty verifier goes through PKCE with the base64url
// challenge.
func (s *stack) consent(t *testing.T, scopes, codeVerifier string) tokenAnswer {
	t.Helper()
	s.fake.RegisterApp(clientKey, clientSecret, redirectURI)
	challenge := ""
	if codeVerifier != "" {
		sum := sha256.Sum256([]byte(codeVerifier))
		challenge = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	_, q := s.authorize(t, consentQuery(scopes, challenge))
	status, tok, code := s.exchange(t, q.Get("code"), codeVerifier)
	if status != http.StatusOK {
		t.Fatalf("exchange: %d %s", status, code)
	}
	return tok
}

func decodeToken(t *testing.T, b []byte) tokenAnswer {
	t.Helper()
	var tok tokenAnswer
	if err := json.Unmarshal(b, &tok); err != nil {
		t.Fatalf("token answer %s: %v", b, err)
	}
	return tok
}

// oauthCode is an OAuth error answer's error, or "".
func oauthCode(b []byte) string {
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(b, &e)
	return e.Error
}

func TestConsent(t *testing.T) {
	tests := []struct {
		name       string
		change     func(q url.Values)
		wantStatus int
		wantError  string // in the redirect
	}{
		{"approved", func(url.Values) {}, http.StatusFound, ""},
		{"approved, account named", func(q url.Values) { q.Set("account", openID) }, http.StatusFound, ""},
		{"declined", func(q url.Values) { q.Set("approve", "0") }, http.StatusFound, "access_denied"},
		{"unknown scope", func(q url.Values) { q.Set("scope", "video.publish,video.delete") }, http.StatusFound, "invalid_scope"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge", verifier); q.Set("code_challenge_method", "plain") }, http.StatusFound, "invalid_request"},
		{"token response", func(q url.Values) { q.Set("response_type", "token") }, http.StatusFound, "unsupported_response_type"},
		{"unknown account", func(q url.Values) { q.Set("account", "nobody") }, http.StatusBadRequest, ""},
		{"unknown app", func(q url.Values) { q.Set("client_key", "other") }, http.StatusBadRequest, ""},
		{"unregistered redirect", func(q url.Values) { q.Set("redirect_uri", "https://evil.example/") }, http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.RegisterApp(clientKey, clientSecret, redirectURI)
			q := consentQuery("user.info.basic,video.publish", "")
			tt.change(q)
			status, got := s.authorize(t, q)
			if status != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", status, tt.wantStatus)
			}
			if status != http.StatusFound {
				return
			}
			if got.Get("state") != "st-1" || got.Get("error") != tt.wantError || (tt.wantError == "") != (got.Get("code") != "") {
				t.Errorf("redirect: got %v, want state st-1, error %q and a code only without error", got, tt.wantError)
			}
		})
	}
	t.Run("two accounts, none named", func(t *testing.T) {
		s := newStack(t)
		s.fake.RegisterApp(clientKey, clientSecret)
		s.fake.RegisterAccount("other", "act.other")
		if status, _ := s.authorize(t, consentQuery("video.publish", "")); status != http.StatusBadRequest {
			t.Errorf("got %d, want 400", status)
		}
	})
}

func TestExchange(t *testing.T) {
	sum := sha256.Sum256([]byte(verifier))
	b64, hx := base64.RawURLEncoding.EncodeToString(sum[:]), hex.EncodeToString(sum[:])
	tests := []struct {
		name, challenge, verifier string
		secret, redirect          string
		reuse                     bool
		wantStatus                int
		wantError                 string
	}{
		{name: "PKCE, base64url challenge", challenge: b64, verifier: verifier, wantStatus: 200},
		{name: "PKCE, hex challenge as TikTok's desktop guide", challenge: hx, verifier: verifier, wantStatus: 200},
		{name: "no PKCE", wantStatus: 200},
		{name: "wrong verifier", challenge: b64, verifier: verifier + "x", wantStatus: 400, wantError: "invalid_request"},
		{name: "no verifier", challenge: b64, wantStatus: 400, wantError: "invalid_request"},
		{name: "wrong secret", secret: "nope", wantStatus: 401, wantError: "invalid_client"},
		{name: "other redirect", redirect: "https://relais.example/other/", wantStatus: 400, wantError: "invalid_grant"},
		{name: "code used twice", reuse: true, wantStatus: 400, wantError: "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.RegisterApp(clientKey, clientSecret, redirectURI)
			_, q := s.authorize(t, consentQuery("user.info.basic,video.publish,video.list", tt.challenge))
			form := url.Values{"client_key": {clientKey}, "client_secret": {clientSecret}, "code": {q.Get("code")},
				"grant_type": {"authorization_code"}, "redirect_uri": {redirectURI}, "code_verifier": {tt.verifier}}
			if tt.secret != "" {
				form.Set("client_secret", tt.secret)
			}
			if tt.redirect != "" {
				form.Set("redirect_uri", tt.redirect)
			}
			if tt.reuse {
				s.form(t, "/v2/oauth/token/", form)
			}
			status, b := s.form(t, "/v2/oauth/token/", form)
			if status != tt.wantStatus || oauthCode(b) != tt.wantError {
				t.Fatalf("got %d %s, want %d %q", status, b, tt.wantStatus, tt.wantError)
			}
			if status != http.StatusOK {
				return
			}
			tok := decodeToken(t, b)
			want := tokenAnswer{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, OpenID: openID, Scope: "user.info.basic,video.publish,video.list",
				ExpiresIn: 86400, RefreshExpiresIn: 365 * 86400, TokenType: "Bearer"}
			if tok != want || !strings.HasPrefix(tok.AccessToken, "act.") || !strings.HasPrefix(tok.RefreshToken, "rft.") {
				t.Errorf("got %+v, want %+v", tok, want)
			}
			if a := s.post(t, tok.AccessToken, "/v2/post/publish/creator_info/query/", "{}"); a.Error.Code != "ok" {
				t.Errorf("the issued token on the API: got %s, want ok", a.Error.Code)
			}
		})
	}
	t.Run("expired code", func(t *testing.T) {
		s := newStack(t)
		s.fake.RegisterApp(clientKey, clientSecret, redirectURI)
		_, q := s.authorize(t, consentQuery("video.publish", ""))
		s.clock.Advance(codeTTL)
		if status, _, code := s.exchange(t, q.Get("code"), ""); status != 400 || code != "invalid_grant" {
			t.Errorf("got %d %s, want 400 invalid_grant", status, code)
		}
	})
}

// TestTokenLife: access tokens expire on the fake's clock, refresh
// rotates the refresh token, and revoking ends the authorization.
func TestTokenLife(t *testing.T) {
	refresh := func(s *stack, rt string) (int, tokenAnswer) {
		status, b := s.form(t, "/v2/oauth/token/", url.Values{"client_key": {clientKey}, "client_secret": {clientSecret},
			"grant_type": {"refresh_token"}, "refresh_token": {rt}})
		return status, decodeToken(t, b)
	}
	api := func(s *stack, tok string) string {
		return s.post(t, tok, "/v2/post/publish/creator_info/query/", "{}").Error.Code
	}
	t.Run("access token expires", func(t *testing.T) {
		s := newStack(t)
		tok := s.consent(t, "video.publish", verifier)
		s.clock.Advance(DefaultAccessTTL - time.Second)
		if got := api(s, tok.AccessToken); got != "ok" {
			t.Errorf("before expiry: got %s, want ok", got)
		}
		s.clock.Advance(time.Second)
		if got := api(s, tok.AccessToken); got != codeTokenInvalid {
			t.Errorf("at expiry: got %s, want %s", got, codeTokenInvalid)
		}
	})
	t.Run("refresh rotates", func(t *testing.T) {
		s := newStack(t)
		tok := s.consent(t, "video.publish", verifier)
		s.clock.Advance(30 * 24 * time.Hour)
		status, next := refresh(s, tok.RefreshToken)
		if status != 200 || next.RefreshToken == tok.RefreshToken || next.AccessToken == tok.AccessToken || next.OpenID != openID {
			t.Fatalf("refresh: got %d %+v", status, next)
		}
		if got, want := next.RefreshExpiresIn, int64(335*86400); got != want {
			t.Errorf("refresh_expires_in: got %d, want %d (the first refresh token's expiry)", got, want)
		}
		if got := api(s, next.AccessToken); got != "ok" {
			t.Errorf("new access token: got %s, want ok", got)
		}
		if status, _ := refresh(s, tok.RefreshToken); status != 400 {
			t.Errorf("old refresh token: got %d, want 400", status)
		}
	})
	t.Run("refresh token expires", func(t *testing.T) {
		s := newStack(t)
		tok := s.consent(t, "video.publish", "")
		s.clock.Advance(DefaultRefreshTTL)
		if status, _ := refresh(s, tok.RefreshToken); status != 400 {
			t.Errorf("got %d, want 400", status)
		}
	})
	t.Run("revoke", func(t *testing.T) {
		s := newStack(t)
		tok := s.consent(t, "video.publish", verifier)
		if status, b := s.form(t, "/v2/oauth/revoke/", url.Values{"client_key": {clientKey}, "client_secret": {"nope"}, "token": {tok.AccessToken}}); status != 401 {
			t.Errorf("wrong secret: got %d %s, want 401", status, b)
		}
		if status, b := s.form(t, "/v2/oauth/revoke/", url.Values{"client_key": {clientKey}, "client_secret": {clientSecret}, "token": {tok.AccessToken}}); status != 200 || string(b) != "{}\n" {
			t.Errorf("revoke: got %d %q, want 200 {}", status, b)
		}
		if got := api(s, tok.AccessToken); got != codeTokenInvalid {
			t.Errorf("revoked access token: got %s, want %s", got, codeTokenInvalid)
		}
		if status, _ := refresh(s, tok.RefreshToken); status != 400 {
			t.Errorf("revoked refresh token: got %d, want 400", status)
		}
		if got := api(s, token); got != "ok" {
			t.Errorf("the registered token: got %s, want ok", got)
		}
	})
}
