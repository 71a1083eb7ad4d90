package oauth

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestConnect runs the whole flow on each network's shape: consent,
// state, code exchange (with PKCE where the network takes it, upgraded
// where its code gives a short-lived token), and a token the network's
// API takes.
func TestConnect(t *testing.T) {
	tests := []struct {
		name               string
		n                  network
		wantExpires        time.Duration
		wantRefresh        bool
		wantRefreshExpires time.Duration // 0: none given
		wantScopes         []string
	}{
		{"LinkedIn", linkedinLike(), 60 * day, true, 365 * day, []string{"w_organization_social", "r_organization_social"}},
		{"X, with PKCE and Basic", xLike(), 2 * time.Hour, true, 0, []string{"tweet.read", "tweet.write", "users.read", "offline.access"}},
		{"TikTok, with PKCE and client_key", tiktokLike(), 24 * time.Hour, true, 365 * day, []string{"user.info.basic", "video.publish"}},
		{"Meta, upgraded", metaLike(), 60 * day, false, 0, []string{"pages_manage_posts", "pages_read_engagement"}},
		{"Threads, upgraded", threadsLike(), 60 * day, false, 0, []string{"threads_basic", "threads_content_publish"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, tt.n)
			tok := s.connect(t)
			s.mustValid(t, tok)
			if got, want := tok.ExpiresAt, start.Add(tt.wantExpires); !got.Equal(want) {
				t.Errorf("ExpiresAt: got %v, want %v", got, want)
			}
			if got := tok.Refresh != ""; got != tt.wantRefresh {
				t.Errorf("refresh token: got %v, want %v", got, tt.wantRefresh)
			}
			var wantRefreshExpires time.Time
			if tt.wantRefreshExpires > 0 {
				wantRefreshExpires = start.Add(tt.wantRefreshExpires)
			}
			if !tok.RefreshExpiresAt.Equal(wantRefreshExpires) {
				t.Errorf("RefreshExpiresAt: got %v, want %v", tok.RefreshExpiresAt, wantRefreshExpires)
			}
			if !slices.Equal(tok.Scopes, tt.wantScopes) {
				t.Errorf("Scopes: got %q, want %q", tok.Scopes, tt.wantScopes)
			}
		})
	}
}

// otherVerifier is a verifier one character off v, whatever v is.
func otherVerifier(v string) string {
	if v[0] == 'x' {
		return "y" + v[1:]
	}
	return "x" + v[1:]
}

// bodyAuth is n with its app authenticating in the form, where the fake
// wants HTTP Basic.
func bodyAuth(n network) network {
	n.o.ClientAuth = relais.ClientAuthBody
	return n
}

// TestExchangeRefusals: a code the network refuses is a permanent
// failure, for the person to consent again.
func TestExchangeRefusals(t *testing.T) {
	tests := []struct {
		name       string
		n          network
		code       func(code string) string
		verifier   func(v string) string
		wantStatus int
		wantCode   string
	}{
		{"PKCE mismatch", xLike(), same, otherVerifier, 400, "invalid_grant"},
		{"unknown code", xLike(), func(string) string { return "code-guess" }, same, 400, "invalid_grant"},
		{"Basic not sent", bodyAuth(xLike()), same, same, 401, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, tt.n)
			consent, err := s.client.Begin(nil)
			if err != nil {
				t.Fatal(err)
			}
			code := approve(t, consent.URL).Get("code")
			_, err = s.client.Exchange(context.Background(), tt.code(code), tt.verifier(consent.Verifier))
			e := netfake.MustError(t, err, clientSecret, code, consent.Verifier)
			if e.Kind != relais.FailPermanent || e.Status != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("got %s %d %q, want permanent %d %q", e.Kind, e.Status, e.Code, tt.wantStatus, tt.wantCode)
			}
			if errors.Is(err, ErrReconnect) {
				t.Error("a refused code is not a renewal to reconnect")
			}
		})
	}
}

func same(s string) string { return s }

