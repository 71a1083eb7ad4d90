package gbpfake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	clientID     = "1234-relais.apps.googleusercontent.com"
	clientSecret = "GOCSPX-secret"
	redirectURI  = "https://relais.example/oauth/gbp"
	verifier     = "a-verifier-of-forty-three-characters-or-more-0123"
)

func s256(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// oauthFixture is a fake with an OAuth client and a location whose
// manager consents.
func oauthFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.fake.RegisterClient(clientID, clientSecret)
	return f
}

// consentQuery is a consent as Relais asks it: PKCE, offline access, the
// acme location approving.
func consentQuery() url.Values {
	return url.Values{
		"client_id": {clientID}, "redirect_uri": {redirectURI}, "response_type": {"code"}, "scope": {Scope},
		"state": {"st-1"}, "code_challenge": {s256(verifier)}, "code_challenge_method": {"S256"},
		"access_type": {"offline"}, "prompt": {"consent"}, "account": {acme},
	}
}

// consent asks for a consent and returns the status and the redirect's
// query (nil when there is none).
func (f *fixture) consent(t *testing.T, q url.Values) (int, url.Values) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(f.srv.URL + AuthPath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		return resp.StatusCode, nil
	}
	if !strings.HasPrefix(loc.String(), redirectURI+"?") {
		t.Errorf("redirected to %s, want %s", loc, redirectURI)
	}
	return resp.StatusCode, loc.Query()
}

// post sends a form to an OAuth endpoint and returns the status and the
// JSON answer.
func (f *fixture) post(t *testing.T, path string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, b := netfake.PostForm(t, f.srv.URL+path, form)
	out := map[string]any{}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s answered %d %q, not JSON", path, resp.StatusCode, b)
	}
	return resp.StatusCode, out
}

func exchangeForm(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {clientID},
		"client_secret": {clientSecret}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}}
}

func refreshForm(refresh string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}, "client_id": {clientID}, "client_secret": {clientSecret}}
}

// TestOAuthFlow follows a connection's life: consent, exchange, an hour
// of use, a refresh, revocation.
func TestOAuthFlow(t *testing.T) {
	f := oauthFixture(t)
	status, q := f.consent(t, consentQuery())
	if status != http.StatusFound || q.Get("code") == "" || q.Get("state") != "st-1" || q.Get("scope") != Scope {
		t.Fatalf("consent: got %d %v, want 302 with a code, the state and the scope", status, q)
	}
	status, tok := f.post(t, TokenPath, exchangeForm(q.Get("code")))
	if status != 200 || tok["token_type"] != "Bearer" || tok["expires_in"] != float64(3599) || tok["scope"] != Scope {
		t.Fatalf("exchange: got %d %v", status, tok)
	}
	access, refresh := tok["access_token"].(string), tok["refresh_token"].(string)
	if !strings.HasPrefix(access, "ya29.") || !strings.HasPrefix(refresh, "1//") {
		t.Errorf("tokens: got %q and %q, want Google's prefixes", access, refresh)
	}
	posts := "/v4/" + acme + "/localPosts"
	steps := []struct {
		name    string
		advance time.Duration
		token   func() string
		path    string
		want    int
	}{
		{"new token", 0, func() string { return access }, posts, 200},
		{"another location", 0, func() string { return access }, "/v4/" + globex + "/localPosts", 403},
		{"before the hour", 59 * time.Minute, func() string { return access }, posts, 200},
		{"after the hour", time.Minute, func() string { return access }, posts, 401},
	}
	for _, st := range steps {
		f.clock.Advance(st.advance)
		if got := f.do(t, "GET", st.path, st.token(), ""); got.status != st.want {
			t.Errorf("%s: got %d, want %d", st.name, got.status, st.want)
		}
	}
	status, tok = f.post(t, TokenPath, refreshForm(refresh))
	if status != 200 || tok["refresh_token"] != nil {
		t.Fatalf("refresh: got %d %v, want an access token alone", status, tok)
	}
	renewed := tok["access_token"].(string)
	if got := f.do(t, "GET", posts, renewed, ""); got.status != 200 {
		t.Errorf("renewed token: got %d, want 200", got.status)
	}
	if status, _ := f.post(t, RevokePath, url.Values{"token": {refresh}}); status != 200 {
		t.Fatalf("revoke: got %d, want 200", status)
	}
	if got := f.do(t, "GET", posts, renewed, ""); got.status != 401 {
		t.Errorf("after revocation: got %d, want 401", got.status)
	}
	if status, body := f.post(t, TokenPath, refreshForm(refresh)); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("refresh after revocation: got %d %v, want 400 invalid_grant", status, body)
	}
	if status, body := f.post(t, RevokePath, url.Values{"token": {refresh}}); status != 400 || body["error"] != "invalid_token" {
		t.Errorf("second revocation: got %d %v, want 400 invalid_token", status, body)
	}
}

