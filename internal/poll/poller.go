// Package poll reads the mentions and replies of the accounts on networks
// without webhooks (Mastodon, Bluesky) on a recurring schedule, and feeds
// them to the same intake as the webhooks.
package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
)

// Store is what the poller needs of the store.
type Store interface {
	Clients(ctx context.Context) ([]relais.Client, error)
	Accounts(ctx context.Context, clientID string) ([]relais.Account, error)
	SetPollCursor(ctx context.Context, a relais.Account, cursor string) error
}

var _ Store = (*dynamo.Store)(nil)

// Intake stores and announces interactions.
type Intake interface {
	Accept(ctx context.Context, ins []relais.Interaction) (intake.Result, error)
}

// Poller polls every account of the networks it has adapters for.
type Poller struct {
	store    Store
	intake   Intake
	tokens   relais.Parameters
	networks map[relais.Network]relais.NetworkPoller
	settings config.Settings
	log      *slog.Logger
}

// New returns a poller.
func New(store Store, in Intake, tokens relais.Parameters, networks map[relais.Network]relais.NetworkPoller, settings config.Settings, log *slog.Logger) *Poller {
	return &Poller{store: store, intake: in, tokens: tokens, networks: networks, settings: settings, log: log}
}

// Run is the Lambda entry: one poll of every account. An account that
// fails is logged and left for the next poll, which starts again from its
// cursor; the others go on.
func (p *Poller) Run(ctx context.Context, _ relais.PollInput) error {
	clients, err := p.store.Clients(ctx)
	if err != nil {
		return fmt.Errorf("poll: %w", err)
	}
	failed := 0
	for _, c := range clients {
		accounts, err := p.store.Accounts(ctx, c.ID)
		if err != nil {
			return fmt.Errorf("poll: %w", err)
		}
		for _, a := range accounts {
			net, ok := p.networks[a.Network]
			if !ok {
				continue
			}
			log := p.log.With("client", a.ClientID, "account", a.Ref().String())
			if ref := a.Ref().Canonical(); ref != a.Ref() {
				// Stored before ids were canonical: nothing routes to this
				// spelling any more, and its cursor cannot be kept.
				log.Warn("account stored under a non-canonical id; connect it again to poll it", "canonical", ref.String())
				continue
			}
			if err := p.account(ctx, log, net, a); err != nil {
				failed++
				log.Error("poll account", "err", err)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("poll: %d accounts failed; their next poll starts from their cursor", failed)
	}
	return nil
}

// account polls one account and moves its cursor only once what it read
// is stored, so that a failure loses nothing.
func (p *Poller) account(ctx context.Context, log *slog.Logger, net relais.NetworkPoller, a relais.Account) error {
	token, err := p.tokens.Get(ctx, p.settings.AccountTokenParameter(a))
	if err != nil {
		return err
	}
	got, err := net.Poll(ctx, token, a.ID, a.PollCursor)
	if err != nil {
		return err
	}
	for _, w := range got.Warnings {
		log.Warn("poll incomplete", "why", w)
	}
	if len(got.Interactions) > 0 {
		res, err := p.intake.Accept(ctx, got.Interactions)
		if err != nil && !errors.Is(err, intake.ErrNotAnnounced) {
			return err
		}
		log.Info("polled", "read", len(got.Interactions), "created", res.Created, "duplicates", res.Duplicates)
	}
	if got.Cursor == a.PollCursor {
		return nil
	}
	return p.store.SetPollCursor(ctx, a, got.Cursor)
}
