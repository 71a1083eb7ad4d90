package tokens_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/pinterest/pinterestfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/tokens"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	_        tokens.Store = (*dynamo.Store)(nil)
	start                 = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	settings              = config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
	board                 = relais.Account{ClientID: "acme", Network: pinterest.Network, ID: "549755885175"}
)

// stack is acme's Pinterest board connected with OAuth against the fake,
// and a renewer on the same clock.
type stack struct {
	now     time.Time
	fake    *pinterestfake.Server
	store   *dynamo.Store
	params  *relaistest.Parameters
	bus     *relaistest.Bus
	logs    *relaistest.LogBuffer
	renewer *tokens.Renewer
	first   oauth.Token
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{now: start, fake: pinterestfake.New(), bus: &relaistest.Bus{}, logs: &relaistest.LogBuffer{}}
	s.fake.Now = s.clock
	s.fake.RegisterAccount(board.ID, "tok-pasted")
	url := relaistest.Serve(t, s.fake)
	s.store = relaistest.NewStore(t, start, []relais.Client{{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}}, board)
	s.store.Now = s.clock
	o := pinterest.Spec.OAuth
	s.params = relaistest.NewParameters(map[string]string{
		settings.SecretParameter(o.ClientID): pinterestfake.DefaultClientID, settings.SecretParameter(o.ClientSecret): pinterestfake.DefaultClientSecret,
	})
	urls := networks.URLs{"pinterest": url}
	s.renewer = tokens.New(s.store, s.params, s.bus, settings, urls, s.logs.Logger())
	s.renewer.Now = s.clock
	s.first = s.consent(t, urls)
	relaistest.MustOK(t, s.renewer.Store(context.Background(), board, s.first))
	return s
}

func (s *stack) clock() time.Time { return s.now }

// consent runs the flow a person runs from the CLI: consent on the fake,
// then the code's exchange.
func (s *stack) consent(t *testing.T, urls networks.URLs) oauth.Token {
	t.Helper()
	const redirect = "http://127.0.0.1:8788/callback"
	c := oauth.New(pinterest.Network, *networks.OAuthOf(pinterest.Spec, urls), pinterestfake.DefaultClientID, pinterestfake.DefaultClientSecret, redirect, nil)
	c.Now = s.clock
	consent, err := c.Begin(url.Values{"account": {board.ID}})
	relaistest.MustOK(t, err)
	back := netfake.Consent(t, consent.URL)
	tok, err := c.Exchange(context.Background(), back.Query().Get("code"), consent.Verifier)
	relaistest.MustOK(t, err)
	return tok
}

func (s *stack) account(t *testing.T) relais.Account {
	t.Helper()
	a, err := s.store.Account(context.Background(), board.ClientID, board.Ref())
	relaistest.MustOK(t, err)
	return a
}

func (s *stack) token(t *testing.T) string {
	t.Helper()
	v, err := s.params.Get(context.Background(), settings.TokenParameter(board.ClientID, board.Ref()))
	relaistest.MustOK(t, err)
	return v
}

// TestRenewsAheadOfExpiry: a token is left alone until it is due, then
// renewed once, its new token stored and taken by the network.
func TestRenewsAheadOfExpiry(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	a := s.account(t)
	if a.Grant == nil || !a.Grant.HasRefresh || !a.Grant.ExpiresAt.Equal(start.Add(pinterestfake.AccessLifetime)) {
		t.Fatalf("grant after consent: got %+v", a.Grant)
	}
	relaistest.MustOK(t, s.renewer.RenewDue(ctx))
	if got := s.token(t); got != s.first.Access {
		t.Error("a token 30 days from its expiry was renewed")
	}
	s.now = start.Add(pinterestfake.AccessLifetime - 6*24*time.Hour)
	relaistest.MustOK(t, s.renewer.RenewDue(ctx))
	renewed := s.token(t)
	if renewed == s.first.Access {
		t.Fatal("a token 6 days from its expiry was not renewed")
	}
	a = s.account(t)
	if want := s.now.Add(pinterestfake.AccessLifetime); !a.Grant.ExpiresAt.Equal(want) || !a.Grant.RenewedAt.Equal(s.now) {
		t.Errorf("grant: got expiry %s renewed %s, want %s and now", a.Grant.ExpiresAt, a.Grant.RenewedAt, want)
	}
	if _, err := pinterest.New(relaistest.Serve(t, s.fake), nil).Boards(ctx, renewed); err != nil {
		t.Errorf("the renewed token: %v", err)
	}
	if strings.Contains(s.logs.String(), renewed) || strings.Contains(s.logs.String(), s.first.Refresh) {
		t.Error("a token is in the logs")
	}
}

