package meta

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/oauth/oauthtest"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	loginAppID  = "relais-meta-app"
	loginSecret = "relais-meta-app-secret"
	day         = 24 * time.Hour
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// oauthFlow is a person connected to Relais' app through Facebook Login
// on the fake, for a Page or an Instagram account.
type oauthFlow struct {
	*stack
	*oauthtest.Flow
}

// connectOAuth registers Relais' app on the fake and connects account of
// network as the person who manages it would: consent, then the code's
// exchange, upgraded to a long-lived token unless short is set.
func connectOAuth(t *testing.T, network relais.Network, account string, short bool) *oauthFlow {
	t.Helper()
	s, clock := newStack(t), netfake.NewClock(t0)
	s.fake.Now = clock.Now
	s.fake.RegisterApp(loginAppID, loginSecret)
	o := *specOf(network).OAuth
	if short {
		o.Upgrade = nil
	}
	return &oauthFlow{s, oauthtest.Connect(t, network, o, s.srv.URL, loginAppID, loginSecret, clock, account)}
}

// pageToken gets the Page's token with the flow's user token.
func (f *oauthFlow) pageToken(t *testing.T) string {
	t.Helper()
	token, err := f.fb.PageToken(context.Background(), f.Tok.Access, pageID)
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
	req.Header.Set("Authorization", "Bearer "+f.Tok.Access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE /me/permissions: got %d, want 200", resp.StatusCode)
	}
}

// refusedWith checks that Meta refused a call for good with a code,
// whatever the status.
var refusedWith = oauthtest.Refused(0)

// instagramOAuth is what Instagram makes of the user tokens of igID's
// flow, short-lived ones if short: its recent posts read with them. A
// renewal gives a new 60-day user token.
func instagramOAuth(short bool) oauthtest.Network[*oauthFlow] {
	return oauthtest.Network[*oauthFlow]{
		Connect: func(t *testing.T, _ string) *oauthFlow { return connectOAuth(t, relais.Instagram, igID, short) },
		Call: func(_ *testing.T, f *oauthFlow, _, token string) error {
			_, err := f.ig.RecentPosts(context.Background(), token, igID, t0.Add(-day))
			return err
		},
		Refused: refusedWith,
		Renewed: func(t *testing.T, f *oauthFlow, tok, next oauth.Token) {
			if got, want := next.ExpiresAt, f.Clock.Now().Add(60*day); !got.Equal(want) || next.Access == tok.Access {
				t.Errorf("renewed: got a new token %v until %v, want one until %v", next.Access != tok.Access, got, want)
			}
		},
		Secret: loginSecret,
	}
}

// pageOAuth is what Facebook makes of the tokens of pageID's flow, with a
// short-lived user token if short: a post on the Page with them.
func pageOAuth(short bool) oauthtest.Network[*oauthFlow] {
	return oauthtest.Network[*oauthFlow]{
		Connect: func(t *testing.T, _ string) *oauthFlow { return connectOAuth(t, relais.Facebook, pageID, short) },
		Call: func(_ *testing.T, f *oauthFlow, _, token string) error {
			_, err := f.fb.Publish(context.Background(), token, pageID, "k", relais.Content{Text: "Bonjour"})
			return err
		},
		Made: func(t *testing.T, f *oauthFlow, _ string) {
			if got := len(f.fake.Posts(pageID)); got != 1 {
				t.Errorf("posts: got %d, want 1", got)
			}
		},
		Refused: refusedWith,
		Secret:  loginSecret,
	}
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
			oauthtest.CheckIssued(t, f.Tok, oauthtest.Issued{ExpiresAt: t0.Add(60 * day), Scopes: tt.wantScopes})
		})
	}
}

