package mastodon

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
	appID       = "relais-mastodon-app"
	appSecret   = "relais-mastodon-app-secret"
	redirectURI = "http://127.0.0.1:8788/callback"
)

// oauthFlow is an account connected to Relais' app through the OAuth
// flow on the fake instance: the spec's OAuth at the fixture's URL, and
// the token the code exchange gave.
type oauthFlow struct {
	*fixture
	app *oauth.Client
	tok oauth.Token
}

// connectOAuth registers Relais' app on the instance and connects
// account (user@instance, as Relais names it) as its person would.
func connectOAuth(t *testing.T, account string) *oauthFlow {
	t.Helper()
	f := &oauthFlow{fixture: newFixture(t, nil)}
	f.fake.RegisterApp(appID, appSecret)
	f.app = oauth.New(relais.Mastodon, atBase(*Spec.OAuth, f.srv.URL), appID, appSecret, redirectURI, &http.Client{Timeout: time.Second})
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
// returns what the instance sends back to the redirect URI.
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

// TestOAuthConnect: the code of the consent gives a token that does not
// expire, without a refresh token, with the scopes Relais asks.
func TestOAuthConnect(t *testing.T) {
	f := connectOAuth(t, testAccount)
	if !f.tok.ExpiresAt.IsZero() || f.tok.Refresh != "" {
		t.Errorf("got expiry %v and refresh %v, want none", f.tok.ExpiresAt, f.tok.Refresh != "")
	}
	if !slices.Equal(f.tok.Scopes, Scopes) {
		t.Errorf("Scopes: got %q, want %q", f.tok.Scopes, Scopes)
	}
	if oauth.Due(f.tok, f.clock.Now().Add(10*365*24*time.Hour), 7*24*time.Hour) {
		t.Error("a token without expiry is due")
	}
	_, err := f.app.Refresh(context.Background(), f.tok)
	if !errors.Is(err, oauth.ErrReconnect) {
		t.Errorf("refresh: got %v, want ErrReconnect: Mastodon renews nothing", err)
	}
}

// TestOAuthTokens: what the instance makes of a token of the OAuth flow,
// as time passes or the grant ends.
func TestOAuthTokens(t *testing.T) {
	tests := []struct {
		name    string
		account string
		// then acts on the flow and returns the token to post with.
		then        func(t *testing.T, f *oauthFlow) string
		wantRefused bool
	}{
		{"new", testAccount, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, false},
		{"another account's consent, named with @", "@other@" + testInstance, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, false},
		{"years later", testAccount, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(5 * 365 * 24 * time.Hour)
			return f.tok.Access
		}, false},
		{"revoked by Relais", testAccount, func(t *testing.T, f *oauthFlow) string {
			if err := f.app.Revoke(context.Background(), f.tok); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			return f.tok.Access
		}, true},
		{"the person revoked the app", testAccount, func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(testUser)
			return f.tok.Access
		}, true},
		{"the app replaced", testAccount, func(_ *testing.T, f *oauthFlow) string {
			f.fake.RegisterApp("another-app", "another-secret")
			return f.tok.Access
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, tt.account)
			token := tt.then(t, f)
			account := Spec.Canonical(tt.account)
			_, err := f.client.Publish(context.Background(), token, account, "post-1", relais.Content{Text: "Hello, fediverse"})
			if got := err != nil; got != tt.wantRefused {
				t.Fatalf("publish: got error %v, want refused %v", err, tt.wantRefused)
			}
			if tt.wantRefused {
				e := netfake.MustError(t, err, token)
				if e.Status != http.StatusUnauthorized || e.Kind != relais.FailPermanent || relais.ErrorCode(err) != relais.EUNAUTHORIZED {
					t.Errorf("got %d %s %s, want 401 permanent %s", e.Status, e.Kind, relais.ErrorCode(err), relais.EUNAUTHORIZED)
				}
				return
			}
			user, _ := ParseAccount(account)
			if got := len(f.fake.Statuses(user.Username)); got != 1 {
				t.Errorf("statuses of %s: got %d, want 1", user.Username, got)
			}
		})
	}
}