// TestCodeReused: a code exchanged twice fails the second time, and the
// network revokes what the first gave.
func TestCodeReused(t *testing.T) {
	s := newStack(t, linkedinLike())
	consent, _ := s.client.Begin(nil)
	code := approve(t, consent.URL).Get("code")
	tok, err := s.client.Exchange(context.Background(), code, consent.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.client.Exchange(context.Background(), code, consent.Verifier)
	if e := netfake.MustError(t, err, clientSecret, code); e.Code != "invalid_grant" {
		t.Errorf("second exchange: got %q, want invalid_grant", e.Code)
	}
	if _, ok := s.fake.Valid(tok.Access); ok {
		t.Error("the first exchange's token still works")
	}
}

// TestRefresh: each network's token renewed once due, as the network
// renews it.
func TestRefresh(t *testing.T) {
	tests := []struct {
		name        string
		n           network
		ahead, wait time.Duration
		wantExpires time.Duration // from the refresh
		wantRotated bool
	}{
		{"LinkedIn, a week ahead", linkedinLike(), 7 * day, 53 * day, 60 * day, false},
		{"X, rotated", xLike(), 10 * time.Minute, 110 * time.Minute, 2 * time.Hour, true},
		{"TikTok, rotated", tiktokLike(), time.Hour, 23 * time.Hour, 24 * time.Hour, true},
		{"Meta, exchanged", metaLike(), 7 * day, 53 * day, 60 * day, false},
		{"Threads, exchanged", threadsLike(), 7 * day, 53 * day, 60 * day, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, tt.n)
			tok := s.connect(t)
			s.clock.Advance(tt.wait - time.Second)
			if Due(tok, s.clock.Now(), tt.ahead) {
				t.Fatalf("due a second before %v ahead of expiry", tt.ahead)
			}
			s.clock.Advance(time.Second)
			if !Due(tok, s.clock.Now(), tt.ahead) {
				t.Fatalf("not due %v ahead of expiry", tt.ahead)
			}
			next, err := s.client.Refresh(context.Background(), tok)
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			s.mustValid(t, next)
			if next.Access == tok.Access {
				t.Error("the access token did not change")
			}
			if got, want := next.ExpiresAt, s.clock.Now().Add(tt.wantExpires); !got.Equal(want) {
				t.Errorf("ExpiresAt: got %v, want %v", got, want)
			}
			if got := next.Refresh != tok.Refresh; got != tt.wantRotated {
				t.Errorf("refresh token replaced: got %v, want %v", got, tt.wantRotated)
			}
			if !next.RefreshExpiresAt.Equal(tok.RefreshExpiresAt) {
				t.Errorf("RefreshExpiresAt: got %v, want %v, counted from consent", next.RefreshExpiresAt, tok.RefreshExpiresAt)
			}
			if !slices.Equal(next.Scopes, tok.Scopes) {
				t.Errorf("Scopes: got %q, want %q", next.Scopes, tok.Scopes)
			}
			if Due(next, s.clock.Now(), tt.ahead) {
				t.Error("the renewed token is due at once")
			}
		})
	}
}

// TestNeedsReconnect: a renewal the network refuses for good tells
// Relais to ask the person, and holds no token.
func TestNeedsReconnect(t *testing.T) {
	tests := []struct {
		name       string
		n          network
		spoil      func(t *testing.T, s *stack, tok Token) Token
		wantStatus int // 0: refused before any call
	}{
		{"the person removed the app", linkedinLike(), func(_ *testing.T, s *stack, tok Token) Token {
			s.fake.RevokeAll("acme")
			return tok
		}, 400},
		{"refresh token expired", linkedinLike(), func(_ *testing.T, s *stack, tok Token) Token {
			s.clock.Advance(365 * day)
			return tok
		}, 400},
		{"rotated refresh token used again", xLike(), func(t *testing.T, s *stack, tok Token) Token {
			if _, err := s.client.Refresh(context.Background(), tok); err != nil {
				t.Fatal(err)
			}
			return tok
		}, 400},
		{"no refresh token", linkedinLike(), func(_ *testing.T, _ *stack, tok Token) Token {
			tok.Refresh = ""
			return tok
		}, 0},
		{"exchange after expiry", metaLike(), func(_ *testing.T, s *stack, tok Token) Token {
			s.clock.Advance(60 * day)
			return tok
		}, 400},
		{"no renewal at all", network{o: relais.OAuth{AuthURL: "/oauth/authorize", TokenURL: "/oauth/token"}}, func(_ *testing.T, _ *stack, tok Token) Token {
			return tok
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, tt.n)
			tok := tt.spoil(t, s, s.connect(t))
			got, err := s.client.Refresh(context.Background(), tok)
			e := netfake.MustError(t, err, clientSecret, tok.Access, tok.Refresh)
			if !errors.Is(err, ErrReconnect) {
				t.Errorf("got %v, want ErrReconnect", err)
			}
			if e.Kind != relais.FailPermanent || e.Status != tt.wantStatus {
				t.Errorf("got %s %d, want permanent %d", e.Kind, e.Status, tt.wantStatus)
			}
			if got.Access != "" || got.Refresh != "" {
				t.Error("a failed refresh returned a token")
			}
		})
	}
}

