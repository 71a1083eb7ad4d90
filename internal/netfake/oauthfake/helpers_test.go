package oauthfake

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	clientID     = "app-1"
	clientSecret = "app-secret-1"
	redirectURI  = "https://relais.example/callback"
	// verifier is a PKCE verifier of 43 unreserved characters.
	verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)

var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// fake is an authorization server on a test clock, served over HTTP,
// with one account, acme.
type fake struct {
	s     *Server
	srv   *httptest.Server
	clock *netfake.Clock
}

func newFake(t *testing.T, opts Options) *fake {
	t.Helper()
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = clientID, clientSecret
	}
	f := &fake{clock: netfake.NewClock(start)}
	f.s = New(f.clock.Now, opts)
	f.s.AddAccount("acme")
	f.srv = httptest.NewServer(f.s)
	t.Cleanup(f.srv.Close)
	return f
}

func challenge(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// consentQuery is a valid consent request, with PKCE.
func consentQuery() url.Values {
	return url.Values{
		"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirectURI},
		"scope": {"read write"}, "state": {"st-1"},
		"code_challenge": {challenge(verifier)}, "code_challenge_method": {"S256"},
	}
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// consent asks for consent and returns the status and the parameters
// the browser is sent back with, if it is.
func (f *fake) consent(t *testing.T, q url.Values) (int, url.Values) {
	t.Helper()
	resp, err := noRedirect.Get(f.srv.URL + DefaultAuthPath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, loc.Query()
}

// code runs a valid consent and returns its code.
func (f *fake) code(t *testing.T) string {
	t.Helper()
	status, back := f.consent(t, consentQuery())
	if status != http.StatusFound || back.Get("code") == "" {
		t.Fatalf("consent: got %d %v, want 302 with a code", status, back)
	}
	return back.Get("code")
}

// form posts a form (with HTTP Basic when basic holds user and password)
// and returns the status and the JSON answer.
func (f *fake) form(t *testing.T, path string, form url.Values, basic ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if len(basic) == 2 {
		req.SetBasicAuth(basic[0], basic[1])
	}
	return do(t, req)
}

// get sends a GET with the query and returns the status and the answer.
func (f *fake) get(t *testing.T, path string, q url.Values) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path+"?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, b := netfake.Send(t, req)
	var v map[string]any
	_ = json.Unmarshal(b, &v) // a revocation answers no body
	return resp.StatusCode, v
}

// exchangeForm is a valid code exchange with credentials in the form.
func exchangeForm(code string) url.Values {
	return url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI},
		"client_id": {clientID}, "client_secret": {clientSecret}, "code_verifier": {verifier},
	}
}

// tokens exchanges a fresh code and returns the answer.
func (f *fake) tokens(t *testing.T) map[string]any {
	t.Helper()
	status, a := f.form(t, DefaultTokenPath, exchangeForm(f.code(t)))
	if status != http.StatusOK {
		t.Fatalf("exchange: got %d %v, want 200", status, a)
	}
	return a
}

func str(a map[string]any, k string) string {
	s, _ := a[k].(string)
	return s
}

func refreshForm(rt string) url.Values {
	return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {clientID}, "client_secret": {clientSecret}}
}
