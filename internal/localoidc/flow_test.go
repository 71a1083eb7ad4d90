package localoidc_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/localoidc"
)

var start = time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)

// verifier is a PKCE verifier and challengeOf its S256 challenge.
const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

func challengeOf(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// stack is an issuer served under /oidc of a server whose origin is the
// console's, as under relais dev, with a clock the test moves.
type stack struct {
	issuer *localoidc.Issuer
	url    string
	now    time.Time
}

func newStack(t *testing.T) *stack {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	iss, err := localoidc.New(srv.URL+"/oidc", localoidc.WithConsole(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{issuer: iss, url: srv.URL, now: start}
	iss.Now = func() time.Time { return s.now }
	mux.Handle("/oidc/", http.StripPrefix("/oidc", iss))
	must(t, iss.Register(
		auth.Identity{Name: "ada", Role: auth.Admin},
		auth.Identity{Name: "max", Role: auth.Manager, Clients: []string{"acme", "globex"}},
	))
	return s
}

// request is a sign-in request as the console starts it.
func (s *stack) request() url.Values {
	return url.Values{
		"client_id": {localoidc.ClientID}, "redirect_uri": {s.url + "/"}, "response_type": {"code"},
		"scope": {"openid email profile"}, "state": {"st-123"}, "nonce": {"n-456"},
		"code_challenge": {challengeOf(verifier)}, "code_challenge_method": {"S256"},
	}
}

// answer is a response with its body read.
type answer struct {
	status int
	header http.Header
	body   string
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := noRedirects.Do(req)
	must(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(t, err)
	return answer{resp.StatusCode, resp.Header, string(b)}
}

func get(t *testing.T, u string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	must(t, err)
	return do(t, req)
}

func postForm(t *testing.T, u string, v url.Values) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(v.Encode()))
	must(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}

// signIn posts the sign-in page's form and returns the code it sends
// the console.
func (s *stack) signIn(t *testing.T, req, chosen url.Values) string {
	t.Helper()
	for k, v := range chosen {
		req[k] = v
	}
	a := postForm(t, s.url+"/oidc/authorize", req)
	if a.status != http.StatusSeeOther {
		t.Fatalf("sign-in: got %d %s, want 303", a.status, a.body)
	}
	to, err := url.Parse(a.header.Get("Location"))
	must(t, err)
	if got := to.Scheme + "://" + to.Host + to.Path; got != s.url+"/" {
		t.Fatalf("redirected to %s, want the console's %s/", got, s.url)
	}
	if got := to.Query().Get("state"); got != req.Get("state") {
		t.Errorf("state: got %q, want %q", got, req.Get("state"))
	}
	return to.Query().Get("code")
}

// exchange is the console's token request for a code.
func (s *stack) exchange(code string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {s.url + "/"},
		"client_id": {localoidc.ClientID}, "code_verifier": {verifier}}
}

func TestDiscovery(t *testing.T) {
	s := newStack(t)
	var doc map[string]any
	must(t, json.Unmarshal([]byte(get(t, s.url+"/oidc"+localoidc.DiscoveryPath).body), &doc))
	want := map[string]any{
		"issuer": s.url + "/oidc", "authorization_endpoint": s.url + "/oidc/authorize", "token_endpoint": s.url + "/oidc/token",
		"jwks_uri":                         s.url + "/oidc/.well-known/jwks.json",
		"code_challenge_methods_supported": []any{"S256"}, "grant_types_supported": []any{"authorization_code"},
		"response_types_supported": []any{"code"}, "scopes_supported": []any{"openid", "email", "profile"},
	}
	for k, v := range want {
		got, _ := json.Marshal(doc[k])
		if w, _ := json.Marshal(v); string(got) != string(w) {
			t.Errorf("%s: got %s, want %v", k, got, v)
		}
	}
}

// TestSignIn: the whole flow, as the console runs it, for a registered
// person and for one typed in the form: the ID token the code becomes is
// one the API's verifier takes, names who signed in and carries the
// nonce.
func TestSignIn(t *testing.T) {
	tests := []struct {
		name   string
		chosen url.Values
		want   auth.Identity
	}{
		{"a registered person", url.Values{"person": {"max"}},
			auth.Identity{Subject: "local-max", Name: "max", Role: auth.Manager, Clients: []string{"acme", "globex"}}},
		{"anyone, through the form", url.Values{"name": {"rita"}, "role": {"reviewer"}, "clients": {" acme "}},
			auth.Identity{Subject: "local-rita", Name: "rita", Role: auth.Reviewer, Clients: []string{"acme"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			code := s.signIn(t, s.request(), tt.chosen)
			a := postForm(t, s.url+"/oidc/token", s.exchange(code))
			if a.status != http.StatusOK || a.header.Get("Cache-Control") != "no-store" {
				t.Fatalf("token: got %d (Cache-Control %q) %s, want 200, no-store", a.status, a.header.Get("Cache-Control"), a.body)
			}
			var tok struct {
				IDToken     string `json:"id_token"`
				AccessToken string `json:"access_token"`
				TokenType   string `json:"token_type"`
				ExpiresIn   int    `json:"expires_in"`
			}
			must(t, json.Unmarshal([]byte(a.body), &tok))
			if tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 || tok.AccessToken == "" {
				t.Errorf("token answer: got %+v, want Bearer, 3600 s and an access token", tok)
			}
			v := auth.NewVerifier(s.issuer.URL(), localoidc.ClientID, http.DefaultClient, func() time.Time { return s.now })
			got, err := v.Verify(t.Context(), tok.IDToken)
			must(t, err)
			if got.Subject != tt.want.Subject || got.Name != tt.want.Name || got.Role != tt.want.Role || !slices.Equal(got.Clients, tt.want.Clients) {
				t.Errorf("identity: got %+v, want %+v", got, tt.want)
			}
			if _, err := v.Verify(t.Context(), tok.AccessToken); err == nil {
				t.Error("the API's verifier takes the access token; it should take ID tokens only")
			}
			parsed, err := jwt.ParseSigned(tok.IDToken, []jose.SignatureAlgorithm{jose.RS256})
			must(t, err)
			var c struct {
				Nonce string `json:"nonce"`
			}
			must(t, parsed.UnsafeClaimsWithoutVerification(&c))
			if c.Nonce != "n-456" {
				t.Errorf("nonce: got %q, want n-456", c.Nonce)
			}
		})
	}
}

// TestSignInPage: the page lists the registered people as buttons, the
// login_hint's first in focus, labels every input, runs no script, and
// its policy allows its one style by hash.
func TestSignInPage(t *testing.T) {
	s := newStack(t)
	req := s.request()
	req.Set("login_hint", "max")
	a := get(t, s.url+"/oidc/authorize?"+req.Encode())
	if a.status != http.StatusOK || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") {
		t.Fatalf("got %d %s, want 200 HTML", a.status, a.header.Get("Content-Type"))
	}
	for _, want := range []string{
		`<html lang="en">`,
		`>Sign in as ada (admin, every client)</button>`,
		`value="max" autofocus aria-describedby="hinted">Sign in as max (manager, acme, globex)</button>`,
		`<label for="name">`, `<label for="role">`, `<label for="clients">`,
		`name="code_challenge" value="` + challengeOf(verifier) + `"`,
	} {
		if !strings.Contains(a.body, want) {
			t.Errorf("the page lacks %s:\n%s", want, a.body)
		}
	}
	if strings.Contains(a.body, "<script") || regexp.MustCompile(`\son[a-z]+=`).MatchString(a.body) {
		t.Error("the page has a script or an event handler")
	}
	css := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(a.body)
	if css == nil {
		t.Fatal("the page has no style element")
	}
	sum := sha256.Sum256([]byte(css[1]))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	csp := a.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "style-src "+hash) || !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("policy %q does not allow exactly its style %s", csp, hash)
	}
	// A hint that names no registered person fills the form's name.
	req.Set("login_hint", "zoe")
	if a := get(t, s.url+"/oidc/authorize?"+req.Encode()); !strings.Contains(a.body, `value="zoe" autofocus>`) {
		t.Errorf("an unregistered hint is not in the form's name:\n%s", a.body)
	}
}