// TestOneRenewalAtATime: functions renewing one account at once make one
// renewal: Pinterest's refresh token works once.
func TestOneRenewalAtATime(t *testing.T) {
	s := newStack(t)
	s.now = start.Add(pinterestfake.AccessLifetime - time.Hour)
	a := s.account(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = s.renewer.Renew(context.Background(), a) })
	}
	wg.Wait()
	for _, err := range errs {
		relaistest.MustOK(t, err)
	}
	if got := s.account(t); !got.Connected() {
		t.Errorf("account disconnected: %s", got.DisconnectReason)
	}
	if n := len(s.bus.Events()); n != 0 {
		t.Errorf("events: got %d, want none", n)
	}
}

// TestRevokedGrant: a renewal the network refuses for good disconnects the
// account and tells people once, naming the post it would break and how
// to connect it again.
func TestRevokedGrant(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	post := relais.Post{ID: "p1", ClientID: "acme", Account: board.Ref(), Text: "Nouvelle collection", Status: relais.StatusScheduled,
		ScheduledAt: start.Add(pinterestfake.AccessLifetime - 2*24*time.Hour), CreatedAt: start}
	relaistest.MustOK(t, s.store.CreatePost(ctx, post, "camille", "scheduled"))
	s.now = start.Add(pinterestfake.RefreshLifetime + time.Hour)
	for range 2 {
		relaistest.MustOK(t, s.renewer.RenewDue(ctx))
	}
	a := s.account(t)
	if a.Connected() || !strings.Contains(a.DisconnectReason, "Pinterest refused to renew the token") {
		t.Errorf("account: got connected %v (%q), want disconnected", a.Connected(), a.DisconnectReason)
	}
	events := s.bus.Events()
	if len(events) != 1 {
		t.Fatalf("events: got %d, want one", len(events))
	}
	e, ok := events[0].(relais.AccountNeedsReconnect)
	want := "relais account connect acme --network pinterest --id 549755885175 --oauth"
	if !ok || e.Reconnect != want || !e.NextPost.Equal(post.ScheduledAt) || e.AccountID != board.ID {
		t.Errorf("event: got %+v, want the reconnect command %q and the post at %s", events[0], want, post.ScheduledAt)
	}
}

// TestWarnsBeforeTheGrantEnds: a grant that cannot be renewed past its
// refresh token's expiry is announced once, a week ahead.
func TestWarnsBeforeTheGrantEnds(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	a := s.account(t)
	g := *a.Grant
	g.HasRefresh = false // a grant Relais cannot renew
	g.ExpiresAt = start.Add(5 * 24 * time.Hour)
	relaistest.MustOK(t, s.store.SetGrant(ctx, a, g))
	for range 3 {
		relaistest.MustOK(t, s.renewer.RenewDue(ctx))
	}
	events := s.bus.Events()
	if len(events) != 1 {
		t.Fatalf("events: got %d, want one warning", len(events))
	}
	if e := events[0].(relais.AccountNeedsReconnect); !e.By.Equal(g.ExpiresAt) || !strings.Contains(e.Reason, "cannot be renewed") {
		t.Errorf("warning: got %+v", e)
	}
	if !s.account(t).Connected() {
		t.Error("a warned account was disconnected")
	}
}
