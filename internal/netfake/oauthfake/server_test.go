package oauthfake

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

func TestConsent(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(q url.Values)
		accounts   []string // besides acme
		wantStatus int
		wantError  string // "" with 302: a code
	}{
		{"approved by the only account", func(url.Values) {}, nil, 302, ""},
		{"approved by the named account", func(q url.Values) { q.Set("account", "globex") }, []string{"globex"}, 302, ""},
		{"loopback redirect on another port", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:51004/callback") }, nil, 302, ""},
		{"two accounts, none named", func(url.Values) {}, []string{"globex"}, 302, "access_denied"},
		{"unknown account", func(q url.Values) { q.Set("account", "initech") }, nil, 302, "access_denied"},
		{"refused by the person", func(q url.Values) { q.Set("deny", "1") }, nil, 302, "access_denied"},
		{"no state", func(q url.Values) { q.Del("state") }, nil, 302, "invalid_request"},
		{"implicit grant", func(q url.Values) { q.Set("response_type", "token") }, nil, 302, "unsupported_response_type"},
		{"no PKCE challenge", func(q url.Values) { q.Del("code_challenge") }, nil, 302, "invalid_request"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge_method", "plain") }, nil, 302, "invalid_request"},
		{"malformed challenge", func(q url.Values) { q.Set("code_challenge", "short") }, nil, 302, "invalid_request"},
		{"unknown client: a page", func(q url.Values) { q.Set("client_id", "other") }, nil, 400, ""},
		{"unregistered redirect: a page", func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") }, nil, 400, ""},
		{"redirect with a fragment: a page", func(q url.Values) { q.Set("redirect_uri", redirectURI+"#x") }, nil, 400, ""},
		{"loopback on another path: a page", func(q url.Values) { q.Set("redirect_uri", "http://127.0.0.1:51004/other") }, nil, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{PKCE: true, RedirectURIs: []string{redirectURI, "http://127.0.0.1:8788/callback"}})
			for _, a := range tt.accounts {
				f.s.AddAccount(a)
			}
			q := consentQuery()
			tt.edit(q)
			status, back := f.consent(t, q)
			if status != tt.wantStatus {
				t.Fatalf("status: got %d, want %d", status, tt.wantStatus)
			}
			if status != http.StatusFound {
				return
			}
			if got := back.Get("state"); got != q.Get("state") {
				t.Errorf("state: got %q, want %q", got, q.Get("state"))
			}
			if got := back.Get("error"); got != tt.wantError {
				t.Errorf("error: got %q (%s), want %q", got, back.Get("error_description"), tt.wantError)
			}
			if gotCode := back.Get("code") != ""; gotCode != (tt.wantError == "") {
				t.Errorf("code given: got %v, want %v", gotCode, tt.wantError == "")
			}
		})
	}
}

func TestExchange(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(form url.Values)
		basic      []string
		wantStatus int
		wantError  string
	}{
		{"credentials in the form", func(url.Values) {}, nil, 200, ""},
		{"credentials with Basic", func(f url.Values) { f.Del("client_id"); f.Del("client_secret") }, []string{clientID, clientSecret}, 200, ""},
		{"PKCE mismatch", func(f url.Values) { f.Set("code_verifier", "x"+verifier[1:]) }, nil, 400, "invalid_grant"},
		{"no verifier", func(f url.Values) { f.Del("code_verifier") }, nil, 400, "invalid_grant"},
		{"other redirect_uri", func(f url.Values) { f.Set("redirect_uri", "https://relais.example/other") }, nil, 400, "invalid_grant"},
		{"unknown code", func(f url.Values) { f.Set("code", "code-guess") }, nil, 400, "invalid_grant"},
		{"no code", func(f url.Values) { f.Del("code") }, nil, 400, "invalid_request"},
		{"wrong secret", func(f url.Values) { f.Set("client_secret", "guess") }, nil, 401, "invalid_client"},
		{"unknown client", func(f url.Values) { f.Set("client_id", "other") }, nil, 401, "invalid_client"},
		{"two methods", func(url.Values) {}, []string{clientID, clientSecret}, 400, "invalid_request"},
		{"no grant_type", func(f url.Values) { f.Del("grant_type") }, nil, 400, "invalid_request"},
		{"password grant", func(f url.Values) { f.Set("grant_type", "password") }, nil, 400, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{PKCE: true, AccessTTL: time.Hour, RefreshTokens: true, RefreshTTL: 365 * 24 * time.Hour, RefreshExpiresField: "refresh_token_expires_in"})
			form := exchangeForm(f.code(t))
			tt.edit(form)
			status, a := f.form(t, DefaultTokenPath, form, tt.basic...)
			if status != tt.wantStatus || str(a, "error") != tt.wantError {
				t.Fatalf("got %d %q (%s), want %d %q", status, str(a, "error"), str(a, "error_description"), tt.wantStatus, tt.wantError)
			}
			if status != http.StatusOK {
				return
			}
			want := map[string]any{"token_type": "Bearer", "expires_in": 3600.0, "scope": "read write", "refresh_token_expires_in": 365 * 86400.0}
			for k, v := range want {
				if a[k] != v {
					t.Errorf("%s: got %v, want %v", k, a[k], v)
				}
			}
			if account, ok := f.s.Valid(str(a, "access_token")); !ok || account != "acme" {
				t.Errorf("Valid: got %q %v, want acme true", account, ok)
			}
			if str(a, "refresh_token") == "" {
				t.Error("no refresh token")
			}
		})
	}
}