func TestConsentRefusals(t *testing.T) {
	tests := []struct {
		name   string
		change func(url.Values)
		// oneLocation registers acme alone, without a token.
		oneLocation bool
		wantStatus  int
		wantError   string // the redirect's error, when redirected
	}{
		{name: "unknown client", change: func(q url.Values) { q.Set("client_id", "nope") }, wantStatus: 401},
		{name: "no redirect", change: func(q url.Values) { q.Del("redirect_uri") }, wantStatus: 400},
		{name: "implicit flow", change: func(q url.Values) { q.Set("response_type", "token") }, wantStatus: 400},
		{name: "no scope", change: func(q url.Values) { q.Del("scope") }, wantStatus: 400},
		{name: "method without challenge", change: func(q url.Values) { q.Del("code_challenge") }, wantStatus: 400},
		{name: "unknown approver", change: func(q url.Values) { q.Set("account", "accounts/1/locations/9") }, wantStatus: 400},
		{name: "denied", change: func(q url.Values) { q.Set("approve", "0") }, wantStatus: 302, wantError: "access_denied"},
		{name: "approver left out", change: func(q url.Values) { q.Del("account") }, wantStatus: 400},
		{name: "the one location approves", change: func(q url.Values) { q.Del("account") }, oneLocation: true, wantStatus: 302},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oauthFixture(t)
			if tt.oneLocation {
				f = newBareFixture(t)
				f.fake.RegisterClient(clientID, clientSecret)
				f.fake.RegisterAccount(acme, "")
			}
			q := consentQuery()
			tt.change(q)
			status, redirect := f.consent(t, q)
			if status != tt.wantStatus {
				t.Fatalf("got %d, want %d", status, tt.wantStatus)
			}
			if status == 302 && redirect.Get("error") != tt.wantError {
				t.Errorf("error: got %q, want %q", redirect.Get("error"), tt.wantError)
			}
			if tt.wantError != "" && (redirect.Get("code") != "" || redirect.Get("state") != "st-1") {
				t.Errorf("refusal: got %v, want the state and no code", redirect)
			}
		})
	}
}

