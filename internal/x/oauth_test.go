package x

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
	appID       = "relais-x-app"
	appSecret   = "relais-x-app-secret"
	redirectURI = "http://127.0.0.1:8788/callback"
)

// oauthFlow is an X user connected to Relais' app through the OAuth flow
// on the fake: the spec's OAuth at the stack's URL, and the token the
// code exchange gave.
type oauthFlow struct {
	*stack
	app *oauth.Client
	tok oauth.Token
}

// connectOAuth registers Relais' app on the fake and connects account
// as its person would: consent, then the code's exchange.
func connectOAuth(t *testing.T, account string) *oauthFlow {
	t.Helper()
	f := &oauthFlow{stack: newStack(t)}
	f.fake.RegisterApp(appID, appSecret)
	f.app = oauth.New(relais.X, atBase(*Spec.OAuth, f.srv.URL), appID, appSecret, redirectURI, &http.Client{Timeout: time.Second})
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

// refresh renews the flow's token, failing the test if X refuses.
func (f *oauthFlow) refresh(t *testing.T) oauth.Token {
	t.Helper()
	next, err := f.app.Refresh(context.Background(), f.tok)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	return next
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
// returns what X sends back to the redirect URI.
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

// TestOAuthConnect: the code of X's consent gives a two-hour token with a
// refresh token and the scopes Relais asks.
func TestOAuthConnect(t *testing.T) {
	f := connectOAuth(t, acmeID)
	if got, want := f.tok.ExpiresAt, t0.Add(2*time.Hour); !got.Equal(want) {
		t.Errorf("ExpiresAt: got %v, want %v", got, want)
	}
	if f.tok.Refresh == "" {
		t.Error("got no refresh token, want one (offline.access)")
	}
	if !slices.Equal(f.tok.Scopes, Scopes) {
		t.Errorf("Scopes: got %q, want %q", f.tok.Scopes, Scopes)
	}
}

// TestOAuthTokens: what the API makes of a token of the OAuth flow, as
// time passes, the token is renewed or the grant ends.
func TestOAuthTokens(t *testing.T) {
	tests := []struct {
		name    string
		account string
		// then acts on the flow and returns the token to post with.
		then        func(t *testing.T, f *oauthFlow) string
		wantRefused bool
	}{
		{"new", acmeID, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, false},
		{"another user's consent", globexID, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, false},
		{"a second before two hours", acmeID, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(2*time.Hour - time.Second)
			return f.tok.Access
		}, false},
		{"two hours on", acmeID, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(2 * time.Hour)
			return f.tok.Access
		}, true},
		{"renewed near its end", acmeID, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(110 * time.Minute)
			return f.refresh(t).Access
		}, false},
		{"renewed, two hours after the renewal", acmeID, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(110 * time.Minute)
			next := f.refresh(t)
			f.clock.Advance(2 * time.Hour)
			return next.Access
		}, true},
		{"renewed: the token before, within its two hours", acmeID, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(time.Hour)
			f.refresh(t)
			return f.tok.Access
		}, false},
		{"revoked by Relais", acmeID, func(t *testing.T, f *oauthFlow) string {
			if err := f.app.Revoke(context.Background(), f.tok); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			return f.tok.Access
		}, true},
		{"the user removed the app", acmeID, func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(acmeID)
			return f.tok.Access
		}, true},
		{"the app replaced", acmeID, func(_ *testing.T, f *oauthFlow) string {
			f.fake.RegisterApp("another-app", "another-secret")
			return f.tok.Access
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, tt.account)
			token := tt.then(t, f)
			_, err := f.client.Publish(context.Background(), token, tt.account, "k", relais.Content{Text: "Bonjour " + tt.name})
			if got := err != nil; got != tt.wantRefused {
				t.Fatalf("publish: got error %v, want refused %v", err, tt.wantRefused)
			}
			if tt.wantRefused {
				e := netfake.MustError(t, err, token)
				if e.Status != http.StatusUnauthorized || e.Code != CodeInvalidToken || e.Kind != relais.FailPermanent {
					t.Errorf("got %d %q %s, want 401 %q permanent", e.Status, e.Code, e.Kind, CodeInvalidToken)
				}
				return
			}
			if got := len(f.fake.Posts(tt.account)); got != 1 {
				t.Errorf("posts of %s: got %d, want 1", tt.account, got)
			}
		})
	}
}

// TestOAuthRenewal: each refresh gives a new refresh token and refuses
// the one used; a grant that ended cannot be renewed.
func TestOAuthRenewal(t *testing.T) {
	tests := []struct {
		name string
		// then acts on the flow and returns the token to renew.
		then          func(t *testing.T, f *oauthFlow) oauth.Token
		wantReconnect bool
	}{
		{"due", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.clock.Advance(110 * time.Minute)
			return f.tok
		}, false},
		{"expired", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.clock.Advance(3 * time.Hour)
			return f.tok
		}, false},
		{"renewed again with its new refresh token", func(t *testing.T, f *oauthFlow) oauth.Token {
			return f.refresh(t)
		}, false},
		{"the refresh token used again", func(t *testing.T, f *oauthFlow) oauth.Token {
			f.refresh(t)
			return f.tok
		}, true},
		{"revoked", func(t *testing.T, f *oauthFlow) oauth.Token {
			if err := f.app.Revoke(context.Background(), f.tok); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			return f.tok
		}, true},
		{"the user removed the app", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.fake.Deauthorize(acmeID)
			return f.tok
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, acmeID)
			tok := tt.then(t, f)
			next, err := f.app.Refresh(context.Background(), tok)
			if got := errors.Is(err, oauth.ErrReconnect); got != tt.wantReconnect {
				t.Fatalf("refresh: got %v, want reconnect %v", err, tt.wantReconnect)
			}
			if tt.wantReconnect {
				netfake.MustError(t, err, tok.Access, tok.Refresh, appSecret)
				return
			}
			if next.Refresh == "" || next.Refresh == tok.Refresh {
				t.Error("the refresh token was not replaced")
			}
			if got, want := next.ExpiresAt, f.clock.Now().Add(2*time.Hour); !got.Equal(want) {
				t.Errorf("ExpiresAt: got %v, want %v", got, want)
			}
			if _, err := f.client.Publish(context.Background(), next.Access, acmeID, "k", relais.Content{Text: "Renewed"}); err != nil {
				t.Errorf("publish with the renewed token: %v", err)
			}
		})
	}
}