// TestCodeOnce: a code works once; when it comes back, the tokens it
// gave stop working (RFC 6749, 4.1.2).
func TestCodeOnce(t *testing.T) {
	f := newFake(t, Options{PKCE: true})
	form := exchangeForm(f.code(t))
	status, a := f.form(t, DefaultTokenPath, form)
	if status != http.StatusOK {
		t.Fatalf("first exchange: got %d %v", status, a)
	}
	status, b := f.form(t, DefaultTokenPath, form)
	if status != http.StatusBadRequest || str(b, "error") != "invalid_grant" {
		t.Errorf("second exchange: got %d %q, want 400 invalid_grant", status, str(b, "error"))
	}
	if _, ok := f.s.Valid(str(a, "access_token")); ok {
		t.Error("the first exchange's token still works")
	}
}

// TestCodeLife: a code is exchanged within CodeTTL, and a wrong verifier
// spends it.
func TestCodeLife(t *testing.T) {
	tests := []struct {
		name       string
		wait       time.Duration
		retry      bool // a first try with a wrong verifier
		wantStatus int
	}{
		{"at the end of its life", DefaultCodeTTL, false, 200},
		{"expired", DefaultCodeTTL + time.Second, false, 400},
		{"after a wrong verifier", 0, true, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{PKCE: true})
			form := exchangeForm(f.code(t))
			if tt.retry {
				bad := exchangeForm(form.Get("code"))
				bad.Set("code_verifier", "x"+verifier[1:])
				f.form(t, DefaultTokenPath, bad)
			}
			f.clock.Advance(tt.wait)
			if status, a := f.form(t, DefaultTokenPath, form); status != tt.wantStatus {
				t.Errorf("got %d %v, want %d", status, a, tt.wantStatus)
			}
		})
	}
}

// TestWithoutPKCE: a network without PKCE ignores a challenge.
func TestWithoutPKCE(t *testing.T) {
	f := newFake(t, Options{})
	form := exchangeForm(f.code(t))
	form.Del("code_verifier")
	if status, a := f.form(t, DefaultTokenPath, form); status != http.StatusOK {
		t.Errorf("got %d %v, want 200", status, a)
	}
}

func TestAccessExpiry(t *testing.T) {
	f := newFake(t, Options{AccessTTL: time.Hour})
	at := str(f.tokens(t), "access_token")
	steps := []struct {
		advance time.Duration
		want    bool
	}{{0, true}, {time.Hour - time.Second, true}, {time.Second, false}}
	for i, st := range steps {
		f.clock.Advance(st.advance)
		if _, ok := f.s.Valid(at); ok != st.want {
			t.Errorf("step %d: got %v, want %v", i, ok, st.want)
		}
	}
	if _, ok := f.s.Valid("at-guess"); ok {
		t.Error("an unknown token is valid")
	}
}

