package oauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/netfake/oauthfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	clientID     = "app-1"
	clientSecret = "app-secret-never-shown"
	redirectURI  = "https://relais.example/callback"
	day          = 24 * time.Hour
)

var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// network is a network's OAuth as a test declares it: its spec's OAuth
// with paths for URLs, the fake's behaviour, and the client's options.
type network struct {
	o    relais.OAuth
	fake oauthfake.Options
}

// linkedinLike: no PKCE, 60-day access tokens, refresh tokens for 365
// days from consent, kept through refreshes.
func linkedinLike() network {
	return network{
		o: relais.OAuth{AuthURL: "/oauth/v2/authorization", TokenURL: "/oauth/v2/accessToken", RevokeURL: "/oauth/v2/revoke",
			Scopes: []string{"w_organization_social", "r_organization_social"}, Refresh: relais.RefreshToken},
		fake: oauthfake.Options{AuthPath: "/oauth/v2/authorization", TokenPath: "/oauth/v2/accessToken", RevokePath: "/oauth/v2/revoke",
			ClientAuth: oauthfake.AuthBody, AccessTTL: 60 * day, RefreshTokens: true, RefreshTTL: 365 * day,
			RefreshExpiresField: "refresh_token_expires_in"},
	}
}

// xLike: PKCE, HTTP Basic, two-hour access tokens, rotated refresh
// tokens.
func xLike() network {
	return network{
		o: relais.OAuth{AuthURL: "/i/oauth2/authorize", TokenURL: "/2/oauth2/token", RevokeURL: "/2/oauth2/revoke",
			Scopes: []string{"tweet.read", "tweet.write", "users.read", "offline.access"}, PKCE: true, Refresh: relais.RefreshToken,
			ClientAuth: relais.ClientAuthBasic},
		fake: oauthfake.Options{AuthPath: "/i/oauth2/authorize", TokenPath: "/2/oauth2/token", RevokePath: "/2/oauth2/revoke",
			ClientAuth: oauthfake.AuthBasic, PKCE: true, AccessTTL: 2 * time.Hour, RefreshTokens: true, Rotate: true},
	}
}

// metaLike: a short-lived token for a code, upgraded and renewed by
// fb_exchange_token (GET, with the app's id and secret) for 60 days.
func metaLike() network {
	exchange := oauthfake.Exchange{GrantType: "fb_exchange_token", TokenParam: "fb_exchange_token", ClientID: true, ClientSecret: true, TTL: 60 * day}
	renew := relais.Exchange{GrantType: "fb_exchange_token", TokenParam: "fb_exchange_token", ClientID: true, ClientSecret: true}
	return network{
		o: relais.OAuth{AuthURL: "/dialog/oauth", TokenURL: "/oauth/access_token",
			Scopes: []string{"pages_manage_posts", "pages_read_engagement"}, ScopeSeparator: ",", Refresh: relais.RefreshExchange,
			Upgrade: &renew, Renew: &renew},
		fake: oauthfake.Options{AuthPath: "/dialog/oauth", TokenPath: "/oauth/access_token", ScopeSeparator: ",",
			AccessTTL: time.Hour, Exchanges: []oauthfake.Exchange{exchange}},
	}
}

// threadsLike: a short-lived token upgraded by th_exchange_token (the
// secret alone) and renewed by th_refresh_token (the token alone), on
// their own paths.
func threadsLike() network {
	return network{
		o: relais.OAuth{AuthURL: "/oauth/authorize", TokenURL: "/oauth/access_token",
			Scopes: []string{"threads_basic", "threads_content_publish"}, ScopeSeparator: ",", Refresh: relais.RefreshExchange,
			Upgrade: &relais.Exchange{URL: "/access_token", GrantType: "th_exchange_token", TokenParam: "access_token", ClientSecret: true},
			Renew:   &relais.Exchange{URL: "/refresh_access_token", GrantType: "th_refresh_token", TokenParam: "access_token"}},
		fake: oauthfake.Options{AuthPath: "/oauth/authorize", TokenPath: "/oauth/access_token", ScopeSeparator: ",", AccessTTL: time.Hour,
			Exchanges: []oauthfake.Exchange{
				{Path: "/access_token", GrantType: "th_exchange_token", TokenParam: "access_token", ClientSecret: true, TTL: 60 * day},
				{Path: "/refresh_access_token", GrantType: "th_refresh_token", TokenParam: "access_token", TTL: 60 * day},
			}},
	}
}

