// Package clients holds the use cases of the agency's clients and their
// accounts that every way into Relais shares (the CLI, the API, the
// demo): add a client and its report schedules, change its branding and
// moderation rules, and connect its network accounts with their tokens.
package clients

import (
	"context"
	"fmt"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/score"
	"github.com/relais-dev/relais/internal/ssm"
)

// Store is what the service needs of the store.
type Store interface {
	CreateClient(ctx context.Context, c relais.Client) error
	Client(ctx context.Context, id string) (relais.Client, error)
	SetBranding(ctx context.Context, id string, b relais.Branding, ifVersion ...int64) error
	SetRules(ctx context.Context, id, rules string, ifVersion ...int64) error
	SetTargets(ctx context.Context, id string, targets []relais.ServiceTarget, ifVersion ...int64) error
	ConnectAccount(ctx context.Context, a relais.Account) error
}

// Schedules creates a client's recurring reports.
type Schedules interface {
	ScheduleReports(ctx context.Context, c relais.Client) error
}

// Secrets keeps account tokens.
type Secrets interface {
	PutSecure(ctx context.Context, name, value string) error
}

// Inbox moves what an account received before it was connected into its
// client's inbox.
type Inbox interface {
	Replay(ctx context.Context, ref relais.AccountRef) (intake.Result, error)
}

var (
	_ Store     = (*dynamo.Store)(nil)
	_ Schedules = (*scheduler.Scheduler)(nil)
	_ Secrets   = (*ssm.Parameters)(nil)
	_ Inbox     = (*intake.Intake)(nil)
)

// Service runs the clients' use cases.
type Service struct {
	store     Store
	schedules Schedules
	secrets   Secrets
	inbox     Inbox
	settings  config.Settings
	// Register, when set, creates a connected account on its network
	// first, with its token: the local stack's fake networks need it, as a
	// person would have created the account on the network.
	Register func(ctx context.Context, ref relais.AccountRef, token string) error
}

// New returns the clients service.
func New(store Store, schedules Schedules, secrets Secrets, inbox Inbox, settings config.Settings) *Service {
	return &Service{store: store, schedules: schedules, secrets: secrets, inbox: inbox, settings: settings}
}

// Add stores a new client, which the store validates, and creates its
// recurring reports.
func (s *Service) Add(ctx context.Context, c relais.Client) error {
	if err := s.store.CreateClient(ctx, c); err != nil {
		return err
	}
	if err := s.schedules.ScheduleReports(ctx, c); err != nil {
		return fmt.Errorf("create the report schedules of client %s: %w", c.ID, err)
	}
	return nil
}

// Rebrand replaces the fields of a client's report branding that b sets;
// given the version the caller read, only over that version.
func (s *Service) Rebrand(ctx context.Context, clientID string, b relais.Branding, ifVersion ...int64) error {
	if b == (relais.Branding{}) {
		return relais.Errorf(relais.EINVALID, "no branding given: set the agency name, the colour or the logo")
	}
	if err := b.Validate(); err != nil {
		return err
	}
	return s.store.SetBranding(ctx, clientID, b, ifVersion...)
}

// SetRules replaces a client's moderation policy with a rules file, once
// it is read without fault: a faulty file is refused with its line and
// reason, and the policy in force stays. Given the version the caller
// read, it applies only over that version.
func (s *Service) SetRules(ctx context.Context, clientID string, rules []byte, ifVersion ...int64) error {
	if _, err := score.ParsePolicy(rules); err != nil {
		return err
	}
	return s.store.SetRules(ctx, clientID, string(rules), ifVersion...)
}

// SetTargets replaces a client's service targets, each written as
// relais.ParseServiceTarget reads it; none removes them. The first target
// that covers a thread applies. Given the version the caller read, it
// applies only over that version.
func (s *Service) SetTargets(ctx context.Context, clientID string, texts []string, ifVersion ...int64) ([]relais.ServiceTarget, error) {
	targets := make([]relais.ServiceTarget, 0, len(texts))
	for _, text := range texts {
		t, err := relais.ParseServiceTarget(text)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	if len(targets) > 10 {
		return nil, relais.Errorf(relais.EINVALID, "a client takes at most 10 service targets")
	}
	return targets, s.store.SetTargets(ctx, clientID, targets, ifVersion...)
}

// Rules returns a client's policy in force, its defaults included, and
// the client's version.
func (s *Service) Rules(ctx context.Context, clientID string) (score.Policy, int64, error) {
	c, err := s.store.Client(ctx, clientID)
	if err != nil {
		return score.Policy{}, 0, err
	}
	p, err := score.ClientPolicy(c)
	return p, c.Version, err
}
