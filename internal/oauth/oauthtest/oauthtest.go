// Package oauthtest runs Relais' side of a network's OAuth flow against
// the network's fake, for the adapters' tests: the consent and the
// code's exchange, a call with a token of the flow as time passes or the
// grant ends, and the token's renewal. Each adapter's test gives only
// what its network does differently.
package oauthtest

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
)

// RedirectURI is where the fakes send the person back after consent.
const RedirectURI = "http://127.0.0.1:8788/callback"

// Flow is an account connected to Relais' app through the OAuth flow:
// the app, on the fake, the token the code exchange gave, and the clock
// the app and the fake share.
type Flow struct {
	App   *oauth.Client
	Tok   oauth.Token
	Clock *netfake.Clock
}

// Connected is a test's flow, which embeds a *Flow.
type Connected interface{ OAuth() *Flow }

// OAuth is f, so that a test's flow embedding it is Connected.
func (f *Flow) OAuth() *Flow { return f }

// Connect builds Relais' app for network with its OAuth o on a fake at
// base, on the fake's clock, and connects account as its person would:
// consent on the fake, a check of the state it sends back, then the
// code's exchange.
func Connect(tb testing.TB, network relais.Network, o relais.OAuth, base, appID, appSecret string, clock *netfake.Clock, account string) *Flow {
	tb.Helper()
	f := &Flow{App: oauth.New(network, AtBase(o, base), appID, appSecret, RedirectURI, &http.Client{Timeout: time.Second}), Clock: clock}
	f.App.Now = clock.Now
	consent, err := f.App.Begin(url.Values{"account": {account}})
	if err != nil {
		tb.Fatal(err)
	}
	back := netfake.Consent(tb, consent.URL).Query()
	if !oauth.CheckState(back.Get("state"), consent.State) {
		tb.Fatalf("state: got %q, want the consent's", back.Get("state"))
	}
	if f.Tok, err = f.App.Exchange(context.Background(), back.Get("code"), consent.Verifier); err != nil {
		tb.Fatalf("exchange: %v", err)
	}
	return f
}

// AtBase is o with its endpoints on base, at their production paths.
func AtBase(o relais.OAuth, base string) relais.OAuth {
	for _, u := range []*string{&o.AuthURL, &o.TokenURL, &o.RevokeURL} {
		if p, err := url.Parse(*u); err == nil && *u != "" {
			*u = base + p.RequestURI()
		}
	}
	return o
}

// Refresh renews the flow's token, failing the test if the network
// refuses.
func (f *Flow) Refresh(tb testing.TB) oauth.Token {
	tb.Helper()
	next, err := f.App.Refresh(context.Background(), f.Tok)
	if err != nil {
		tb.Fatalf("refresh: %v", err)
	}
	return next
}

// Revoke revokes the flow's token as Relais does, failing the test if
// the network refuses.
func (f *Flow) Revoke(tb testing.TB) {
	tb.Helper()
	if err := f.App.Revoke(context.Background(), f.Tok); err != nil {
		tb.Fatalf("revoke: %v", err)
	}
}

// Issued is what a network's code exchange gives.
type Issued struct {
	ExpiresAt        time.Time // zero: the token does not expire
	Refresh          bool      // whether it comes with a refresh token
	RefreshExpiresAt time.Time // zero: the refresh token, if any, has no end
	Scopes           []string
}

// CheckIssued checks that tok is what want says.
func CheckIssued(tb testing.TB, tok oauth.Token, want Issued) {
	tb.Helper()
	if !tok.ExpiresAt.Equal(want.ExpiresAt) {
		tb.Errorf("ExpiresAt: got %v, want %v", tok.ExpiresAt, want.ExpiresAt)
	}
	if got := tok.Refresh != ""; got != want.Refresh {
		tb.Errorf("refresh token: got %v, want %v", got, want.Refresh)
	}
	if !tok.RefreshExpiresAt.Equal(want.RefreshExpiresAt) {
		tb.Errorf("RefreshExpiresAt: got %v, want %v", tok.RefreshExpiresAt, want.RefreshExpiresAt)
	}
	if !slices.Equal(tok.Scopes, want.Scopes) {
		tb.Errorf("Scopes: got %q, want %q", tok.Scopes, want.Scopes)
	}
}