// TestAppRefused: a refusal of the app's own credentials is not the
// person's to fix.
func TestAppRefused(t *testing.T) {
	s := newStack(t, linkedinLike())
	tok := s.connect(t)
	n := linkedinLike()
	o := n.o
	o.TokenURL = s.srv.URL + o.TokenURL
	wrong := New("testnet", o, clientID, "not-the-secret", redirectURI, nil)
	_, err := wrong.Refresh(context.Background(), tok)
	e := netfake.MustError(t, err, "not-the-secret", tok.Refresh)
	if errors.Is(err, ErrReconnect) || e.Kind != relais.FailPermanent || e.Code != "invalid_client" {
		t.Errorf("got %v, want a permanent invalid_client that is not ErrReconnect", err)
	}
}

// TestTransient: a network down, limiting or silent is tried again
// later, and a refresh after it works.
func TestTransient(t *testing.T) {
	tests := []struct {
		fault    netfake.Fault
		wantWait time.Duration
	}{
		{netfake.ServerError, 0},
		{netfake.RateLimit, time.Minute},
		{netfake.Timeout, 0},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			s := newStack(t, xLike())
			tok := s.connect(t)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.Refresh(context.Background(), tok)
			e := netfake.MustError(t, err, clientSecret, tok.Access, tok.Refresh)
			if e.Kind != relais.FailTransient || e.RetryAfter != tt.wantWait || errors.Is(err, ErrReconnect) {
				t.Errorf("got %s wait %v (%v), want transient wait %v", e.Kind, e.RetryAfter, err, tt.wantWait)
			}
			if _, err := s.client.Refresh(context.Background(), tok); err != nil {
				t.Errorf("refresh after the fault: %v", err)
			}
		})
	}
}

func TestRevoke(t *testing.T) {
	s := newStack(t, linkedinLike())
	tok := s.connect(t)
	if err := s.client.Revoke(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.fake.Valid(tok.Access); ok {
		t.Error("the token still works")
	}
	if _, err := s.client.Refresh(context.Background(), tok); !errors.Is(err, ErrReconnect) {
		t.Errorf("refresh after revoke: got %v, want ErrReconnect", err)
	}
}

// TestRevokeRefused: a network without revocation, and one that fails.
func TestRevokeRefused(t *testing.T) {
	tests := []struct {
		name     string
		n        network
		fault    netfake.Fault
		wantKind relais.Failure
	}{
		{"no revocation URL", metaLike(), netfake.None, relais.FailPermanent},
		{"network down", linkedinLike(), netfake.ServerError, relais.FailTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, tt.n)
			tok := s.connect(t)
			if tt.fault != netfake.None {
				s.fake.Faults.FailNext(1, tt.fault)
			}
			err := s.client.Revoke(context.Background(), tok)
			if e := netfake.MustError(t, err, clientSecret, tok.Access, tok.Refresh); e.Kind != tt.wantKind {
				t.Errorf("got %s, want %s", e.Kind, tt.wantKind)
			}
			if _, ok := s.fake.Valid(tok.Access); !ok {
				t.Error("a refused revocation ended the grant")
			}
		})
	}
}

// TestUpgradeFails: when the upgrade of a code's token fails, the
// short-lived token comes back with the error, to be upgraded later.
func TestUpgradeFails(t *testing.T) {
	s := newStack(t, metaLike())
	consent, _ := s.client.Begin(nil)
	code := approve(t, consent.URL).Get("code")
	// The code exchange goes through; the upgrade meets the fault.
	s.fake.Faults.FailNext(1, netfake.None)
	s.fake.Faults.FailNext(1, netfake.ServerError)
	short, err := s.client.Exchange(context.Background(), code, consent.Verifier)
	if e := netfake.MustError(t, err, clientSecret, code, short.Access); e.Kind != relais.FailTransient {
		t.Fatalf("got %v, want a transient error", err)
	}
	if got, want := short.ExpiresAt, start.Add(time.Hour); !got.Equal(want) {
		t.Errorf("short-lived token: ExpiresAt got %v, want %v", got, want)
	}
	long, err := s.client.Upgrade(context.Background(), short)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := long.ExpiresAt, start.Add(60*day); !got.Equal(want) {
		t.Errorf("upgraded: ExpiresAt got %v, want %v", got, want)
	}
	s.mustValid(t, long)
}