// TestAuthorizeRefuses: a request the issuer cannot trust is answered
// with a page saying why, never a redirect.
func TestAuthorizeRefuses(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name, key, value, want string
	}{
		{"other client_id", "client_id", "someone-else", "client_id"},
		{"other redirect_uri", "redirect_uri", "https://evil.example/", "redirect_uri"},
		{"redirect_uri off the console's root", "redirect_uri", s.url + "/callback", "redirect_uri"},
		{"missing challenge", "code_challenge", "", "code_challenge is missing"},
		{"plain challenge", "code_challenge_method", "plain", "S256"},
		{"challenge of the wrong shape", "code_challenge", "short", "43 characters"},
		{"missing state", "state", "", "state is missing"},
		{"implicit flow", "response_type", "token", "response_type"},
		{"no openid scope", "scope", "email", "openid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := s.request()
			req.Set(tt.key, tt.value)
			for _, a := range []answer{get(t, s.url+"/oidc/authorize?"+req.Encode()), postForm(t, s.url+"/oidc/authorize", mergeValues(req, url.Values{"person": {"ada"}}))} {
				if a.status != http.StatusBadRequest || a.header.Get("Location") != "" {
					t.Fatalf("got %d (Location %q), want 400 and no redirect", a.status, a.header.Get("Location"))
				}
				if !strings.Contains(a.body, "<h1>Sign-in refused</h1>") || !strings.Contains(a.body, tt.want) {
					t.Errorf("the page does not say %q:\n%s", tt.want, a.body)
				}
			}
		})
	}
}