func TestExchangeRefusals(t *testing.T) {
	tests := []struct {
		name       string
		change     func(url.Values)
		advance    time.Duration
		twice      bool
		wantStatus int
		wantError  string
	}{
		{name: "wrong secret", change: func(f url.Values) { f.Set("client_secret", "nope") }, wantStatus: 401, wantError: "invalid_client"},
		{name: "wrong verifier", change: func(f url.Values) { f.Set("code_verifier", verifier+"x") }, wantStatus: 400, wantError: "invalid_grant"},
		{name: "no verifier", change: func(f url.Values) { f.Del("code_verifier") }, wantStatus: 400, wantError: "invalid_grant"},
		{name: "other redirect", change: func(f url.Values) { f.Set("redirect_uri", redirectURI+"/x") }, wantStatus: 400, wantError: "redirect_uri_mismatch"},
		{name: "unknown code", change: func(f url.Values) { f.Set("code", "4/nope") }, wantStatus: 400, wantError: "invalid_grant"},
		{name: "code used twice", twice: true, wantStatus: 400, wantError: "invalid_grant"},
		{name: "code too old", advance: 11 * time.Minute, wantStatus: 400, wantError: "invalid_grant"},
		{name: "unknown grant", change: func(f url.Values) { f.Set("grant_type", "password") }, wantStatus: 400, wantError: "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oauthFixture(t)
			_, q := f.consent(t, consentQuery())
			form := exchangeForm(q.Get("code"))
			if tt.change != nil {
				tt.change(form)
			}
			f.clock.Advance(tt.advance)
			if tt.twice {
				if status, _ := f.post(t, TokenPath, form); status != 200 {
					t.Fatalf("first exchange: got %d", status)
				}
			}
			status, body := f.post(t, TokenPath, form)
			if status != tt.wantStatus || body["error"] != tt.wantError {
				t.Errorf("got %d %v, want %d %s", status, body, tt.wantStatus, tt.wantError)
			}
		})
	}
}

// TestGrantVariants: what a consent asked decides what its tokens do.
func TestGrantVariants(t *testing.T) {
	tests := []struct {
		name        string
		change      func(url.Values)
		basic       bool
		wantRefresh bool
		wantAPI     int
	}{
		{name: "offline", change: func(url.Values) {}, wantRefresh: true, wantAPI: 200},
		{name: "online: no refresh token", change: func(q url.Values) { q.Del("access_type") }, wantAPI: 200},
		{name: "plain challenge", change: func(q url.Values) { q.Set("code_challenge", verifier); q.Del("code_challenge_method") }, wantRefresh: true, wantAPI: 200},
		{name: "client in basic auth", change: func(url.Values) {}, basic: true, wantRefresh: true, wantAPI: 200},
		{name: "without the scope", change: func(q url.Values) { q.Set("scope", "openid email") }, wantRefresh: true, wantAPI: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := oauthFixture(t)
			q := consentQuery()
			tt.change(q)
			_, redirect := f.consent(t, q)
			form := exchangeForm(redirect.Get("code"))
			req, _ := http.NewRequest("POST", f.srv.URL+TokenPath, nil)
			if tt.basic {
				req.SetBasicAuth(form.Get("client_id"), form.Get("client_secret"))
				form.Del("client_id")
				form.Del("client_secret")
			}
			req.Body = io.NopCloser(strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var tok tokenAnswer
			if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 200 {
				t.Fatalf("exchange: %d %v", resp.StatusCode, err)
			}
			if got := tok.RefreshToken != ""; got != tt.wantRefresh {
				t.Errorf("refresh token: got %v, want %v", got, tt.wantRefresh)
			}
			if got := f.do(t, "GET", "/v4/"+acme+"/localPosts", tok.AccessToken, ""); got.status != tt.wantAPI {
				t.Errorf("API: got %d, want %d", got.status, tt.wantAPI)
			}
		})
	}
}

// TestRevokeAccessToken: revoking the access token revokes its refresh
// token too; a registered token can be revoked as well.
func TestRevokeAccessToken(t *testing.T) {
	f := oauthFixture(t)
	_, q := f.consent(t, consentQuery())
	_, tok := f.post(t, TokenPath, exchangeForm(q.Get("code")))
	if status, _ := f.post(t, RevokePath, url.Values{"token": {tok["access_token"].(string)}}); status != 200 {
		t.Fatalf("revoke: got %d", status)
	}
	if status, body := f.post(t, TokenPath, refreshForm(tok["refresh_token"].(string))); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("refresh: got %d %v, want 400 invalid_grant", status, body)
	}
	if status, _ := f.post(t, RevokePath, url.Values{"token": {acmeToken}}); status != 200 {
		t.Fatalf("revoke a registered token: got %d", status)
	}
	if got := f.do(t, "GET", "/v4/"+acme+"/localPosts", acmeToken, ""); got.status != 401 {
		t.Errorf("revoked registered token: got %d, want 401", got.status)
	}
}
