package pinterestfake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const redirectURI = "https://relais.example/oauth/pinterest?client=acme"

// consentURL is the consent page's URL with params over the defaults.
func (f *fixture) consentURL(params url.Values) string {
	q := url.Values{
		"client_id":     {DefaultClientID},
		"redirect_uri":  {redirectURI},
		"response_type": {"code"},
		"scope":         {"boards:read,boards:write,pins:read,pins:write"},
		"state":         {"st-1"},
		"account":       {acmeBoard},
	}
	for k, v := range params {
		q[k] = v
	}
	return f.srv.URL + "/oauth/?" + q.Encode()
}

// visit opens the consent page and returns its status and where it sends
// the person back to.
func visit(t *testing.T, u string) (int, *url.URL) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, _ := url.Parse(resp.Header.Get("Location"))
	return resp.StatusCode, back
}

// exchange posts a token request as the app (id, secret) and returns the
// status, the answer and Pinterest's error code.
func (f *fixture) exchange(t *testing.T, id, secret string, form url.Values) (int, tokenAnswer, int) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/v5/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	var a tokenAnswer
	json.Unmarshal(raw, &a)
	return resp.StatusCode, a, errorCode(raw)
}

// code runs the consent and returns the authorization code.
func (f *fixture) code(t *testing.T, params url.Values) string {
	t.Helper()
	status, back := visit(t, f.consentURL(params))
	if status != http.StatusFound || back.Query().Get("code") == "" {
		t.Fatalf("consent: got %d to %v, want a redirect with a code", status, back)
	}
	return back.Query().Get("code")
}

func codeGrant(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI}}
}

// TestConsent: the consent page sends the person back to the app with a
// code and the state, or with the error Pinterest would give.
func TestConsent(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name       string
		params     url.Values
		wantStatus int
		wantBack   string // the redirect's error, or "code"
	}{
		{"approved", nil, 302, "code"},
		{"no account, two people", url.Values{"account": nil}, 400, ""},
		{"refused", url.Values{"approve": {"0"}}, 302, "access_denied"},
		{"an unknown scope", url.Values{"scope": {"pins:read,pins:fly"}}, 302, "invalid_scope"},
		{"a token response", url.Values{"response_type": {"token"}}, 302, "unsupported_response_type"},
		{"another app", url.Values{"client_id": {"other"}}, 400, ""},
		{"no redirect", url.Values{"redirect_uri": {"relais.example/cb"}}, 400, ""},
		{"an unknown board", url.Values{"account": {"999"}}, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, back := visit(t, f.consentURL(tt.params))
			if status != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", status, tt.wantStatus)
			}
			if status != http.StatusFound {
				return
			}
			q := back.Query()
			got := q.Get("error")
			if q.Get("code") != "" {
				got = "code"
			}
			if got != tt.wantBack || q.Get("state") != "st-1" || q.Get("client") != "acme" {
				t.Errorf("back to %v: got %q, want %q with the state and the redirect's own query", back, got, tt.wantBack)
			}
		})
	}

	// With one person registered, the consent needs no account.
	one := &fixture{s: New()}
	one.s.RegisterAccount(acmeBoard, token)
	one.srv = httptest.NewServer(one.s)
	defer one.srv.Close()
	if status, back := visit(t, one.consentURL(url.Values{"account": nil})); status != 302 || back.Query().Get("code") == "" {
		t.Errorf("only person: got %d to %v, want a code", status, back)
	}
}

