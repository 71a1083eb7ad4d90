package meta

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	loginAppID  = "relais-meta-app"
	loginSecret = "relais-meta-app-secret"
	redirectURI = "http://127.0.0.1:8788/callback"
	day         = 24 * time.Hour
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// oauthFlow is a person connected to Relais' app through Facebook Login
// on the fake, for a Page or an Instagram account: the spec's OAuth at
// the stack's URL, the user token the code exchange gave, and the
// fake's clock.
type oauthFlow struct {
	*stack
	clock *netfake.Clock
	app   *oauth.Client
	tok   oauth.Token
}

// connectOAuth registers Relais' app on the fake and connects account of
// network as the person who manages it would: consent, then the code's
// exchange, upgraded to a long-lived token unless short is set.
func connectOAuth(t *testing.T, network relais.Network, account string, short bool) *oauthFlow {
	t.Helper()
	f := &oauthFlow{stack: newStack(t), clock: netfake.NewClock(t0)}
	f.fake.Now = f.clock.Now
	f.fake.RegisterApp(loginAppID, loginSecret)
	o := atBase(*specOf(network).OAuth, f.srv.URL)
	if short {
		o.Upgrade = nil
	}
	f.app = oauth.New(network, o, loginAppID, loginSecret, redirectURI, &http.Client{Timeout: time.Second})
	f.app.Now = f.clock.Now
	consent, err := f.app.Begin(url.Values{"account": {account}})
	if err != nil {
		t.Fatal(err)
	}
	back := approve(t, consent.URL)
	if !oauth.CheckState(back.Get("state"), consent.State) {
		t.Fatalf("state: got %q, want the consent's", back.Get("state"))
	}
	if f.tok, err = f.app.Exchange(context.Background(), back.Get("code"), consent.Verifier); err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return f
}

// pageToken gets the Page's token with the flow's user token.
func (f *oauthFlow) pageToken(t *testing.T) string {
	t.Helper()
	token, err := f.fb.PageToken(context.Background(), f.tok.Access, pageID)
	if err != nil {
		t.Fatalf("page token: %v", err)
	}
	return token
}

// removeApp is the person removing the app through Graph, with their
// user token (DELETE /me/permissions).
func (f *oauthFlow) removeApp(t *testing.T) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, f.srv.URL+"/v21.0/me/permissions", nil)
	req.Header.Set("Authorization", "Bearer "+f.tok.Access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE /me/permissions: got %d, want 200", resp.StatusCode)
	}
}

// atBase is o with its endpoints on base, at their production paths.
func atBase(o relais.OAuth, base string) relais.OAuth {
	for _, u := range []*string{&o.AuthURL, &o.TokenURL, &o.RevokeURL} {
		if p, err := url.Parse(*u); err == nil && *u != "" {
			*u = base + p.RequestURI()
		}
	}
	return o
}

// approve opens the consent URL as the person's browser would and
// returns what Meta sends back to the redirect URI.
func approve(t *testing.T, consentURL string) url.Values {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
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

// TestOAuthConnect: the code of Facebook Login gives, upgraded at once, a
// user token valid 60 days, without a refresh token, with the scopes
// Relais asks for each network.
func TestOAuthConnect(t *testing.T) {
	tests := []struct {
		network    relais.Network
		account    string
		wantScopes []string
	}{
		{relais.Facebook, pageID, FacebookScopes},
		{relais.Instagram, igID, InstagramScopes},
	}
	for _, tt := range tests {
		t.Run(string(tt.network), func(t *testing.T) {
			f := connectOAuth(t, tt.network, tt.account, false)
			if got, want := f.tok.ExpiresAt, t0.Add(60*day); !got.Equal(want) {
				t.Errorf("ExpiresAt: got %v, want %v", got, want)
			}
			if f.tok.Refresh != "" {
				t.Error("got a refresh token, want none")
			}
			if !slices.Equal(f.tok.Scopes, tt.wantScopes) {
				t.Errorf("Scopes: got %q, want %q", f.tok.Scopes, tt.wantScopes)
			}
		})
	}
}

// TestOAuthInstagram: what Instagram's calls make of a user token of the
// flow, as time passes, the token is renewed or the person removes the
// app.
func TestOAuthInstagram(t *testing.T) {
	tests := []struct {
		name  string
		short bool
		// then acts on the flow and returns the token to call with.
		then     func(t *testing.T, f *oauthFlow) string
		wantCode string // "": the call succeeds
	}{
		{"new", false, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, ""},
		{"a second before 60 days", false, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(60*day - time.Second)
			return f.tok.Access
		}, ""},
		{"60 days on", false, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(60 * day)
			return f.tok.Access
		}, "190/463"},
		{"the code's short-lived token", true, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, ""},
		{"the code's short-lived token, an hour on", true, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(time.Hour)
			return f.tok.Access
		}, "190/463"},
		{"renewed a week ahead", false, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			next, err := f.app.Refresh(context.Background(), f.tok)
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			f.clock.Advance(30 * day)
			return next.Access
		}, ""},
		{"renewed: the token before, until its own end", false, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			if _, err := f.app.Refresh(context.Background(), f.tok); err != nil {
				t.Fatalf("refresh: %v", err)
			}
			return f.tok.Access
		}, ""},
		{"the person removed the app in their settings", false, func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(igID)
			return f.tok.Access
		}, "190/458"},
		{"the app removed through Graph", false, func(t *testing.T, f *oauthFlow) string {
			f.removeApp(t)
			return f.tok.Access
		}, "190/458"},
		{"never issued", false, func(_ *testing.T, f *oauthFlow) string { return "EAAG-never-issued" }, "190"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, relais.Instagram, igID, tt.short)
			token := tt.then(t, f)
			_, err := f.ig.RecentPosts(context.Background(), token, igID, t0.Add(-day))
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("recent posts: %v", err)
				}
				return
			}
			e := netfake.MustError(t, err, token)
			if e.Code != tt.wantCode || e.Kind != relais.FailPermanent {
				t.Errorf("got %q %s, want %q permanent", e.Code, e.Kind, tt.wantCode)
			}
		})
	}
}