// tiktokLike: client_key, comma-separated scopes, PKCE, rotated refresh
// tokens whose life comes as refresh_expires_in.
func tiktokLike() network {
	return network{
		o: relais.OAuth{AuthURL: "/v2/auth/authorize/", TokenURL: "/v2/oauth/token/", RevokeURL: "/v2/oauth/revoke/",
			Scopes: []string{"user.info.basic", "video.publish"}, ScopeSeparator: ",", PKCE: true, Refresh: relais.RefreshToken,
			ClientIDParam: "client_key"},
		fake: oauthfake.Options{AuthPath: "/v2/auth/authorize/", TokenPath: "/v2/oauth/token/", RevokePath: "/v2/oauth/revoke/",
			ClientIDParam: "client_key", ScopeSeparator: ",", ClientAuth: oauthfake.AuthBody, PKCE: true,
			AccessTTL: 24 * time.Hour, RefreshTokens: true, RefreshTTL: 365 * day, RefreshExpiresField: "refresh_expires_in", Rotate: true},
	}
}

// stack is a client talking to a fake authorization server with one
// account, acme, on a shared clock.
type stack struct {
	fake   *oauthfake.Server
	srv    *httptest.Server
	clock  *netfake.Clock
	client *Client
}

func newStack(t *testing.T, n network) *stack {
	t.Helper()
	s := &stack{clock: netfake.NewClock(start)}
	n.fake.ClientID, n.fake.ClientSecret = clientID, clientSecret
	// The CLI registers a loopback URI, whose port RFC 8252 leaves free.
	n.fake.RedirectURIs = []string{redirectURI, "http://127.0.0.1:8788/callback"}
	s.fake = oauthfake.New(s.clock.Now, n.fake)
	s.fake.AddAccount("acme")
	s.srv = httptest.NewServer(s.fake)
	t.Cleanup(s.srv.Close)
	for _, u := range []*string{&n.o.AuthURL, &n.o.TokenURL, &n.o.RevokeURL} {
		if *u != "" {
			*u = s.srv.URL + *u
		}
	}
	// Exchange URLs are paths in the declarations above.
	for _, e := range []**relais.Exchange{&n.o.Upgrade, &n.o.Renew} {
		if *e != nil && strings.HasPrefix((*e).URL, "/") {
			copied := **e
			copied.URL = s.srv.URL + copied.URL
			*e = &copied
		}
	}
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New("testnet", n.o, clientID, clientSecret, redirectURI, &http.Client{Timeout: time.Second})
	s.client.Now = s.clock.Now
	return s
}

// noRedirect shows a redirect instead of following it.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// approve opens the consent URL as the person's browser would, and
// returns what the network sends back to the redirect URI.
func approve(t *testing.T, consentURL string) url.Values {
	t.Helper()
	resp, err := noRedirect.Get(consentURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("consent: got %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

// connect runs the whole flow and returns the account's token.
func (s *stack) connect(t *testing.T) Token {
	t.Helper()
	consent, err := s.client.Begin(nil)
	if err != nil {
		t.Fatal(err)
	}
	back := approve(t, consent.URL)
	if !CheckState(back.Get("state"), consent.State) {
		t.Fatalf("state: got %q, want %q", back.Get("state"), consent.State)
	}
	tok, err := s.client.Exchange(context.Background(), back.Get("code"), consent.Verifier)
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return tok
}

// mustValid checks that the fake takes the access token for acme.
func (s *stack) mustValid(t *testing.T, tok Token) {
	t.Helper()
	if account, ok := s.fake.Valid(tok.Access); !ok || account != "acme" {
		t.Errorf("fake: got %q %v, want the token valid for acme", account, ok)
	}
}