// TestStatus: an access token is active, then expired at its end, or
// revoked before it when its grant ends; expired wins over revoked, and a
// refresh token or a token never issued is unknown.
func TestStatus(t *testing.T) {
	tests := []struct {
		name string
		// then acts on the server and returns the token to ask about.
		then func(f *fake, a map[string]any) string
		want TokenState
	}{
		{"new", func(_ *fake, a map[string]any) string { return str(a, "access_token") }, TokenActive},
		{"at its end", func(f *fake, a map[string]any) string {
			f.clock.Advance(time.Hour)
			return str(a, "access_token")
		}, TokenExpired},
		{"revoked", func(f *fake, a map[string]any) string {
			f.s.Revoke(str(a, "access_token"))
			return str(a, "access_token")
		}, TokenRevoked},
		{"revoked, then at its end", func(f *fake, a map[string]any) string {
			f.s.RevokeAll("acme")
			f.clock.Advance(time.Hour)
			return str(a, "access_token")
		}, TokenExpired},
		{"a refresh token", func(_ *fake, a map[string]any) string { return str(a, "refresh_token") }, TokenUnknown},
		{"never issued", func(*fake, map[string]any) string { return "at-guess" }, TokenUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{AccessTTL: time.Hour, RefreshTokens: true})
			got := f.s.Status(tt.then(f, f.tokens(t)))
			if got.State != tt.want {
				t.Fatalf("State: got %d, want %d", got.State, tt.want)
			}
			want := TokenStatus{Account: "acme", State: tt.want, Issued: start, Expires: start.Add(time.Hour)}
			if tt.want == TokenUnknown {
				want = TokenStatus{}
			}
			if got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestRefresh(t *testing.T) {
	tests := []struct {
		name   string
		rotate bool
	}{{"rotated", true}, {"kept", false}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{AccessTTL: time.Hour, RefreshTokens: true, Rotate: tt.rotate})
			first := f.tokens(t)
			rt := str(first, "refresh_token")
			f.clock.Advance(2 * time.Hour)
			status, a := f.form(t, DefaultTokenPath, refreshForm(rt))
			if status != http.StatusOK {
				t.Fatalf("refresh: got %d %v", status, a)
			}
			if _, ok := f.s.Valid(str(a, "access_token")); !ok {
				t.Error("the new access token does not work")
			}
			next := str(a, "refresh_token")
			if got := next != "" && next != rt; got != tt.rotate {
				t.Errorf("new refresh token: got %v, want %v", got, tt.rotate)
			}
			status, b := f.form(t, DefaultTokenPath, refreshForm(rt))
			if wantOld := !tt.rotate; (status == http.StatusOK) != wantOld {
				t.Errorf("old refresh token again: got %d %q, want it to work: %v", status, str(b, "error"), wantOld)
			}
			if tt.rotate {
				if status, c := f.form(t, DefaultTokenPath, refreshForm(next)); status != http.StatusOK {
					t.Errorf("rotated refresh token: got %d %v, want 200", status, c)
				}
			}
		})
	}
}

// TestRefreshTokenLife: a grant's refresh tokens live RefreshTTL from
// consent, through rotation, as LinkedIn counts them.
func TestRefreshTokenLife(t *testing.T) {
	const day = 24 * time.Hour
	f := newFake(t, Options{AccessTTL: 60 * day, RefreshTokens: true, RefreshTTL: 365 * day, Rotate: true, RefreshExpiresField: "refresh_token_expires_in"})
	rt := str(f.tokens(t), "refresh_token")
	steps := []struct {
		advance    time.Duration
		wantStatus int
		wantLeft   float64 // refresh_token_expires_in
	}{
		{59 * day, 200, 306 * 86400},
		{305 * day, 200, 86400},
		{day, 400, 0},
	}
	for i, st := range steps {
		f.clock.Advance(st.advance)
		status, a := f.form(t, DefaultTokenPath, refreshForm(rt))
		if status != st.wantStatus {
			t.Fatalf("step %d: got %d %v, want %d", i, status, a, st.wantStatus)
		}
		if status != http.StatusOK {
			if str(a, "error") != "invalid_grant" {
				t.Errorf("step %d: got %q, want invalid_grant", i, str(a, "error"))
			}
			continue
		}
		if a["refresh_token_expires_in"] != st.wantLeft {
			t.Errorf("step %d: refresh_token_expires_in: got %v, want %v", i, a["refresh_token_expires_in"], st.wantLeft)
		}
		rt = str(a, "refresh_token")
	}
}

