// Package inbox is the team's workspace over what the networks bring in:
// interactions grouped in threads, answered in public or in private once
// and after the outgoing guards, assigned, noted, tagged, closed, and
// watched against each client's service targets.
package inbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
)

// Store is what the inbox needs of the store.
type Store interface {
	Client(ctx context.Context, id string) (relais.Client, error)
	Clients(ctx context.Context) ([]relais.Client, error)
	Account(ctx context.Context, clientID string, ref relais.AccountRef) (relais.Account, error)
	Interaction(ctx context.Context, clientID string, n relais.Network, id string) (dynamo.InboxEntry, error)
	ClaimAnswer(ctx context.Context, a relais.Answer) (relais.Answer, bool, error)
	ReleaseAnswer(ctx context.Context, a relais.Answer) error
	SettleAnswer(ctx context.Context, a relais.Answer, zone string) error
	Answers(ctx context.Context, clientID string, n relais.Network, interactionID string) ([]relais.Answer, error)
	Decision(ctx context.Context, clientID string, n relais.Network, interactionID string) (relais.Decision, error)
	JoinThread(ctx context.Context, a dynamo.Arrival, now time.Time) (relais.Thread, error)
	RespondThread(ctx context.Context, r dynamo.Responded, zone string) (relais.Thread, bool, error)
	UpdateThread(ctx context.Context, clientID string, n relais.Network, threadID string, c dynamo.ThreadChange, now time.Time) (relais.Thread, error)
	AddNote(ctx context.Context, clientID string, n relais.Network, threadID string, note relais.ThreadEntry) error
	Thread(ctx context.Context, clientID string, n relais.Network, threadID string) (relais.Thread, []relais.ThreadEntry, error)
	ThreadHead(ctx context.Context, clientID string, n relais.Network, threadID string) (relais.Thread, error)
	Threads(ctx context.Context, clientID string, f dynamo.ThreadFilter) ([]relais.Thread, error)
	ThreadOwners(ctx context.Context, n relais.Network, threadID string) ([]string, error)
	ClaimOverdue(ctx context.Context, clientID string, n relais.Network, threadID string, since time.Time) (bool, error)
	ReleaseOverdue(ctx context.Context, clientID string, n relais.Network, threadID string, since time.Time) error
	PutSavedReply(ctx context.Context, r relais.SavedReply) error
	SavedReplies(ctx context.Context, clientID, name string) ([]relais.SavedReply, error)
	DeleteSavedReply(ctx context.Context, clientID, name, language string) error
}

var _ Store = (*dynamo.Store)(nil)

// Service carries out the team's work in the inbox.
type Service struct {
	store    Store
	tokens   Tokens
	networks networks.Adapters
	log      *slog.Logger
	// Schedules watch threads against the service targets, and Bus
	// carries Reply Overdue; without Schedules no thread is watched.
	Schedules Schedules
	Bus       relais.Bus
	// Now stamps answers; tests replace it.
	Now func() time.Time
}

// New returns the inbox over a store, the accounts' tokens and the
// networks' adapters.
func New(store Store, params relais.Parameters, adapters networks.Adapters, settings config.Settings, log *slog.Logger) *Service {
	return &Service{store: store, tokens: Tokens{store: store, params: params, settings: settings}, networks: adapters, log: log, Now: time.Now}
}

// AccountStore reads the accounts whose tokens Tokens reads.
type AccountStore interface {
	Account(ctx context.Context, clientID string, ref relais.AccountRef) (relais.Account, error)
}

// Tokens reads the access token of the account an interaction came to.
type Tokens struct {
	store    AccountStore
	params   relais.Parameters
	settings config.Settings
}

// NewTokens returns the tokens kept in params for the store's accounts.
func NewTokens(store AccountStore, params relais.Parameters, settings config.Settings) Tokens {
	return Tokens{store: store, params: params, settings: settings}
}

// For returns the token of the account in came to.
func (t Tokens) For(ctx context.Context, in relais.Interaction) (string, error) {
	account, err := t.store.Account(ctx, in.ClientID, relais.AccountRef{Network: in.Network, ID: in.AccountID})
	if err != nil {
		return "", err
	}
	return t.params.Get(ctx, t.settings.AccountTokenParameter(account))
}
