package threads

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// connect runs the fake's OAuth flow for the account with scopes: the
// consent, the code's exchange, then the long-lived exchange. It returns
// the long-lived token.
func connect(t *testing.T, s *stack, account string, scopes ...string) string {
	t.Helper()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	consent := s.srv.URL + "/oauth/authorize?" + url.Values{
		"client_id": {s.fake.ClientID}, "redirect_uri": {"https://relais.example/oauth/threads"},
		"scope": {strings.Join(scopes, ",")}, "response_type": {"code"}, "state": {"st"}, "account": {account},
	}.Encode()
	resp, err := noFollow.Get(consent)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || back.Query().Get("code") == "" || back.Query().Get("state") != "st" {
		t.Fatalf("consent: got %d to %q, want a redirect with a code and the state", resp.StatusCode, resp.Header.Get("Location"))
	}
	var short struct {
		AccessToken string      `json:"access_token"`
		UserID      json.Number `json:"user_id"`
	}
	form := url.Values{"client_id": {s.fake.ClientID}, "client_secret": {s.fake.ClientSecret}, "grant_type": {"authorization_code"},
		"redirect_uri": {"https://relais.example/oauth/threads"}, "code": {back.Query().Get("code")}}
	resp, err = http.PostForm(s.srv.URL+"/oauth/access_token", form)
	mustJSON(t, resp, err, &short)
	if short.UserID.String() != account {
		t.Fatalf("code exchange: user_id %q, want %s", short.UserID, account)
	}
	var long struct {
		AccessToken string `json:"access_token"`
	}
	resp, err = http.Get(s.srv.URL + "/access_token?" + url.Values{"grant_type": {"th_exchange_token"},
		"client_secret": {s.fake.ClientSecret}, "access_token": {short.AccessToken}}.Encode())
	mustJSON(t, resp, err, &long)
	return long.AccessToken
}

// mustJSON reads a 200 answer's JSON into v.
func mustJSON(t *testing.T, resp *http.Response, err error, v any) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestConnectedAccount uses the tokens the OAuth flow issues: they act
// for the account that consented, with the scopes granted, for 60 days.
func TestConnectedAccount(t *testing.T) {
	s := newStack(t)
	token := connect(t, s, acct, "threads_basic", "threads_content_publish")
	post, err := s.client.Publish(t.Context(), token, acct, "post-1", relais.Content{Text: "Connecté"})
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	_, err = s.client.Metrics(t.Context(), token, acct, post)
	if e := netfakeError(t, err, token); e.Code != "10" {
		t.Errorf("metrics without threads_manage_insights: code %q, want 10 (%v)", e.Code, err)
	}
	_, err = s.client.Publish(t.Context(), token, otherAcct, "post-2", relais.Content{Text: "Pas ici"})
	netfakeError(t, err, token)

	s.clock.Advance(60 * 24 * time.Hour)
	_, err = s.client.Publish(t.Context(), token, acct, "post-3", relais.Content{Text: "Trop tard"})
	if e := netfakeError(t, err, token); e.Code != "190/463" {
		t.Errorf("expired token: code %q, want 190/463 (%v)", e.Code, err)
	}

	s.fake.Deauthorize(acct)
	_, err = s.client.Publish(t.Context(), acctToken, acct, "post-3", relais.Content{Text: "Révoqué"})
	if e := netfakeError(t, err, token); e.Code != "190/458" {
		t.Errorf("app removed: code %q, want 190/458 (%v)", e.Code, err)
	}
}

// netfakeError checks a permanent failure that shows no token.
func netfakeError(t *testing.T, err error, token string) *netcall.Error {
	t.Helper()
	e := mustFail(t, err, relais.FailPermanent)
	if strings.Contains(err.Error(), token) {
		t.Errorf("error %q shows the token", err)
	}
	return e
}