// TestSignInFormRefuses: a person the form cannot sign in is shown the
// page again with why; nothing is sent to the console.
func TestSignInFormRefuses(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		name   string
		chosen url.Values
		want   string
	}{
		{"unregistered person", url.Values{"person": {"zoe"}}, "zoe is not registered"},
		{"reviewer of two clients", url.Values{"name": {"rita"}, "role": {"reviewer"}, "clients": {"acme,globex"}}, "exactly one client"},
		{"unknown role", url.Values{"name": {"rita"}, "role": {"owner"}}, "unknown role"},
		{"no name", url.Values{"role": {"admin"}}, "names no user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := postForm(t, s.url+"/oidc/authorize", mergeValues(s.request(), tt.chosen))
			if a.status != http.StatusUnprocessableEntity || a.header.Get("Location") != "" {
				t.Fatalf("got %d (Location %q), want 422 and no redirect", a.status, a.header.Get("Location"))
			}
			if !strings.Contains(a.body, `role="alert"`) || !strings.Contains(a.body, tt.want) {
				t.Errorf("the page does not say %q:\n%s", tt.want, a.body)
			}
		})
	}
}

// TestExchangeRefuses: a code is exchanged once, within CodeTTL, by the
// client and redirect_uri it was issued for and the verifier of its
// challenge; anything else is an OAuth error.
func TestExchangeRefuses(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, s *stack, v url.Values)
		status int
		want   string
	}{
		{"wrong verifier", func(_ *testing.T, _ *stack, v url.Values) { v.Set("code_verifier", strings.Repeat("a", 43)) }, http.StatusBadRequest, "invalid_grant"},
		{"reused code", func(t *testing.T, s *stack, v url.Values) {
			if a := postForm(t, s.url+"/oidc/token", v); a.status != http.StatusOK {
				t.Fatalf("the first exchange: got %d %s, want 200", a.status, a.body)
			}
		}, http.StatusBadRequest, "invalid_grant"},
		{"expired code", func(_ *testing.T, s *stack, _ url.Values) { s.now = s.now.Add(localoidc.CodeTTL + time.Second) }, http.StatusBadRequest, "invalid_grant"},
		{"other redirect_uri", func(t *testing.T, s *stack, v url.Values) { v.Set("redirect_uri", s.url+"/other") }, http.StatusBadRequest, "invalid_grant"},
		{"other client_id", func(_ *testing.T, _ *stack, v url.Values) { v.Set("client_id", "someone-else") }, http.StatusUnauthorized, "invalid_client"},
		{"unknown code", func(_ *testing.T, _ *stack, v url.Values) { v.Set("code", "0000") }, http.StatusBadRequest, "invalid_grant"},
		{"missing verifier", func(_ *testing.T, _ *stack, v url.Values) { v.Del("code_verifier") }, http.StatusBadRequest, "invalid_request"},
		{"other grant type", func(_ *testing.T, _ *stack, v url.Values) { v.Set("grant_type", "password") }, http.StatusBadRequest, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			v := s.exchange(s.signIn(t, s.request(), url.Values{"person": {"ada"}}))
			tt.change(t, s, v)
			a := postForm(t, s.url+"/oidc/token", v)
			var e struct {
				Error       string `json:"error"`
				Description string `json:"error_description"`
			}
			must(t, json.Unmarshal([]byte(a.body), &e))
			if a.status != tt.status || e.Error != tt.want || e.Description == "" {
				t.Errorf("got %d %s, want %d with error %s and a description", a.status, a.body, tt.status, tt.want)
			}
		})
	}
	// A wrong verifier spends the code: the right one cannot follow.
	s := newStack(t)
	v := s.exchange(s.signIn(t, s.request(), url.Values{"person": {"ada"}}))
	wrong := mergeValues(v, url.Values{"code_verifier": {strings.Repeat("b", 43)}})
	postForm(t, s.url+"/oidc/token", wrong)
	if a := postForm(t, s.url+"/oidc/token", v); a.status != http.StatusBadRequest {
		t.Errorf("the right verifier after a wrong one: got %d %s, want 400", a.status, a.body)
	}
}