// TestTokens: a code is exchanged once, by the app, for the redirect it
// was given to; its token acts for the person who consented, until it
// expires; a refresh gives new tokens and retires the old refresh token.
func TestTokens(t *testing.T) {
	f := newFixture(t)
	code := f.code(t, nil)
	if status, _, ecode := f.exchange(t, DefaultClientID, "wrong", codeGrant(code)); status != 401 || ecode != 2 {
		t.Errorf("wrong secret: got %d %d, want 401 2", status, ecode)
	}
	wrong := codeGrant(code)
	wrong.Set("redirect_uri", "https://evil.example/cb")
	if status, _, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, wrong); status != 400 {
		t.Errorf("another redirect: got %d, want 400", status)
	}
	// The failed exchange spent the code.
	if status, _, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, codeGrant(code)); status != 400 {
		t.Errorf("a spent code: got %d, want 400", status)
	}

	code = f.code(t, nil)
	status, a, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, codeGrant(code))
	if status != 200 || a.AccessToken == "" || a.RefreshToken == "" || a.TokenType != "bearer" || a.ResponseType != "authorization_code" ||
		a.ExpiresIn != 30*24*3600 || a.RefreshTokenExpiresIn != 60*24*3600 || a.Scope != "boards:read,boards:write,pins:read,pins:write" {
		t.Fatalf("exchange: got %d %+v", status, a)
	}
	if status, _, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, codeGrant(code)); status != 400 {
		t.Errorf("the code again: got %d, want 400", status)
	}
	if status, _ := f.do(t, "GET", "/v5/boards/42/pins", a.AccessToken, ""); status != 200 {
		t.Errorf("the consenting person's board: got %d, want 200", status)
	}
	if status, _ := f.do(t, "GET", "/v5/boards/43/pins", a.AccessToken, ""); status != 403 {
		t.Errorf("another person's board: got %d, want 403", status)
	}

	f.now = f.now.Add(29 * 24 * time.Hour)
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {a.RefreshToken}}
	status, r, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, refresh)
	if status != 200 || r.AccessToken == a.AccessToken || r.RefreshToken == a.RefreshToken || r.ResponseType != "refresh_token" || r.RefreshTokenExpiresAt != f.now.Add(RefreshLifetime).Unix() {
		t.Fatalf("refresh: got %d %+v, want new tokens", status, r)
	}
	if status, _, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, refresh); status != 400 {
		t.Errorf("the old refresh token: got %d, want 400", status)
	}

	// A day later, the first access token has expired; the new one acts.
	f.now = f.now.Add(24 * time.Hour)
	for tok, want := range map[string]int{a.AccessToken: 401, r.AccessToken: 200} {
		if status, b := f.do(t, "GET", "/v5/boards", tok, ""); status != want || (want == 401 && errorCode(b) != 2) {
			t.Errorf("token issued %s: got %d %s, want %d", map[bool]string{true: "first", false: "on refresh"}[tok == a.AccessToken], status, b, want)
		}
	}

	// A refresh token unused for 60 days has expired.
	f.now = f.now.Add(RefreshLifetime)
	if status, _, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {r.RefreshToken}}); status != 400 {
		t.Errorf("an expired refresh token: got %d, want 400", status)
	}
}

// TestRevoke: Pinterest's revocation endpoint takes only system users'
// tokens; a person removing the app's access ends its tokens.
func TestRevoke(t *testing.T) {
	f := newFixture(t)
	_, a, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, codeGrant(f.code(t, nil)))
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/v5/oauth/token/revoke", strings.NewReader(url.Values{"token": {a.AccessToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultClientID, DefaultClientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("revoke a person's token: got %d, want 403", resp.StatusCode)
	}

	f.s.Revoke(a.AccessToken)
	if status, _ := f.do(t, "GET", "/v5/boards", a.AccessToken, ""); status != 401 {
		t.Errorf("a revoked token: got %d, want 401", status)
	}
	if status, _, _ := f.exchange(t, DefaultClientID, DefaultClientSecret, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {a.RefreshToken}}); status != 400 {
		t.Errorf("its refresh token: got %d, want 400", status)
	}
	f.s.Revoke(token)
	if status, _ := f.do(t, "GET", "/v5/boards", token, ""); status != 401 {
		t.Errorf("a registered token revoked: got %d, want 401", status)
	}
}
