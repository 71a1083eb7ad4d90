package oauthfake

import (
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// challengePattern is an S256 code_challenge: 32 bytes in base64url
// without padding (RFC 7636, 4.2).
var challengePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// consent is the consent page, approved at once: for the account named
// by the account parameter, or the only one the fake has; deny=1 plays
// the person who refuses. A request whose client or redirect URI is
// wrong is refused on a page, never redirected (RFC 6749, 4.1.2.1); any
// other refusal goes back to the redirect URI with the state.
func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	switch {
	case q.Get(s.opts.ClientIDParam) != s.opts.ClientID:
		refusePage(w, "The app's "+s.opts.ClientIDParam+" is unknown.")
		return
	case !s.redirectAllowed(redirect):
		refusePage(w, "The redirect_uri is not one the app registered.")
		return
	}
	state := q.Get("state")
	fail := func(code, description string) {
		back(w, r, redirect, url.Values{"error": {code}, "error_description": {description}, "state": {state}})
	}
	challenge := q.Get("code_challenge")
	switch {
	case q.Get("response_type") != "code":
		fail("unsupported_response_type", "response_type must be code")
		return
	case state == "":
		fail("invalid_request", "state is missing")
		return
	case q.Get("deny") == "1":
		fail("access_denied", "the person did not allow the app")
		return
	case !s.opts.PKCE:
		challenge = ""
	case challenge == "":
		fail("invalid_request", "code challenge required")
		return
	case q.Get("code_challenge_method") != "S256":
		fail("invalid_request", "transform algorithm not supported: use S256")
		return
	case !challengePattern.MatchString(challenge):
		fail("invalid_request", "code_challenge is not an S256 challenge")
		return
	}
	s.mu.Lock()
	account, why := s.approver(q.Get("account"))
	var c string
	if why == "" {
		c = s.putCode(&code{
			account: account, redirectURI: redirect, challenge: challenge,
			scopes: splitScopes(q.Get("scope"), s.opts.ScopeSeparator),
		})
	}
	s.mu.Unlock()
	if why != "" {
		fail("access_denied", why)
		return
	}
	back(w, r, redirect, url.Values{"code": {c}, "state": {state}})
}

// approver is the account that approves a consent, or why none does.
// The caller holds s.mu.
func (s *Server) approver(named string) (account, why string) {
	if named != "" {
		if !s.accounts[named] {
			return "", "no account " + named + " on this fake"
		}
		return named, ""
	}
	if len(s.accounts) != 1 {
		return "", "name the approving account with account=<id>"
	}
	for a := range s.accounts {
		account = a
	}
	return account, ""
}

// redirectAllowed reports whether the app may be sent to u.
func (s *Server) redirectAllowed(u string) bool {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.Fragment != "" {
		return false
	}
	if len(s.opts.RedirectURIs) == 0 {
		return true
	}
	return slices.ContainsFunc(s.opts.RedirectURIs, func(registered string) bool {
		return registered == u || sameButLoopbackPort(registered, p)
	})
}

// sameButLoopbackPort reports whether u is the registered loopback URI
// on another port.
func sameButLoopbackPort(registered string, u *url.URL) bool {
	r, err := url.Parse(registered)
	if err != nil || !loopback(r.Hostname()) || r.Hostname() != u.Hostname() {
		return false
	}
	return r.Scheme == u.Scheme && r.Path == u.Path && r.RawQuery == u.RawQuery
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// back redirects the browser to the app's redirect URI with params added
// to its query.
func back(w http.ResponseWriter, r *http.Request, redirect string, params url.Values) {
	u, _ := url.Parse(redirect) // checked by redirectAllowed
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// refusePage tells the person why the consent cannot go on.
func refusePage(w http.ResponseWriter, why string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte(why + "\n"))
}

// splitScopes reads a scope parameter, splitting on the network's
// separator and on spaces.
func splitScopes(scope, sep string) []string {
	return strings.FieldsFunc(scope, func(r rune) bool {
		return r == ' ' || strings.ContainsRune(sep, r)
	})
}
