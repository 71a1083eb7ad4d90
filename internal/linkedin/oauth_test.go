package linkedin

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
	appID     = "relais-linkedin-app"
	appSecret = "relais-linkedin-app-secret"
	day       = 24 * time.Hour
)

// oauthFlow is a page connected to Relais' app through the OAuth flow on
// the fake.
type oauthFlow struct {
	*stack
	*oauthtest.Flow
}

// connectOAuth registers Relais' app on the fake and connects the page
// orgID as a member who administers it would.
func connectOAuth(t *testing.T, orgID string) *oauthFlow {
	t.Helper()
	s := newStack(t)
	s.fake.RegisterApp(appID, appSecret)
	return &oauthFlow{s, oauthtest.Connect(t, relais.LinkedIn, *Spec.OAuth, s.client.baseURL, appID, appSecret, s.clock, orgID)}
}

// oauthNetwork is what LinkedIn makes of the flow's tokens: a post with
// them, refused with a 401 and LinkedIn's code; a refresh keeps the
// refresh token and its end, 365 days after consent.
var oauthNetwork = oauthtest.Network[*oauthFlow]{
	Connect: connectOAuth,
	Call: func(_ *testing.T, f *oauthFlow, orgID, token string) error {
		_, err := f.client.Publish(context.Background(), token, orgID, "k", relais.Content{Text: "Bonjour"})
		return err
	},
	Made: func(t *testing.T, f *oauthFlow, orgID string) {
		if got := len(f.fake.Posts(orgID)); got != 1 {
			t.Errorf("posts of %s: got %d, want 1", orgID, got)
		}
	},
	Refused: oauthtest.Refused(http.StatusUnauthorized),
	Renewed: func(t *testing.T, f *oauthFlow, tok, next oauth.Token) {
		if next.Refresh != tok.Refresh || !next.RefreshExpiresAt.Equal(tok.RefreshExpiresAt) {
			t.Errorf("refresh token: got a new one or a new end %v, want it kept until %v", next.RefreshExpiresAt, tok.RefreshExpiresAt)
		}
		if got, want := next.ExpiresAt, f.clock.Now().Add(60*day); !got.Equal(want) {
			t.Errorf("ExpiresAt: got %v, want %v", got, want)
		}
	},
	Secret: appSecret,
}

// TestOAuthConnect: the code of LinkedIn's consent gives a 60-day token
// and a refresh token for 365 days, with the scopes Relais asks.
func TestOAuthConnect(t *testing.T) {
	f := connectOAuth(t, acmeOrg)
	oauthtest.CheckIssued(t, f.Tok, oauthtest.Issued{
		ExpiresAt: start.Add(60 * day), Refresh: true, RefreshExpiresAt: start.Add(365 * day), Scopes: Scopes,
	})
}

// TestOAuthTokens: what the API makes of a token of the OAuth flow, as
// time passes, the token is renewed or the grant ends.
func TestOAuthTokens(t *testing.T) {
	access, after := oauthtest.Access[*oauthFlow], oauthtest.AccessAfter[*oauthFlow]
	oauthtest.RunTokens(t, oauthNetwork, []oauthtest.TokenCase[*oauthFlow]{
		{Name: "new", Account: acmeOrg, Then: access},
		{Name: "another page's consent", Account: globexOrg, Then: access},
		{Name: "a second before 60 days", Account: acmeOrg, Then: after(60*day - time.Second)},
		{Name: "60 days on", Account: acmeOrg, Then: after(60 * day), Refused: "EXPIRED_ACCESS_TOKEN"},
		{Name: "renewed a week ahead", Account: acmeOrg, Then: func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			return f.Refresh(t).Access
		}},
		{Name: "renewed: the token before, until its 60 days end", Account: acmeOrg, Then: func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			f.Refresh(t)
			return f.Tok.Access
		}},
		{Name: "renewed: the token before, 60 days on", Account: acmeOrg, Then: func(t *testing.T, f *oauthFlow) string {
			f.clock.Advance(53 * day)
			f.Refresh(t)
			f.clock.Advance(7 * day)
			return f.Tok.Access
		}, Refused: "EXPIRED_ACCESS_TOKEN"},
		{Name: "revoked by Relais", Account: acmeOrg, Then: func(t *testing.T, f *oauthFlow) string {
			f.Revoke(t)
			return f.Tok.Access
		}, Refused: "REVOKED_ACCESS_TOKEN"},
		{Name: "the member removed the app", Account: acmeOrg, Then: func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(acmeURN)
			return f.Tok.Access
		}, Refused: "REVOKED_ACCESS_TOKEN"},
		{Name: "never issued", Account: acmeOrg, Then: func(_ *testing.T, f *oauthFlow) string { return "tok-never-issued" }, Refused: "INVALID_ACCESS_TOKEN"},
	})
}

// TestOAuthRenewal: a refresh keeps the refresh token and its end, 365
// days after consent; past it, or once the grant ends, only the member
// can connect the page again.
func TestOAuthRenewal(t *testing.T) {
	after := oauthtest.TokenAfter[*oauthFlow]
	oauthtest.RunRenewal(t, oauthNetwork, acmeOrg, []oauthtest.RenewalCase[*oauthFlow]{
		{Name: "due", Then: after(53 * day)},
		{Name: "after the access token expired", Then: after(100 * day)},
		{Name: "200 days after consent", Then: after(200 * day)},
		{Name: "365 days after consent", Then: after(365 * day), Reconnect: true},
		{Name: "revoked", Then: func(t *testing.T, f *oauthFlow) oauth.Token {
			f.Revoke(t)
			return f.Tok
		}, Reconnect: true},
		{Name: "the member removed the app", Then: func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.fake.Deauthorize(acmeOrg)
			return f.Tok
		}, Reconnect: true},
	})
}
