// Package moderation scores interactions and acts on them: it records a
// decision per interaction and hides on the network what the decision says
// to hide.
package moderation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// Store is what the moderator needs of the store.
type Store interface {
	Client(ctx context.Context, id string) (relais.Client, error)
	Account(ctx context.Context, clientID string, ref relais.AccountRef) (relais.Account, error)
	Interaction(ctx context.Context, clientID string, n relais.Network, id string) (dynamo.InboxEntry, error)
	SaveDecision(ctx context.Context, d relais.Decision, zone string) (relais.Decision, bool, error)
	MarkApplied(ctx context.Context, d relais.Decision) error
	MarkDecisionEmitted(ctx context.Context, d relais.Decision) error
	Unmoderated(ctx context.Context, before time.Time, limit int) ([]dynamo.InboxEntry, error)
}

var _ Store = (*dynamo.Store)(nil)

// Moderator handles Interaction Received.
type Moderator struct {
	store    Store
	bus      relais.Bus
	tokens   relais.Parameters
	networks map[relais.Network]relais.NetworkHider
	settings config.Settings
	scorer   Scorer
	log      *slog.Logger
	// Now stamps decisions; tests replace it.
	Now func() time.Time
}

// New returns a moderator acting through the given network adapters.
func New(store Store, bus relais.Bus, tokens relais.Parameters, networks map[relais.Network]relais.NetworkHider, settings config.Settings, log *slog.Logger) *Moderator {
	return &Moderator{store: store, bus: bus, tokens: tokens, networks: networks, settings: settings, log: log, Now: time.Now}
}

// Input is what the moderator is invoked with: an Interaction Received
// event from the bus, or its recurring sweep.
type Input struct {
	events.EventBridgeEvent
	relais.SweepInput
}

// Run is the Lambda entry.
func (m *Moderator) Run(ctx context.Context, in Input) error {
	if in.Sweep {
		return m.Sweep(ctx)
	}
	return m.Handle(ctx, in.EventBridgeEvent)
}

// Handle moderates the interaction an Interaction Received event names.
// Deliveries are at least once: the decision is recorded once, and a retry
// finishes only what an earlier attempt left undone.
func (m *Moderator) Handle(ctx context.Context, ev events.EventBridgeEvent) error {
	if ev.DetailType != relais.DetailInteractionReceived {
		return fmt.Errorf("moderation: unexpected event %q", ev.DetailType)
	}
	var in relais.InteractionReceived
	if err := json.Unmarshal(ev.Detail, &in); err != nil {
		return fmt.Errorf("moderation: decode event %s: %w", ev.ID, err)
	}
	return m.moderate(ctx, m.log.With("event", ev.ID), in)
}

// Unannounced is how long an interaction waits for its event before the
// sweep moderates it: longer than the bus takes to deliver with retries.
const Unannounced = 2 * time.Minute

// sweepBatch bounds the interactions one sweep takes; the next sweep takes
// the rest.
const sweepBatch = 200

// Sweep moderates the interactions stored without their event reaching
// the moderator, such as those stored while the bus was down.
func (m *Moderator) Sweep(ctx context.Context) error {
	waiting, err := m.store.Unmoderated(ctx, m.Now().Add(-Unannounced), sweepBatch)
	if err != nil {
		return fmt.Errorf("moderation: sweep: %w", err)
	}
	var errs []error
	for _, e := range waiting {
		in := relais.InteractionReceived{
			ClientID: e.ClientID, Network: e.Network, AccountID: e.AccountID,
			InteractionID: e.ID, Kind: e.Kind, ReceivedAt: e.ReceivedAt,
		}
		if err := m.moderate(ctx, m.log.With("sweep", true), in); err != nil {
			errs = append(errs, err)
		}
	}
	if len(waiting) > 0 {
		m.log.Info("sweep", "moderated", len(waiting)-len(errs), "failed", len(errs))
	}
	return errors.Join(errs...)
}

func (m *Moderator) moderate(ctx context.Context, log *slog.Logger, in relais.InteractionReceived) error {
	log = log.With("client", in.ClientID, "network", in.Network, "interaction", in.InteractionID)
	client, err := m.store.Client(ctx, in.ClientID)
	if err != nil {
		return fmt.Errorf("moderation: %w", err)
	}
	entry, err := m.store.Interaction(ctx, in.ClientID, in.Network, in.InteractionID)
	if err != nil {
		return fmt.Errorf("moderation: %w", err)
	}
	d := relais.Decision{
		ClientID: in.ClientID, Network: in.Network, InteractionID: in.InteractionID,
		TextHash: relais.Content{Text: entry.Text}.Hash(),
		Score:    m.scorer.Score(entry.Text, client), DecidedAt: m.Now().UTC(),
	}
	d.Action = d.Score.Action
	d, created, err := m.store.SaveDecision(ctx, d, client.TimeZone)
	if err != nil {
		return fmt.Errorf("moderation: record decision: %w", err)
	}
	if !created && d.Emitted {
		log.Info("already moderated", "action", d.Action)
		return nil
	}
	if d.Action == relais.ActionHide && !d.Applied {
		if err := m.hide(ctx, entry); err != nil {
			// Returning the error makes the bus retry; hiding twice is harmless.
			return fmt.Errorf("moderation: hide %s: %w", in.InteractionID, err)
		}
		if err := m.store.MarkApplied(ctx, d); err != nil {
			return fmt.Errorf("moderation: %w", err)
		}
		d.Applied = true
	}
	err = m.bus.Put(ctx, relais.InteractionModerated{
		ClientID: d.ClientID, Network: d.Network, InteractionID: d.InteractionID,
		Action: d.Action, Labels: append([]string{}, d.Score.Labels...), Applied: d.Applied,
	})
	if err != nil {
		// The bus retries the delivery, which emits what is still unsent.
		return fmt.Errorf("moderation: announce decision on %s: %w", in.InteractionID, err)
	}
	log.Info("moderated", "action", d.Action, "labels", d.Score.Labels, "applied", d.Applied)
	return m.store.MarkDecisionEmitted(ctx, d)
}

func (m *Moderator) hide(ctx context.Context, entry dynamo.InboxEntry) error {
	net, ok := m.networks[entry.Network]
	if !ok {
		return fmt.Errorf("no hiding adapter for %s", entry.Network)
	}
	ref := relais.AccountRef{Network: entry.Network, ID: entry.AccountID}
	account, err := m.store.Account(ctx, entry.ClientID, ref)
	if err != nil {
		return err
	}
	token, err := m.tokens.Get(ctx, m.settings.AccountTokenParameter(account))
	if err != nil {
		return err
	}
	return net.Hide(ctx, token, entry.Interaction)
}
