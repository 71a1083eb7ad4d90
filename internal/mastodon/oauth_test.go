package mastodon

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/oauth/oauthtest"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	appID     = "relais-mastodon-app"
	appSecret = "relais-mastodon-app-secret"
)

// oauthFlow is an account connected to Relais' app through the OAuth
// flow on the fake instance.
type oauthFlow struct {
	*fixture
	*oauthtest.Flow
}

// connectOAuth registers Relais' app on the instance and connects
// account (user@instance, as Relais names it) as its person would.
func connectOAuth(t *testing.T, account string) *oauthFlow {
	t.Helper()
	fx := newFixture(t, nil)
	fx.fake.RegisterApp(appID, appSecret)
	return &oauthFlow{fx, oauthtest.Connect(t, relais.Mastodon, *Spec.OAuth, fx.srv.URL, appID, appSecret, fx.clock, account)}
}

// oauthNetwork is what the instance makes of the flow's tokens: a status
// posted with them, refused with a 401 that Relais reads as
// EUNAUTHORIZED. Mastodon renews nothing.
var oauthNetwork = oauthtest.Network[*oauthFlow]{
	Connect: connectOAuth,
	Call: func(_ *testing.T, f *oauthFlow, account, token string) error {
		_, err := f.client.Publish(context.Background(), token, Spec.Canonical(account), "post-1", relais.Content{Text: "Hello, fediverse"})
		return err
	},
	Made: func(t *testing.T, f *oauthFlow, account string) {
		user, _ := ParseAccount(Spec.Canonical(account))
		if got := len(f.fake.Statuses(user.Username)); got != 1 {
			t.Errorf("statuses of %s: got %d, want 1", user.Username, got)
		}
	},
	Refused: func(t *testing.T, e *netcall.Error, err error, code string) {
		if e.Status != http.StatusUnauthorized || e.Kind != relais.FailPermanent || relais.ErrorCode(err) != code {
			t.Errorf("got %d %s %s, want 401 permanent %s", e.Status, e.Kind, relais.ErrorCode(err), code)
		}
	},
	Secret: appSecret,
}

// TestOAuthConnect: the code of the consent gives a token that does not
// expire, without a refresh token, with the scopes Relais asks.
func TestOAuthConnect(t *testing.T) {
	f := connectOAuth(t, testAccount)
	oauthtest.CheckIssued(t, f.Tok, oauthtest.Issued{Scopes: Scopes})
	if oauth.Due(f.Tok, f.clock.Now().Add(10*365*24*time.Hour), 7*24*time.Hour) {
		t.Error("a token without expiry is due")
	}
	_, err := f.App.Refresh(context.Background(), f.Tok)
	if !errors.Is(err, oauth.ErrReconnect) {
		t.Errorf("refresh: got %v, want ErrReconnect: Mastodon renews nothing", err)
	}
}

// TestOAuthTokens: what the instance makes of a token of the OAuth flow,
// as time passes or the grant ends.
func TestOAuthTokens(t *testing.T) {
	access, after := oauthtest.Access[*oauthFlow], oauthtest.AccessAfter[*oauthFlow]
	refused := relais.EUNAUTHORIZED
	oauthtest.RunTokens(t, oauthNetwork, []oauthtest.TokenCase[*oauthFlow]{
		{Name: "new", Account: testAccount, Then: access},
		{Name: "another account's consent, named with @", Account: "@other@" + testInstance, Then: access},
		{Name: "years later", Account: testAccount, Then: after(5 * 365 * 24 * time.Hour)},
		{Name: "revoked by Relais", Account: testAccount, Then: func(t *testing.T, f *oauthFlow) string {
			f.Revoke(t)
			return f.Tok.Access
		}, Refused: refused},
		{Name: "the person revoked the app", Account: testAccount, Then: func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(testUser)
			return f.Tok.Access
		}, Refused: refused},
		{Name: "the app replaced", Account: testAccount, Then: func(_ *testing.T, f *oauthFlow) string {
			f.fake.RegisterApp("another-app", "another-secret")
			return f.Tok.Access
		}, Refused: refused},
	})
}