// TestOAuthPage: a Page acts with the Page token the person's user token
// gets, which has no expiry when got with the long-lived user token, and
// ends with the short-lived one otherwise, or when the person removes
// the app.
func TestOAuthPage(t *testing.T) {
	tests := []struct {
		name  string
		short bool
		// then acts on the flow and returns the token to post with.
		then     func(t *testing.T, f *oauthFlow) string
		wantCode string // "": the post is made
	}{
		{"the user token", false, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, "200"},
		{"the Page token", false, func(t *testing.T, f *oauthFlow) string { return f.pageToken(t) }, ""},
		{"the Page token, a year on", false, func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.clock.Advance(365 * day)
			return token
		}, ""},
		{"the Page token of the short-lived user token", true, func(t *testing.T, f *oauthFlow) string { return f.pageToken(t) }, ""},
		{"the Page token of the short-lived user token, an hour on", true, func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.clock.Advance(time.Hour)
			return token
		}, "190/463"},
		{"the Page token, the person removed the app", false, func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.fake.Deauthorize(pageID)
			return token
		}, "190/458"},
		{"the Page token, the app removed through Graph", false, func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.removeApp(t)
			return token
		}, "190/458"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, relais.Facebook, pageID, tt.short)
			token := tt.then(t, f)
			_, err := f.fb.Publish(context.Background(), token, pageID, "k", relais.Content{Text: "Bonjour " + tt.name})
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("publish: %v", err)
				}
				if got := len(f.fake.Posts(pageID)); got != 1 {
					t.Errorf("posts: got %d, want 1", got)
				}
				return
			}
			e := netfake.MustError(t, err, token)
			if e.Code != tt.wantCode || e.Kind != relais.FailPermanent {
				t.Errorf("got %q %s, want %q permanent", e.Code, e.Kind, tt.wantCode)
			}
		})
	}
}

// TestOAuthPageTokenRefused: only the person who manages the Page gets
// its token.
func TestOAuthPageTokenRefused(t *testing.T) {
	tests := []struct {
		name     string
		account  string // the consent's
		token    func(f *oauthFlow) string
		wantCode string
	}{
		{"another account's person", igID, func(f *oauthFlow) string { return f.tok.Access }, "100/33"},
		{"an expired user token", pageID, func(f *oauthFlow) string {
			f.clock.Advance(60 * day)
			return f.tok.Access
		}, "190/463"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, relais.Facebook, tt.account, false)
			token := tt.token(f)
			_, err := f.fb.PageToken(context.Background(), token, pageID)
			e := netfake.MustError(t, err, token)
			if e.Code != tt.wantCode || e.Kind != relais.FailPermanent {
				t.Errorf("got %q %s, want %q permanent", e.Code, e.Kind, tt.wantCode)
			}
		})
	}
}

// TestOAuthRenewal: a live user token is exchanged for a new 60-day one;
// an expired one, or one whose person removed the app, needs the person.
func TestOAuthRenewal(t *testing.T) {
	tests := []struct {
		name          string
		then          func(f *oauthFlow)
		wantReconnect bool
	}{
		{"due", func(f *oauthFlow) { f.clock.Advance(53 * day) }, false},
		{"a second before its end", func(f *oauthFlow) { f.clock.Advance(60*day - time.Second) }, false},
		{"expired", func(f *oauthFlow) { f.clock.Advance(60 * day) }, true},
		{"the person removed the app", func(f *oauthFlow) { f.fake.Deauthorize(igID) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, relais.Instagram, igID, false)
			tt.then(f)
			next, err := f.app.Refresh(context.Background(), f.tok)
			if got := errors.Is(err, oauth.ErrReconnect); got != tt.wantReconnect {
				t.Fatalf("refresh: got %v, want reconnect %v", err, tt.wantReconnect)
			}
			if tt.wantReconnect {
				netfake.MustError(t, err, f.tok.Access, loginSecret)
				return
			}
			if got, want := next.ExpiresAt, f.clock.Now().Add(60*day); !got.Equal(want) || next.Access == f.tok.Access {
				t.Errorf("renewed: got a new token %v until %v, want one until %v", next.Access != f.tok.Access, got, want)
			}
		})
	}
}
