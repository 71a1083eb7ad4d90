package threadsfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const redirectURI = "https://relais.example/oauth/threads"

// consentQuery is a valid consent request for acct; edit changes it.
func consentQuery(s *Server, edit func(url.Values)) url.Values {
	v := url.Values{"client_id": {s.ClientID}, "redirect_uri": {redirectURI}, "scope": {"threads_basic,threads_content_publish"},
		"response_type": {"code"}, "state": {"st-1"}, "account": {acct}}
	if edit != nil {
		edit(v)
	}
	return v
}

// askConsent requests the consent page and returns its answer without
// following the redirect.
func askConsent(t *testing.T, srv *httptest.Server, q url.Values) *http.Response {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(srv.URL + "/oauth/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// mustCode runs the consent for acct and returns its code.
func mustCode(t *testing.T, s *Server, srv *httptest.Server, edit func(url.Values)) string {
	t.Helper()
	resp := askConsent(t, srv, consentQuery(s, edit))
	back, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || back.Query().Get("code") == "" {
		t.Fatalf("consent: got %d to %q, want a redirect with a code", resp.StatusCode, resp.Header.Get("Location"))
	}
	return back.Query().Get("code")
}

// tokenAnswer is a token endpoint's answer, decoded.
type tokenAnswer struct {
	status       int
	AccessToken  string          `json:"access_token"`
	UserID       json.RawMessage `json:"user_id"`
	TokenType    string          `json:"token_type"`
	ExpiresIn    int             `json:"expires_in"`
	ErrorMessage string          `json:"error_message"`
	Error        struct {
		Code    int `json:"code"`
		Subcode int `json:"error_subcode"`
	} `json:"error"`
}

func readToken(t *testing.T, resp *http.Response, err error) tokenAnswer {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := tokenAnswer{status: resp.StatusCode}
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("answer %q is not JSON", b)
	}
	return a
}

func exchangeCode(t *testing.T, s *Server, srv *httptest.Server, code string, edit func(url.Values)) tokenAnswer {
	t.Helper()
	form := url.Values{"client_id": {s.ClientID}, "client_secret": {s.ClientSecret}, "grant_type": {"authorization_code"},
		"redirect_uri": {redirectURI}, "code": {code}}
	if edit != nil {
		edit(form)
	}
	resp, err := http.PostForm(srv.URL+"/oauth/access_token", form)
	return readToken(t, resp, err)
}

func exchangeLongLived(t *testing.T, srv *httptest.Server, secret, token string) tokenAnswer {
	t.Helper()
	q := url.Values{"grant_type": {"th_exchange_token"}, "client_secret": {secret}, "access_token": {token}}
	resp, err := http.Get(srv.URL + "/access_token?" + q.Encode())
	return readToken(t, resp, err)
}

func refresh(t *testing.T, srv *httptest.Server, token string) tokenAnswer {
	t.Helper()
	q := url.Values{"grant_type": {"th_refresh_token"}, "access_token": {token}}
	resp, err := http.Get(srv.URL + "/refresh_access_token?" + q.Encode())
	return readToken(t, resp, err)
}

// me calls the API for the token's own account and returns the error
// code and subcode, zero when the token is taken.
func me(t *testing.T, srv *httptest.Server, token string) (int, int) {
	t.Helper()
	a := call(t, srv, "GET", "/v1.0/me/threads_publishing_limit", token, nil)
	return a.code, a.subcode
}

// TestConsent covers the consent page's answers: a code for the account
// that approves, Threads' error parameters for one that denies, and a
// refusal of a malformed request, which redirects nowhere.
func TestConsent(t *testing.T) {
	s, srv, _ := newServer(t)
	tests := []struct {
		name       string
		edit       func(url.Values)
		wantStatus int
		wantQuery  []string // parameters of the redirect, besides state
	}{
		{name: "approve", wantStatus: 302, wantQuery: []string{"code"}},
		{name: "space-separated scopes", edit: func(v url.Values) { v.Set("scope", "threads_basic threads_manage_replies") }, wantStatus: 302, wantQuery: []string{"code"}},
		{name: "deny", edit: func(v url.Values) { v.Set("approve", "0") }, wantStatus: 302, wantQuery: []string{"error", "error_reason", "error_description"}},
		{name: "unknown app", edit: func(v url.Values) { v.Set("client_id", "123") }, wantStatus: 400},
		{name: "relative redirect", edit: func(v url.Values) { v.Set("redirect_uri", "/back") }, wantStatus: 400},
		{name: "token response", edit: func(v url.Values) { v.Set("response_type", "token") }, wantStatus: 400},
		{name: "no threads_basic", edit: func(v url.Values) { v.Set("scope", "threads_content_publish") }, wantStatus: 400},
		{name: "unknown scope", edit: func(v url.Values) { v.Set("scope", "threads_basic,pages_manage_posts") }, wantStatus: 400},
		{name: "unknown account", edit: func(v url.Values) { v.Set("account", "42") }, wantStatus: 400},
		{name: "no account among two", edit: func(v url.Values) { v.Del("account") }, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := askConsent(t, srv, consentQuery(s, tt.edit))
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantStatus != http.StatusFound {
				return
			}
			back, err := url.Parse(resp.Header.Get("Location"))
			if err != nil || !strings.HasPrefix(back.String(), redirectURI+"?") || back.Fragment != "_" {
				t.Fatalf("redirect: got %q, want %s?...#_", resp.Header.Get("Location"), redirectURI)
			}
			q := back.Query()
			if q.Get("state") != "st-1" {
				t.Errorf("state: got %q, want st-1", q.Get("state"))
			}
			for _, p := range tt.wantQuery {
				if q.Get(p) == "" {
					t.Errorf("redirect %q: no %s", back, p)
				}
			}
		})
	}
}

