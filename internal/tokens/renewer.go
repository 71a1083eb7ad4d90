// Package tokens keeps the tokens of accounts connected with OAuth alive:
// it renews each ahead of its expiry, one renewal at a time per account,
// and tells people, with Account Needs Reconnect, when only they can
// connect an account again, before the first post it would break.
package tokens

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/oauth"
	"github.com/relais-dev/relais/internal/relais"
)

// Store is what the renewer reads and writes of accounts.
type Store interface {
	Clients(ctx context.Context) ([]relais.Client, error)
	Accounts(ctx context.Context, clientID string) ([]relais.Account, error)
	SetGrant(ctx context.Context, a relais.Account, g relais.Grant) error
	ClaimRenewal(ctx context.Context, a relais.Account, now, until time.Time) (bool, error)
	Disconnect(ctx context.Context, a relais.Account, at time.Time, reason string) (bool, error)
	MarkWarned(ctx context.Context, a relais.Account, at time.Time) (bool, error)
	DuePosts(ctx context.Context, before time.Time, limit int) ([]relais.Post, error)
}

// Secrets reads the apps' credentials and reads and writes the accounts'
// tokens.
type Secrets interface {
	relais.Parameters
	PutSecure(ctx context.Context, name, value string) error
}

// Renewer renews grants and reports the accounts people must connect
// again.
type Renewer struct {
	store    Store
	secrets  Secrets
	bus      relais.Bus
	settings config.Settings
	urls     networks.URLs
	hc       *http.Client
	log      *slog.Logger
	// Now reads the clock; tests replace it.
	Now func() time.Time
	// Ahead is how long before its expiry a token is renewed, at most;
	// a short-lived token is renewed halfway through its life.
	Ahead time.Duration
	// Every is how often the renewal routine runs: a token that would
	// expire before the next run is renewed now.
	Every time.Duration
	// Warn is how long before a grant ends for good (its refresh token
	// expires, or a token that cannot be renewed does) people are told.
	Warn time.Duration
}

// Defaults of a Renewer.
const (
	DefaultAhead = 7 * 24 * time.Hour
	DefaultEvery = 30 * time.Minute
	DefaultWarn  = 7 * 24 * time.Hour
	// lease bounds one renewal, well beyond one token call.
	lease = 2 * time.Minute
)

// New returns a renewer calling the networks' OAuth endpoints at urls
// (the local stack's fakes, or production when empty).
func New(store Store, secrets Secrets, bus relais.Bus, settings config.Settings, urls networks.URLs, log *slog.Logger) *Renewer {
	return &Renewer{store: store, secrets: secrets, bus: bus, settings: settings, urls: urls,
		hc: &http.Client{Timeout: networks.DefaultTimeout}, log: log, Now: time.Now,
		Ahead: DefaultAhead, Every: DefaultEvery, Warn: DefaultWarn}
}