// Network is what the runners ask of a network's test, F being its flow.
type Network[F Connected] struct {
	// Connect connects account through the OAuth flow on a new fake.
	Connect func(t *testing.T, account string) F
	// Call calls the network's API as account with token: a post, say.
	Call func(t *testing.T, f F, account, token string) error
	// Made checks what a call that succeeded made; nil: nothing.
	Made func(t *testing.T, f F, account string)
	// Refused checks the error of a call the network refused, want
	// being what the case expects (an error code, say).
	Refused func(t *testing.T, e *netcall.Error, err error, want string)
	// Renewed checks the token a refresh of before gave.
	Renewed func(t *testing.T, f F, before, next oauth.Token)
	// Secret is the app's secret, which no error may show.
	Secret string
}

// TokenCase is a step on a connected flow and what the network makes of
// the token it returns.
type TokenCase[F Connected] struct {
	Name    string
	Account string
	// Then acts on the flow and returns the token to call with.
	Then func(t *testing.T, f F) string
	// Refused is "" if the call succeeds, or what Network.Refused checks.
	Refused string
}

// RunTokens runs each case on a new flow and calls the network with the
// token it returns.
func RunTokens[F Connected](t *testing.T, n Network[F], cases []TokenCase[F]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			f := n.Connect(t, tt.Account)
			token := tt.Then(t, f)
			err := n.Call(t, f, tt.Account, token)
			if tt.Refused == "" {
				if err != nil {
					t.Fatalf("call: %v", err)
				}
				if n.Made != nil {
					n.Made(t, f, tt.Account)
				}
				return
			}
			n.Refused(t, netfake.MustError(t, err, token), err, tt.Refused)
		})
	}
}

// RenewalCase is a step on a connected flow and whether a refresh of the
// token it returns needs the person to connect again.
type RenewalCase[F Connected] struct {
	Name string
	// Then acts on the flow and returns the token to renew.
	Then      func(t *testing.T, f F) oauth.Token
	Reconnect bool
}

// RunRenewal runs each case on a new flow of account, renews the token it
// returns, checks the renewed token and calls the network with it.
func RunRenewal[F Connected](t *testing.T, n Network[F], account string, cases []RenewalCase[F]) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			f := n.Connect(t, account)
			tok := tt.Then(t, f)
			next, err := f.OAuth().App.Refresh(context.Background(), tok)
			if got := errors.Is(err, oauth.ErrReconnect); got != tt.Reconnect {
				t.Fatalf("refresh: got %v, want reconnect %v", err, tt.Reconnect)
			}
			if tt.Reconnect {
				netfake.MustError(t, err, tok.Access, tok.Refresh, n.Secret)
				return
			}
			n.Renewed(t, f, tok, next)
			if err := n.Call(t, f, account, next.Access); err != nil {
				t.Errorf("call with the renewed token: %v", err)
			}
		})
	}
}

// Access is the flow's access token as the exchange gave it: a case's
// step that changes nothing.
func Access[F Connected](_ *testing.T, f F) string { return f.OAuth().Tok.Access }

// AccessAfter is a case's step that lets d pass, then returns the
// flow's access token.
func AccessAfter[F Connected](d time.Duration) func(*testing.T, F) string {
	return func(_ *testing.T, f F) string {
		f.OAuth().Clock.Advance(d)
		return f.OAuth().Tok.Access
	}
}

// TokenAfter is a renewal case's step that lets d pass, then returns
// the flow's token.
func TokenAfter[F Connected](d time.Duration) func(*testing.T, F) oauth.Token {
	return func(_ *testing.T, f F) oauth.Token {
		f.OAuth().Clock.Advance(d)
		return f.OAuth().Tok
	}
}

// Refused is Network.Refused for a network that refuses a token for good
// with status (0: any) and an error code.
func Refused(status int) func(*testing.T, *netcall.Error, error, string) {
	return func(t *testing.T, e *netcall.Error, _ error, code string) {
		t.Helper()
		if status != 0 && e.Status != status || e.Code != code || e.Kind != relais.FailPermanent {
			t.Errorf("got %d %q %s, want %d %q permanent", e.Status, e.Code, e.Kind, status, code)
		}
	}
}
