package linkedin

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
	appID       = "relais-linkedin-app"
	appSecret   = "relais-linkedin-app-secret"
	redirectURI = "http://127.0.0.1:8788/callback"
	day         = 24 * time.Hour
)

// oauthFlow is a page connected to Relais' app through the OAuth flow on
// the fake: the spec's OAuth at the stack's URL, and the token the code
// exchange gave.
type oauthFlow struct {
	*stack
	app *oauth.Client
	tok oauth.Token
}

// connectOAuth registers Relais' app on the fake and connects the page
// orgID as a member who administers it would.
func connectOAuth(t *testing.T, orgID string) *oauthFlow {
	t.Helper()
	f := &oauthFlow{stack: newStack(t)}
	f.fake.RegisterApp(appID, appSecret)
	f.app = oauth.New(relais.LinkedIn, atBase(*Spec.OAuth, f.client.baseURL), appID, appSecret, redirectURI, &http.Client{Timeout: time.Second})
	f.app.Now = f.clock.Now
	consent, err := f.app.Begin(url.Values{"account": {orgID}})
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

// refresh renews the flow's token, failing the test if LinkedIn refuses.
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

// approve opens the consent URL as the member's browser would and
// returns what LinkedIn sends back to the redirect URI.
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

// TestOAuthConnect: the code of LinkedIn's consent gives a 60-day token
// and a refresh token for 365 days, with the scopes Relais asks.
func TestOAuthConnect(t *testing.T) {
	f := connectOAuth(t, acmeOrg)
	if got, want := f.tok.ExpiresAt, start.Add(60*day); !got.Equal(want) {
		t.Errorf("ExpiresAt: got %v, want %v", got, want)
	}
	if got, want := f.tok.RefreshExpiresAt, start.Add(365*day); f.tok.Refresh == "" || !got.Equal(want) {
		t.Errorf("refresh token until %v (%v), want one until %v", got, f.tok.Refresh != "", want)
	}
	if !slices.Equal(f.tok.Scopes, Scopes) {
		t.Errorf("Scopes: got %q, want %q", f.tok.Scopes, Scopes)
	}
}

// TestOAuthTokens: what the API makes of a token of the OAuth flow, as
// time passes, the token is renewed or the grant ends.
func TestOAuthTokens(t *testing.T) {
	tests := []struct {
		name  string
		orgID string
		// then acts on the flow and returns the token to post with.
		then     func(t *testing.T, f *oauthFlow) string
		wantCode string // "": the post is made
	}{
		{"new", acmeOrg, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, ""},
		{"another page's consent", globexOrg, func(_ *testing.T, f *oauthFlow) string { return f.tok.Access }, ""},
		{"a second before 60 days", acmeOrg, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(60*day - time.Second)
			return f.tok.Access
		}, ""},
		{"60 days on", acmeOrg, func(_ *testing.T, f *oauthFlow) string {
			f.clock.Advance(60 * day)
			return f.tok.Access
		}, "EXPIRED_ACCESS_TOKEN"},
		{"renewed a week ahead", acmeOrg, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			return f.refresh(t).Access
		}, ""},
		{"renewed: the token before, until its 60 days end", acmeOrg, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			f.refresh(t)
			return f.tok.Access
		}, ""},
		{"renewed: the token before, 60 days on", acmeOrg, func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			f.refresh(t)
			f.clock.Advance(7 * day)
			return f.tok.Access
		}, "EXPIRED_ACCESS_TOKEN"},
		{"revoked by Relais", acmeOrg, func(t *testing.T, f *oauthFlow) string {
			if err := f.app.Revoke(context.Background(), f.tok); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			return f.tok.Access
		}, "REVOKED_ACCESS_TOKEN"},
		{"the member removed the app", acmeOrg, func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(acmeURN)
			return f.tok.Access
		}, "REVOKED_ACCESS_TOKEN"},
		{"never issued", acmeOrg, func(_ *testing.T, f *oauthFlow) string { return "tok-never-issued" }, "INVALID_ACCESS_TOKEN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, tt.orgID)
			token := tt.then(t, f)
			_, err := f.client.Publish(context.Background(), token, tt.orgID, "k", relais.Content{Text: "Bonjour " + tt.name})
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("publish: %v", err)
				}
				if got := len(f.fake.Posts(tt.orgID)); got != 1 {
					t.Errorf("posts of %s: got %d, want 1", tt.orgID, got)
				}
				return
			}
			e := netfake.MustError(t, err, token)
			if e.Status != http.StatusUnauthorized || e.Code != tt.wantCode || e.Kind != relais.FailPermanent {
				t.Errorf("got %d %q %s, want 401 %q permanent", e.Status, e.Code, e.Kind, tt.wantCode)
			}
		})
	}
}

// TestOAuthRenewal: a refresh keeps the refresh token and its end, 365
// days after consent; past it, or once the grant ends, only the member
// can connect the page again.
func TestOAuthRenewal(t *testing.T) {
	tests := []struct {
		name string
		// then acts on the flow and returns the token to renew.
		then          func(t *testing.T, f *oauthFlow) oauth.Token
		wantReconnect bool
	}{
		{"due", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.clock.Advance(53 * day)
			return f.tok
		}, false},
		{"after the access token expired", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.clock.Advance(100 * day)
			return f.tok
		}, false},
		{"200 days after consent", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.clock.Advance(200 * day)
			return f.tok
		}, false},
		{"365 days after consent", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.clock.Advance(365 * day)
			return f.tok
		}, true},
		{"revoked", func(t *testing.T, f *oauthFlow) oauth.Token {
			if err := f.app.Revoke(context.Background(), f.tok); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			return f.tok
		}, true},
		{"the member removed the app", func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.fake.Deauthorize(acmeOrg)
			return f.tok
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, acmeOrg)
			tok := tt.then(t, f)
			next, err := f.app.Refresh(context.Background(), tok)
			if got := errors.Is(err, oauth.ErrReconnect); got != tt.wantReconnect {
				t.Fatalf("refresh: got %v, want reconnect %v", err, tt.wantReconnect)
			}
			if tt.wantReconnect {
				netfake.MustError(t, err, tok.Access, tok.Refresh, appSecret)
				return
			}
			if next.Refresh != tok.Refresh || !next.RefreshExpiresAt.Equal(tok.RefreshExpiresAt) {
				t.Errorf("refresh token: got a new one or a new end %v, want it kept until %v", next.RefreshExpiresAt, tok.RefreshExpiresAt)
			}
			if got, want := next.ExpiresAt, f.clock.Now().Add(60*day); !got.Equal(want) {
				t.Errorf("ExpiresAt: got %v, want %v", got, want)
			}
			if _, err := f.client.Publish(context.Background(), next.Access, acmeOrg, "k", relais.Content{Text: "Renewed"}); err != nil {
				t.Errorf("publish with the renewed token: %v", err)
			}
		})
	}
}