func TestRevoke(t *testing.T) {
	tests := []struct {
		name       string
		form       func(access, refresh string) url.Values
		wantStatus int
		wantDead   bool
	}{
		{"access token", func(at, _ string) url.Values { return revokeForm(at) }, 200, true},
		{"refresh token", func(_, rt string) url.Values { return revokeForm(rt) }, 200, true},
		{"unknown token", func(string, string) url.Values { return revokeForm("at-guess") }, 200, false},
		{"no token", func(string, string) url.Values { return revokeForm("") }, 400, false},
		{"wrong secret", func(at, _ string) url.Values {
			f := revokeForm(at)
			f.Set("client_secret", "guess")
			return f
		}, 401, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{AccessTTL: time.Hour, RefreshTokens: true})
			a := f.tokens(t)
			at, rt := str(a, "access_token"), str(a, "refresh_token")
			if status, b := f.form(t, DefaultRevokePath, tt.form(at, rt)); status != tt.wantStatus {
				t.Fatalf("got %d %v, want %d", status, b, tt.wantStatus)
			}
			_, ok := f.s.Valid(at)
			status, _ := f.form(t, DefaultTokenPath, refreshForm(rt))
			if dead := !ok && status != http.StatusOK; dead != tt.wantDead {
				t.Errorf("grant ended: got %v, want %v", dead, tt.wantDead)
			}
		})
	}
}

func revokeForm(tok string) url.Values {
	f := url.Values{"client_id": {clientID}, "client_secret": {clientSecret}}
	if tok != "" {
		f.Set("token", tok)
	}
	return f
}

// TestRevokeAll: a person who removes the app ends all of their grants,
// and no one else's.
func TestRevokeAll(t *testing.T) {
	f := newFake(t, Options{})
	f.s.AddAccount("globex")
	grant := func(account string) string {
		q := consentQuery()
		q.Set("account", account)
		_, back := f.consent(t, q)
		_, a := f.form(t, DefaultTokenPath, exchangeForm(back.Get("code")))
		return str(a, "access_token")
	}
	acme1, acme2, globex := grant("acme"), grant("acme"), grant("globex")
	f.s.RevokeAll("acme")
	for _, tt := range []struct {
		token string
		want  bool
	}{{acme1, false}, {acme2, false}, {globex, true}} {
		if _, ok := f.s.Valid(tt.token); ok != tt.want {
			t.Errorf("Valid(%s): got %v, want %v", tt.token[:8], ok, tt.want)
		}
	}
}