// RenewDue renews every grant that is due and warns of the grants about to
// end, over every client's accounts. One account's failure does not stop
// the others; the errors come back together.
func (r *Renewer) RenewDue(ctx context.Context) error {
	clients, err := r.store.Clients(ctx)
	if err != nil {
		return fmt.Errorf("tokens: %w", err)
	}
	var errs []error
	for _, c := range clients {
		accounts, err := r.store.Accounts(ctx, c.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("tokens: accounts of %s: %w", c.ID, err))
			continue
		}
		for _, a := range accounts {
			if a.Grant == nil || !a.Connected() {
				continue
			}
			if r.Due(a) {
				if err := r.Renew(ctx, a); err != nil {
					errs = append(errs, err)
				}
				continue
			}
			if err := r.warn(ctx, a); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// Due reports whether an account's token is to be renewed now.
func (r *Renewer) Due(a relais.Account) bool {
	g := a.Grant
	if g == nil || g.ExpiresAt.IsZero() || !renewable(a) {
		return false
	}
	left := g.ExpiresAt.Sub(r.Now())
	ahead := r.Ahead
	if life := g.ExpiresAt.Sub(g.RenewedAt); !g.RenewedAt.IsZero() && life/2 < ahead {
		ahead = life / 2
	}
	return left < ahead || left < r.Every+r.Every/2
}

// renewable reports whether the network renews the account's grant
// without the person.
func renewable(a relais.Account) bool {
	s, ok := relais.SpecOf(a.Network)
	if !ok || s.OAuth == nil {
		return false
	}
	switch s.OAuth.Refresh {
	case relais.RefreshToken:
		return a.Grant.HasRefresh
	case relais.RefreshExchange:
		return true
	}
	return false
}

// Renew renews an account's grant now, unless another renewal holds it.
// A renewal the network refuses for good disconnects the account and
// says so (Account Needs Reconnect); any other failure is returned, and
// the next run tries again.
func (r *Renewer) Renew(ctx context.Context, a relais.Account) error {
	now := r.Now()
	log := r.log.With("client", a.ClientID, "account", a.Ref().String())
	claimed, err := r.store.ClaimRenewal(ctx, a, now, now.Add(lease))
	if err != nil || !claimed {
		return err
	}
	client, err := r.client(ctx, a.Network)
	if err != nil {
		return err
	}
	tokenName, refreshName := r.settings.TokenParameter(a.ClientID, a.Ref()), r.settings.RefreshTokenParameter(a.ClientID, a.Ref())
	current := oauth.Token{ExpiresAt: a.Grant.ExpiresAt, RefreshExpiresAt: a.Grant.RefreshExpiresAt, Scopes: a.Grant.Scopes}
	if current.Access, err = r.secrets.Get(ctx, tokenName); err != nil {
		return fmt.Errorf("tokens: read the token of %s: %w", a.Ref(), err)
	}
	if a.Grant.HasRefresh {
		if current.Refresh, err = r.secrets.Get(ctx, refreshName); err != nil {
			return fmt.Errorf("tokens: read the refresh token of %s: %w", a.Ref(), err)
		}
	}
	renewed, err := client.Refresh(ctx, current)
	if errors.Is(err, oauth.ErrReconnect) {
		log.Warn("the network refused to renew the token; the account must be connected again", "error", relais.ErrorMessage(err))
		return r.Revoked(ctx, a, fmt.Sprintf("%s refused to renew the token: the grant was revoked or has expired", a.Network.Label()))
	}
	if err != nil {
		return fmt.Errorf("tokens: renew the token of %s: %w", a.Ref(), err)
	}
	if err := r.Store(ctx, a, renewed); err != nil {
		return err
	}
	log.Info("token renewed", "expiresAt", renewed.ExpiresAt)
	return nil
}

// Store keeps a grant's tokens and dates: the tokens first, so that the
// account never says a grant its parameters do not hold.
func (r *Renewer) Store(ctx context.Context, a relais.Account, t oauth.Token) error {
	if err := r.secrets.PutSecure(ctx, r.settings.TokenParameter(a.ClientID, a.Ref()), t.Access); err != nil {
		return fmt.Errorf("tokens: store the token of %s: %w", a.Ref(), err)
	}
	if t.Refresh != "" {
		if err := r.secrets.PutSecure(ctx, r.settings.RefreshTokenParameter(a.ClientID, a.Ref()), t.Refresh); err != nil {
			return fmt.Errorf("tokens: store the refresh token of %s: %w", a.Ref(), err)
		}
	}
	return r.store.SetGrant(ctx, a, GrantOf(t, r.Now()))
}

// Revoked records that an account's token no longer works (the network
// revoked it, or refused to renew it) and tells people, once.
func (r *Renewer) Revoked(ctx context.Context, a relais.Account, reason string) error {
	now := r.Now()
	first, err := r.store.Disconnect(ctx, a, now, reason)
	if err != nil || !first {
		return err
	}
	return r.announce(ctx, a, reason, now)
}

// warn tells people, once per grant, that it ends for good within Warn.
func (r *Renewer) warn(ctx context.Context, a relais.Account) error {
	end := a.Grant.RefreshExpiresAt
	if end.IsZero() || !renewable(a) {
		end = a.Grant.ExpiresAt
	}
	if end.IsZero() || end.Sub(r.Now()) > r.Warn {
		return nil
	}
	first, err := r.store.MarkWarned(ctx, a, r.Now())
	if err != nil || !first {
		return err
	}
	return r.announce(ctx, a, fmt.Sprintf("the %s grant ends on %s and cannot be renewed without the account's owner", a.Network.Label(), end.UTC().Format(time.RFC3339)), end)
}

// announce puts Account Needs Reconnect on the bus, naming the first post
// the account's token would break.
func (r *Renewer) announce(ctx context.Context, a relais.Account, reason string, by time.Time) error {
	e := relais.NeedsReconnect(a, reason, by)
	due, err := r.store.DuePosts(ctx, r.Now().Add(r.Ahead+r.Warn), 0)
	if err != nil {
		return fmt.Errorf("tokens: posts due: %w", err)
	}
	for _, p := range due {
		if p.ClientID == a.ClientID && p.Account.Canonical() == a.Ref().Canonical() && (e.NextPost.IsZero() || p.ScheduledAt.Before(e.NextPost)) {
			e.NextPost = p.ScheduledAt
		}
	}
	if err := r.bus.Put(ctx, e); err != nil {
		return fmt.Errorf("tokens: announce %s: %w", a.Ref(), err)
	}
	return nil
}

// client is the OAuth client of network n's app, for renewals.
func (r *Renewer) client(ctx context.Context, n relais.Network) (*oauth.Client, error) {
	c, err := AppClient(ctx, r.secrets, r.settings, r.urls, n, "", r.hc)
	if err != nil {
		return nil, err
	}
	c.Now = r.Now
	return c, nil
}

// AppClient is the OAuth client of network n's app, whose id and secret
// are parameters of the deployment, with its endpoints at urls; consents
// answer at redirectURI. A network without OAuth is EINVALID.
func AppClient(ctx context.Context, params relais.Parameters, settings config.Settings, urls networks.URLs, n relais.Network, redirectURI string, hc *http.Client) (*oauth.Client, error) {
	s, _ := relais.SpecOf(n)
	o := networks.OAuthOf(s, urls)
	if o == nil {
		return nil, relais.Errorf(relais.EINVALID, "%s accounts connect with a token, not OAuth", n)
	}
	id, err := appCredential(ctx, params, settings, n, "id", o.ClientID)
	if err != nil {
		return nil, err
	}
	secret, err := appCredential(ctx, params, settings, n, "secret", o.ClientSecret)
	if err != nil {
		return nil, err
	}
	return oauth.New(n, *o, id, secret, redirectURI, hc), nil
}

// appCredential reads one of an app's credentials; one the operator has
// not put yet is EINVALID, saying where it goes.
func appCredential(ctx context.Context, params relais.Parameters, settings config.Settings, n relais.Network, what string, s relais.Secret) (string, error) {
	name := settings.SecretParameter(s)
	v, err := params.Get(ctx, name)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return "", relais.Errorf(relais.EINVALID, "%s's app is not configured: put its %s in the parameter %s", n.Label(), what, name)
	}
	if err != nil {
		return "", fmt.Errorf("tokens: the %s app's %s (%s): %w", n, what, name, err)
	}
	return v, nil
}

// GrantOf is what a token says of its grant, at now.
func GrantOf(t oauth.Token, now time.Time) relais.Grant {
	return relais.Grant{ExpiresAt: t.ExpiresAt, RefreshExpiresAt: t.RefreshExpiresAt, HasRefresh: t.Refresh != "", Scopes: t.Scopes, RenewedAt: now}
}

// ForAccount is what an account keeps of a consent's token: the token and
// its grant, or, where the network gives accounts a token of their own
// (a.Tokeners), that token, which does not expire; and the person who
// granted it, where the network names them (a.Persons).
func ForAccount(ctx context.Context, t oauth.Token, ref relais.AccountRef, a networks.Adapters, now time.Time) (access, refresh string, g relais.Grant, err error) {
	access, refresh, g = t.Access, t.Refresh, GrantOf(t, now)
	if p, ok := a.Persons[ref.Network]; ok {
		if g.Person, err = p.Person(ctx, t.Access); err != nil {
			return "", "", relais.Grant{}, fmt.Errorf("tokens: who granted %s: %w", ref, err)
		}
	}
	if tk, ok := a.Tokeners[ref.Network]; ok {
		if access, err = tk.AccountToken(ctx, t.Access, ref.ID); err != nil {
			return "", "", relais.Grant{}, fmt.Errorf("tokens: the token of %s: %w", ref, err)
		}
		refresh, g.ExpiresAt, g.RefreshExpiresAt, g.HasRefresh = "", time.Time{}, time.Time{}, false
	}
	return access, refresh, g, nil
}