// TestMintForTheCLI: relais --local token's JSON mint still answers an
// ID token, and refuses an identity that is not one.
func TestMintForTheCLI(t *testing.T) {
	s := newStack(t)
	tests := []struct {
		body   string
		status int
	}{
		{`{"name":"ada","role":"admin"}`, http.StatusOK},
		{`{"name":"rita","role":"reviewer","clients":["acme","globex"]}`, http.StatusBadRequest},
		{`{"name":"ada","role":"admin","extra":1}`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(http.MethodPost, s.url+"/oidc/token", strings.NewReader(tt.body))
		must(t, err)
		req.Header.Set("Content-Type", "application/json")
		a := do(t, req)
		if a.status != tt.status {
			t.Errorf("%s: got %d %s, want %d", tt.body, a.status, a.body, tt.status)
		}
	}
}

// TestRegister: registering a name again replaces the person; an
// identity that is not one is refused.
func TestRegister(t *testing.T) {
	s := newStack(t)
	must(t, s.issuer.Register(auth.Identity{Name: "max", Role: auth.Manager, Clients: []string{"acme"}}))
	var got []string
	for _, p := range s.issuer.People() {
		got = append(got, p.Name+":"+string(p.Role)+":"+strings.Join(p.Clients, ","))
	}
	if want := []string{"ada:admin:", "max:manager:acme"}; !slices.Equal(got, want) {
		t.Errorf("people: got %v, want %v", got, want)
	}
	if err := s.issuer.Register(auth.Identity{Name: "rita", Role: auth.Reviewer}); err == nil {
		t.Error("a reviewer of no client was registered")
	}
}

func mergeValues(a, b url.Values) url.Values {
	out := url.Values{}
	for _, v := range []url.Values{a, b} {
		for k, vs := range v {
			out[k] = vs
		}
	}
	return out
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
