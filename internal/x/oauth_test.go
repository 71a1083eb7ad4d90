package x

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/oauth/oauthtest"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	appID     = "relais-x-app"
	appSecret = "relais-x-app-secret"
)

// oauthFlow is an X user connected to Relais' app through the OAuth flow
// on the fake.
type oauthFlow struct {
	*stack
	*oauthtest.Flow
}

// connectOAuth registers Relais' app on the fake and connects account
// as its person would: consent, then the code's exchange.
func connectOAuth(t *testing.T, account string) *oauthFlow {
	t.Helper()
	s := newStack(t)
	s.fake.RegisterApp(appID, appSecret)
	return &oauthFlow{s, oauthtest.Connect(t, relais.X, *Spec.OAuth, s.srv.URL, appID, appSecret, s.clock, account)}
}

// oauthNetwork is what X makes of the flow's tokens: a post with them,
// refused with a 401 and CodeInvalidToken; each refresh gives a new
// refresh token.
var oauthNetwork = oauthtest.Network[*oauthFlow]{
	Connect: connectOAuth,
	Call: func(_ *testing.T, f *oauthFlow, account, token string) error {
		_, err := f.client.Publish(context.Background(), token, account, "k", relais.Content{Text: "Bonjour"})
		return err
	},
	Made: func(t *testing.T, f *oauthFlow, account string) {
		if got := len(f.fake.Posts(account)); got != 1 {
			t.Errorf("posts of %s: got %d, want 1", account, got)
		}
	},
	Refused: oauthtest.Refused(http.StatusUnauthorized),
	Renewed: func(t *testing.T, f *oauthFlow, tok, next oauth.Token) {
		if next.Refresh == "" || next.Refresh == tok.Refresh {
			t.Error("the refresh token was not replaced")
		}
		if got, want := next.ExpiresAt, f.clock.Now().Add(2*time.Hour); !got.Equal(want) {
			t.Errorf("ExpiresAt: got %v, want %v", got, want)
		}
	},
	Secret: appSecret,
}

// TestOAuthConnect: the code of X's consent gives a two-hour token with a
// refresh token (offline.access) and the scopes Relais asks.
func TestOAuthConnect(t *testing.T) {
	f := connectOAuth(t, acmeID)
	oauthtest.CheckIssued(t, f.Tok, oauthtest.Issued{ExpiresAt: t0.Add(2 * time.Hour), Refresh: true, Scopes: Scopes})
}

// TestOAuthTokens: what the API makes of a token of the OAuth flow, as
// time passes, the token is renewed or the grant ends.
func TestOAuthTokens(t *testing.T) {
	access, after := oauthtest.Access[*oauthFlow], oauthtest.AccessAfter[*oauthFlow]
	oauthtest.RunTokens(t, oauthNetwork, []oauthtest.TokenCase[*oauthFlow]{
		{Name: "new", Account: acmeID, Then: access},
		{Name: "another user's consent", Account: globexID, Then: access},
		{Name: "a second before two hours", Account: acmeID, Then: after(2*time.Hour - time.Second)},
		{Name: "two hours on", Account: acmeID, Then: after(2 * time.Hour), Refused: CodeInvalidToken},
		{Name: "renewed near its end", Account: acmeID, Then: func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(110 * time.Minute)
			return f.Refresh(t).Access
		}},
		{Name: "renewed, two hours after the renewal", Account: acmeID, Then: func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(110 * time.Minute)
			next := f.Refresh(t)
			f.clock.Advance(2 * time.Hour)
			return next.Access
		}, Refused: CodeInvalidToken},
		{Name: "renewed: the token before, within its two hours", Account: acmeID, Then: func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(time.Hour)
			f.Refresh(t)
			return f.Tok.Access
		}},
		{Name: "revoked by Relais", Account: acmeID, Then: func(t *testing.T, f *oauthFlow) string {
			f.Revoke(t)
			return f.Tok.Access
		}, Refused: CodeInvalidToken},
		{Name: "the user removed the app", Account: acmeID, Then: func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(acmeID)
			return f.Tok.Access
		}, Refused: CodeInvalidToken},
		{Name: "the app replaced", Account: acmeID, Then: func(_ *testing.T, f *oauthFlow) string {
			f.fake.RegisterApp("another-app", "another-secret")
			return f.Tok.Access
		}, Refused: CodeInvalidToken},
	})
}

// TestOAuthRenewal: each refresh gives a new refresh token and refuses
// the one used; a grant that ended cannot be renewed.
func TestOAuthRenewal(t *testing.T) {
	after := oauthtest.TokenAfter[*oauthFlow]
	oauthtest.RunRenewal(t, oauthNetwork, acmeID, []oauthtest.RenewalCase[*oauthFlow]{
		{Name: "due", Then: after(110 * time.Minute)},
		{Name: "expired", Then: after(3 * time.Hour)},
		{Name: "renewed again with its new refresh token", Then: func(t *testing.T, f *oauthFlow) oauth.Token {
			return f.Refresh(t)
		}},
		{Name: "the refresh token used again", Then: func(t *testing.T, f *oauthFlow) oauth.Token {
			f.Refresh(t)
			return f.Tok
		}, Reconnect: true},
		{Name: "revoked", Then: func(t *testing.T, f *oauthFlow) oauth.Token {
			f.Revoke(t)
			return f.Tok
		}, Reconnect: true},
		{Name: "the user removed the app", Then: func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.fake.Deauthorize(acmeID)
			return f.Tok
		}, Reconnect: true},
	})
}
