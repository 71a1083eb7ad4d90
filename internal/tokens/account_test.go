package tokens_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/meta"
	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/tokens"
)

// TestPageKeepsItsOwnToken: a Facebook Page connected with OAuth keeps the
// Page's own token, which does not expire and so is never renewed, not
// the person's, with which a Page cannot post.
func TestPageKeepsItsOwnToken(t *testing.T) {
	const page, redirect = "104857392018375", "http://127.0.0.1:8788/callback"
	fake := metafake.New()
	fake.RegisterPage(page, "owner-session")
	fake.RegisterApp("app-1", "app-secret-1")
	urls := networks.URLs{"meta": relaistest.Serve(t, fake)}
	c := oauth.New(relais.Facebook, *networks.OAuthOf(meta.FacebookSpec, urls), "app-1", "app-secret-1", redirect, nil)
	consent, err := c.Begin(url.Values{"account": {page}})
	relaistest.MustOK(t, err)
	back := netfake.Consent(t, consent.URL)
	tok, err := c.Exchange(context.Background(), back.Query().Get("code"), consent.Verifier)
	relaistest.MustOK(t, err)

	adapters := networks.New(urls, networks.DefaultTimeout)
	now := time.Now()
	access, refresh, g, err := tokens.ForAccount(context.Background(), tok, relais.AccountRef{Network: relais.Facebook, ID: page}, adapters, now)
	relaistest.MustOK(t, err)
	if access == tok.Access || refresh != "" || !g.ExpiresAt.IsZero() || g.HasRefresh || g.Person == "" {
		t.Errorf("got a token of the person's %v, refresh %q, grant %+v; want the Page's own, which does not expire, and who granted it", access == tok.Access, refresh, g)
	}
	if _, err := adapters.Publishers[relais.Facebook].Publish(context.Background(), access, page, "p1", relais.Content{Text: "Bonjour"}); err != nil {
		t.Errorf("publishing with the Page's token: %v", err)
	}
	if _, err := adapters.Publishers[relais.Facebook].Publish(context.Background(), tok.Access, page, "p2", relais.Content{Text: "Bonsoir"}); err == nil {
		t.Error("publishing with the person's token: got no error, want the Page's refusal")
	}
	// Elsewhere the consent's token is the account's.
	access, refresh, g, err = tokens.ForAccount(context.Background(), oauth.Token{Access: "a", Refresh: "r", ExpiresAt: now.Add(time.Hour)},
		relais.AccountRef{Network: "pinterest", ID: "board"}, adapters, now)
	if err != nil || access != "a" || refresh != "r" || !g.HasRefresh || !g.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Errorf("without a tokener: got %q %q %+v %v", access, refresh, g, err)
	}
}

// TestMetaAccountsReached: the Pages, and the Instagram accounts linked to
// them, that a person's consent reaches are listed, for the person to
// choose which to connect.
func TestMetaAccountsReached(t *testing.T) {
	const page, ig = "104857392018375", "17841400000000042"
	fake := metafake.New()
	fake.RegisterPage(page, "owner-session")
	fake.RegisterInstagram(ig, "owner-session-ig")
	fake.RegisterApp("app-1", "app-secret-1")
	urls := networks.URLs{"meta": relaistest.Serve(t, fake)}
	for _, tt := range []struct {
		spec    relais.Spec
		account string
	}{{meta.FacebookSpec, page}, {meta.InstagramSpec, ig}} {
		c := oauth.New(tt.spec.Name, *networks.OAuthOf(tt.spec, urls), "app-1", "app-secret-1", "http://127.0.0.1:8788/callback", nil)
		consent, err := c.Begin(url.Values{"account": {tt.account}})
		relaistest.MustOK(t, err)
		tok, err := c.Exchange(context.Background(), netfake.Consent(t, consent.URL).Query().Get("code"), consent.Verifier)
		relaistest.MustOK(t, err)
		got, err := networks.New(urls, networks.DefaultTimeout).Listers[tt.spec.Name].Reachable(context.Background(), tok.Access)
		relaistest.MustOK(t, err)
		if len(got) != 1 || got[0].ID != tt.account || got[0].Name == "" {
			t.Errorf("%s reached: got %+v, want %s with its name", tt.spec.Name, got, tt.account)
		}
	}
}