// TestTokenLife follows a connection: the code for a short-lived token
// for an hour, exchanged for a long-lived one for 60 days, refreshed
// once a day old, each acting for the account that consented.
func TestTokenLife(t *testing.T) {
	s, srv, clock := newServer(t)
	code := mustCode(t, s, srv, nil)
	short := exchangeCode(t, s, srv, code, nil)
	if short.status != 200 || short.AccessToken == "" || string(short.UserID) != acct {
		t.Fatalf("code exchange: got %+v, want a token for user %s as a number", short, acct)
	}
	if a := exchangeCode(t, s, srv, code, nil); a.status != 400 || a.ErrorMessage != "Matching code was not found or was already used" {
		t.Errorf("code used twice: got %+v", a)
	}
	if code, _ := me(t, srv, short.AccessToken); code != 0 {
		t.Errorf("short-lived token: refused with %d", code)
	}

	if a := exchangeLongLived(t, srv, "wrong-secret", short.AccessToken); a.status != 400 || a.Error.Code != 1 {
		t.Errorf("exchange with a wrong secret: got %+v", a)
	}
	long := exchangeLongLived(t, srv, s.ClientSecret, short.AccessToken)
	if long.status != 200 || long.TokenType != "bearer" || long.ExpiresIn != 60*24*3600 {
		t.Fatalf("long-lived exchange: got %+v", long)
	}
	if a := exchangeLongLived(t, srv, s.ClientSecret, long.AccessToken); a.Error.Code != 100 {
		t.Errorf("exchange of a long-lived token: got %+v, want code 100", a)
	}
	if a := refresh(t, srv, long.AccessToken); a.Error.Code != 100 {
		t.Errorf("refresh of a new token: got %+v, want code 100", a)
	}

	clock.Advance(time.Hour)
	if code, sub := me(t, srv, short.AccessToken); code != 190 || sub != 463 {
		t.Errorf("short-lived token after an hour: got %d/%d, want 190/463", code, sub)
	}
	if a := exchangeLongLived(t, srv, s.ClientSecret, short.AccessToken); a.Error.Code != 190 {
		t.Errorf("exchange of an expired token: got %+v, want 190", a)
	}

	clock.Advance(24 * time.Hour)
	renewed := refresh(t, srv, long.AccessToken)
	if renewed.status != 200 || renewed.AccessToken == "" || renewed.ExpiresIn != 60*24*3600 {
		t.Fatalf("refresh: got %+v", renewed)
	}
	clock.Advance(59 * 24 * time.Hour)
	if code, sub := me(t, srv, long.AccessToken); code != 190 || sub != 463 {
		t.Errorf("long-lived token after 60 days: got %d/%d, want 190/463", code, sub)
	}
	if a := refresh(t, srv, long.AccessToken); a.Error.Code != 190 {
		t.Errorf("refresh of an expired token: got %+v, want 190", a)
	}
	if code, _ := me(t, srv, renewed.AccessToken); code != 0 {
		t.Errorf("refreshed token: refused with %d", code)
	}

	s.Deauthorize(acct)
	if code, sub := me(t, srv, renewed.AccessToken); code != 190 || sub != 458 {
		t.Errorf("after the app is removed: got %d/%d, want 190/458", code, sub)
	}
}

// TestCodeExchangeRefused covers the code exchange's refusals.
func TestCodeExchangeRefused(t *testing.T) {
	s, srv, clock := newServer(t)
	tests := []struct {
		name    string
		edit    func(url.Values)
		advance time.Duration
	}{
		{name: "wrong secret", edit: func(v url.Values) { v.Set("client_secret", "nope") }},
		{name: "wrong grant", edit: func(v url.Values) { v.Set("grant_type", "client_credentials") }},
		{name: "other redirect", edit: func(v url.Values) { v.Set("redirect_uri", "https://evil.example/") }},
		{name: "expired code", advance: time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code := mustCode(t, s, srv, nil)
			clock.Advance(tt.advance)
			a := exchangeCode(t, s, srv, code, tt.edit)
			if a.status != 400 || a.AccessToken != "" || a.ErrorMessage == "" {
				t.Errorf("got %+v, want a 400 with an error_message", a)
			}
		})
	}
}

// TestScopes: a token acts only within the scopes the person granted,
// and only for the account that consented.
func TestScopes(t *testing.T) {
	s, srv, _ := newServer(t)
	token := exchangeCode(t, s, srv, mustCode(t, s, srv, nil), nil).AccessToken
	text := url.Values{"media_type": {"TEXT"}, "text": {"x"}}
	if a := call(t, srv, "POST", "/v1.0/me/threads", token, text); a.status != 200 {
		t.Errorf("post with threads_content_publish: got %d %v", a.status, a.body)
	}
	if a := call(t, srv, "POST", "/v1.0/"+otherAcct+"/threads", token, text); a.code != 100 {
		t.Errorf("post for another account: got %d, want 100", a.code)
	}
	text.Set("reply_to_id", "1")
	if a := call(t, srv, "POST", "/v1.0/me/threads", token, text); a.code != 10 {
		t.Errorf("reply without threads_manage_replies: got %d, want 10", a.code)
	}
}