// TestOAuthInstagram: what Instagram's calls make of a user token of the
// flow, as time passes, the token is renewed or the person removes the
// app.
func TestOAuthInstagram(t *testing.T) {
	access, after := oauthtest.Access[*oauthFlow], oauthtest.AccessAfter[*oauthFlow]
	oauthtest.RunTokens(t, instagramOAuth(false), []oauthtest.TokenCase[*oauthFlow]{
		{Name: "new", Then: access},
		{Name: "a second before 60 days", Then: after(60*day - time.Second)},
		{Name: "60 days on", Then: after(60 * day), Refused: "190/463"},
		{Name: "renewed a week ahead", Then: func(t *testing.T, f *oauthFlow) string {
			f.Clock.Advance(53 * day)
			next := f.Refresh(t)
			f.Clock.Advance(30 * day)
			return next.Access
		}},
		{Name: "renewed: the token before, until its own end", Then: func(t *testing.T, f *oauthFlow) string {
			f.Clock.Advance(53 * day)
			f.Refresh(t)
			return f.Tok.Access
		}},
		{Name: "the person removed the app in their settings", Then: func(_ *testing.T, f *oauthFlow) string {
			f.fake.Deauthorize(igID)
			return f.Tok.Access
		}, Refused: "190/458"},
		{Name: "the app removed through Graph", Then: func(t *testing.T, f *oauthFlow) string {
			f.removeApp(t)
			return f.Tok.Access
		}, Refused: "190/458"},
		{Name: "never issued", Then: func(_ *testing.T, f *oauthFlow) string { return "EAAG-never-issued" }, Refused: "190"},
	})
	oauthtest.RunTokens(t, instagramOAuth(true), []oauthtest.TokenCase[*oauthFlow]{
		{Name: "the code's short-lived token", Then: access},
		{Name: "the code's short-lived token, an hour on", Then: after(time.Hour), Refused: "190/463"},
	})
}

// TestOAuthPage: a Page acts with the Page token the person's user token
// gets, which has no expiry when got with the long-lived user token, and
// ends with the short-lived one otherwise, or when the person removes
// the app.
func TestOAuthPage(t *testing.T) {
	pageToken := func(t *testing.T, f *oauthFlow) string { return f.pageToken(t) }
	oauthtest.RunTokens(t, pageOAuth(false), []oauthtest.TokenCase[*oauthFlow]{
		{Name: "the user token", Then: oauthtest.Access[*oauthFlow], Refused: "200"},
		{Name: "the Page token", Then: pageToken},
		{Name: "the Page token, a year on", Then: func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.Clock.Advance(365 * day)
			return token
		}},
		{Name: "the Page token, the person removed the app", Then: func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.fake.Deauthorize(pageID)
			return token
		}, Refused: "190/458"},
		{Name: "the Page token, the app removed through Graph", Then: func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.removeApp(t)
			return token
		}, Refused: "190/458"},
	})
	oauthtest.RunTokens(t, pageOAuth(true), []oauthtest.TokenCase[*oauthFlow]{
		{Name: "the Page token of the short-lived user token", Then: pageToken},
		{Name: "the Page token of the short-lived user token, an hour on", Then: func(t *testing.T, f *oauthFlow) string {
			token := f.pageToken(t)
			f.Clock.Advance(time.Hour)
			return token
		}, Refused: "190/463"},
	})
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
		{"another account's person", igID, func(f *oauthFlow) string { return f.Tok.Access }, "100/33"},
		{"an expired user token", pageID, func(f *oauthFlow) string {
			f.Clock.Advance(60 * day)
			return f.Tok.Access
		}, "190/463"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := connectOAuth(t, relais.Facebook, tt.account, false)
			token := tt.token(f)
			_, err := f.fb.PageToken(context.Background(), token, pageID)
			e := netfake.MustError(t, err, token)
			refusedWith(t, e, err, tt.wantCode)
		})
	}
}

// TestOAuthRenewal: a live user token is exchanged for a new 60-day one,
// which Instagram's calls take; an expired one, or one whose person
// removed the app, needs the person.
func TestOAuthRenewal(t *testing.T) {
	after := oauthtest.TokenAfter[*oauthFlow]
	oauthtest.RunRenewal(t, instagramOAuth(false), igID, []oauthtest.RenewalCase[*oauthFlow]{
		{Name: "due", Then: after(53 * day)},
		{Name: "a second before its end", Then: after(60*day - time.Second)},
		{Name: "expired", Then: after(60 * day), Reconnect: true},
		{Name: "the person removed the app", Then: func(_ *testing.T, f *oauthFlow) oauth.Token {
			f.fake.Deauthorize(igID)
			return f.Tok
		}, Reconnect: true},
	})
}