// TestExchangeGrants: exchange-style renewal, as Meta (GET with the
// app's credentials) and Threads (GET on its own path, with the token
// alone) document it.
func TestExchangeGrants(t *testing.T) {
	const day = 24 * time.Hour
	opts := Options{
		TokenPath: "/oauth/access_token", AccessTTL: time.Hour,
		Exchanges: []Exchange{
			{GrantType: "fb_exchange_token", TokenParam: "fb_exchange_token", ClientID: true, ClientSecret: true, TTL: 60 * day},
			{Path: "/refresh_access_token", GrantType: "th_refresh_token", TokenParam: "access_token", TTL: 60 * day},
		},
	}
	meta := func(tok string) url.Values {
		return url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {clientID}, "client_secret": {clientSecret}, "fb_exchange_token": {tok}}
	}
	threads := func(tok string) url.Values {
		return url.Values{"grant_type": {"th_refresh_token"}, "access_token": {tok}}
	}
	tests := []struct {
		name       string
		path       string
		query      func(tok string) url.Values
		wait       time.Duration
		wantStatus int
		wantError  string
	}{
		{"Meta", "/oauth/access_token", meta, 0, 200, ""},
		{"Threads", "/refresh_access_token", threads, 0, 200, ""},
		{"Meta without the secret", "/oauth/access_token", func(tok string) url.Values {
			q := meta(tok)
			q.Del("client_secret")
			return q
		}, 0, 401, "invalid_client"},
		{"expired token", "/oauth/access_token", meta, time.Hour, 400, "invalid_grant"},
		{"grant on another path", "/refresh_access_token", meta, 0, 400, "unsupported_grant_type"},
		{"no token", "/refresh_access_token", func(string) url.Values { return threads("") }, 0, 400, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, opts)
			status, a := f.form(t, "/oauth/access_token", exchangeForm(f.code(t)))
			if status != http.StatusOK {
				t.Fatalf("code exchange: got %d %v", status, a)
			}
			short := str(a, "access_token")
			f.clock.Advance(tt.wait)
			status, b := f.get(t, tt.path, tt.query(short))
			if status != tt.wantStatus || str(b, "error") != tt.wantError {
				t.Fatalf("got %d %q (%s), want %d %q", status, str(b, "error"), str(b, "error_description"), tt.wantStatus, tt.wantError)
			}
			if status != http.StatusOK {
				return
			}
			if b["expires_in"] != 60*86400.0 {
				t.Errorf("expires_in: got %v, want %v", b["expires_in"], 60*86400.0)
			}
			long := str(b, "access_token")
			f.clock.Advance(59 * day)
			if _, ok := f.s.Valid(long); !ok {
				t.Error("the long-lived token died before 60 days")
			}
			if _, ok := f.s.Valid(short); ok {
				t.Error("the short-lived token outlived its hour")
			}
		})
	}
}

func TestClientAuth(t *testing.T) {
	tests := []struct {
		name       string
		auth       ClientAuth
		basic      bool
		wantStatus int
	}{
		{"Basic where Basic is required", AuthBasic, true, 200},
		{"form where Basic is required", AuthBasic, false, 401},
		{"form where the form is required", AuthBody, false, 200},
		{"Basic where the form is required", AuthBody, true, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, Options{ClientAuth: tt.auth, ClientIDParam: "client_key"})
			q := consentQuery()
			q.Del("client_id")
			q.Set("client_key", clientID)
			_, back := f.consent(t, q)
			form := exchangeForm(back.Get("code"))
			form.Del("client_id")
			var basic []string
			if tt.basic {
				form.Del("client_secret")
				basic = []string{clientID, clientSecret}
			} else {
				form.Set("client_key", clientID)
			}
			if status, a := f.form(t, DefaultTokenPath, form, basic...); status != tt.wantStatus {
				t.Errorf("got %d %v, want %d", status, a, tt.wantStatus)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		fault      netfake.Fault
		wantStatus int
		wantError  string
	}{
		{netfake.ServerError, 500, "server_error"},
		{netfake.RateLimit, 429, "temporarily_unavailable"},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			f := newFake(t, Options{})
			code := f.code(t)
			f.s.Faults.FailNext(1, tt.fault)
			status, a := f.form(t, DefaultTokenPath, exchangeForm(code))
			if status != tt.wantStatus || str(a, "error") != tt.wantError {
				t.Errorf("got %d %q, want %d %q", status, str(a, "error"), tt.wantStatus, tt.wantError)
			}
			if status, a := f.form(t, DefaultTokenPath, exchangeForm(code)); status != http.StatusOK {
				t.Errorf("after the fault: got %d %v, want 200: a fault spends no code", status, a)
			}
		})
	}
}

// TestMount: a hosting fake serves the endpoints next to its API, in its
// own error shape.
func TestMount(t *testing.T) {
	s := New(nil, Options{ClientID: clientID, ClientSecret: clientSecret, TokenPath: "/v2/oauth/token/",
		WriteError: func(w http.ResponseWriter, status int, code, _ string) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"host_error":"` + code + `"}`))
		}})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/user/info/", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	s.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := &fake{s: s, srv: srv}
	status, a := f.form(t, "/v2/oauth/token/", url.Values{"grant_type": {"refresh_token"}})
	if status != http.StatusUnauthorized || a["host_error"] != "invalid_client" {
		t.Errorf("token: got %d %v, want 401 in the host's shape", status, a)
	}
	if status, _ := f.get(t, "/v2/user/info/", nil); status != http.StatusNoContent {
		t.Errorf("API: got %d, want 204", status)
	}
}
