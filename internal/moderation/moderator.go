// Package moderation scores each interaction with its client's policy and
// acts on it: it records one decision per text, hides, deletes or answers
// on the network what the decision says, and watches each client for a
// crisis.
package moderation

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// Store is what the moderator needs of the store, with what its inbox
// needs to put each interaction on its thread.
type Store interface {
	inbox.Store
	SaveDecision(ctx context.Context, d relais.Decision, zone string) (relais.Decision, bool, error)
	MarkApplied(ctx context.Context, d relais.Decision) error
	OverrideDecision(ctx context.Context, d relais.Decision, from relais.Action, by string, learn relais.Correction) error
	Correction(ctx context.Context, clientID, fingerprint string) (relais.Correction, bool, error)
	ClaimReply(ctx context.Context, d relais.Decision) (bool, error)
	MarkReplied(ctx context.Context, d relais.Decision, zone, replyID string) error
	MarkDecisionEmitted(ctx context.Context, d relais.Decision) error
	Unmoderated(ctx context.Context, before time.Time, limit int) ([]dynamo.InboxEntry, error)
	SaveModerationExample(ctx context.Context, ex relais.ModerationExample, zone string) (bool, error)
	AlarmWindow(ctx context.Context, clientID string, from, to time.Time) (dynamo.Window, error)
	Counters(ctx context.Context, clientID, from, to string) ([]relais.DayCounters, error)
	SaveCrisis(ctx context.Context, c relais.CrisisSuspected, zone string) (bool, error)
	CrisisRecorded(ctx context.Context, clientID string, windowStart time.Time) (bool, error)
	HoldPosts(ctx context.Context, clientID, by, why string) ([]relais.Post, error)
}

var _ Store = (*dynamo.Store)(nil)

// capabilitiesOf is what the adapters can do on a network.
func capabilitiesOf(n networks.Adapters, net relais.Network) capabilities {
	_, hide := n.Hiders[net]
	_, del := n.Deleters[net]
	_, reply := n.Repliers[net]
	return capabilities{hide: hide, delete: del, reply: reply}
}

// Moderator handles Interaction Received.
type Moderator struct {
	store    Store
	bus      relais.Bus
	tokens   inbox.Tokens
	networks networks.Adapters
	settings config.Settings
	scorer   *score.Scorer
	log      *slog.Logger
	// Inbox puts each moderated interaction on its thread and checks
	// threads due for an answer.
	Inbox *inbox.Service
	// Now stamps decisions; tests replace it.
	Now func() time.Time
}

// New returns a moderator acting through the given network adapters.
func New(store Store, bus relais.Bus, tokens relais.Parameters, adapters networks.Adapters, settings config.Settings, log *slog.Logger) *Moderator {
	m := &Moderator{store: store, bus: bus, tokens: inbox.NewTokens(store, tokens, settings), networks: adapters, settings: settings,
		scorer: score.New(), log: log, Now: time.Now}
	m.Inbox = inbox.New(store, tokens, adapters, settings, log)
	m.Inbox.Bus = bus
	m.Inbox.Now = func() time.Time { return m.Now() }
	return m
}

// Input is what the moderator is invoked with: an Interaction Received
// event from the bus, its recurring sweep, or a thread's overdue check.
type Input struct {
	events.EventBridgeEvent
	relais.SweepInput
	relais.OverdueInput
}

// Run is the Lambda entry.
func (m *Moderator) Run(ctx context.Context, in Input) error {
	if in.Sweep {
		return m.Sweep(ctx)
	}
	if in.ThreadID != "" {
		return m.Inbox.Overdue(ctx, in.OverdueInput)
	}
	return m.Handle(ctx, in.EventBridgeEvent)
}

// Handle moderates the interaction an Interaction Received event names.
// Deliveries are at least once: the decision is recorded once per text,
// and a retry finishes only what an earlier attempt left undone.
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

func (m *Moderator) moderate(ctx context.Context, log *slog.Logger, in relais.InteractionReceived) error {
	log = log.With("client", in.ClientID, "network", in.Network, "interaction", in.InteractionID)
	// The client is read while the interaction and the correction for its
	// text are: neither needs the other.
	pendingClient := fetch(func() (relais.Client, error) { return m.store.Client(ctx, in.ClientID) })
	entry, err := m.store.Interaction(ctx, in.ClientID, in.Network, in.InteractionID)
	if err != nil {
		return fmt.Errorf("moderation: %w", err)
	}
	if entry.Removed {
		log.Info("removed before moderation; nothing to do")
		return nil
	}
	correction, corrected, err := m.correctionFor(ctx, in.ClientID, entry.Text)
	if err != nil {
		return fmt.Errorf("moderation: %w", err)
	}
	client, err := pendingClient.get()
	if err != nil {
		return fmt.Errorf("moderation: %w", err)
	}
	policy, err := score.ClientPolicy(client)
	if err != nil {
		// Rules are checked when set; a client whose stored rules no
		// longer read is still moderated, by the defaults.
		log.Error("client rules unreadable; moderating with the default policy", "err", err)
		policy = score.DefaultPolicy()
		policy.Brands = client.Brands
	}
	s := m.scorer.Score(entry.Text, policy)
	if corrected {
		// A person corrected a comment that reads the same: follow them.
		s = score.Follow(s, correction)
	}
	d := relais.Decision{
		ClientID: in.ClientID, Network: in.Network, InteractionID: in.InteractionID,
		TextHash: relais.Content{Text: entry.Text}.Hash(), Score: s, DecidedAt: m.Now().UTC(),
	}
	d.Action, d.Reply, d.Score.Labels = plan(s, policy, capabilitiesOf(m.networks, in.Network), entry.Interaction)
	d.Alarming = alarming(s)
	var token *pending[string]
	if acts(d) {
		// The account's token is read while the decision is recorded.
		token = fetch(func() (string, error) { return m.tokens.For(ctx, entry.Interaction) })
	}
	d, created, err := m.store.SaveDecision(ctx, d, client.TimeZone)
	if err != nil {
		return fmt.Errorf("moderation: record decision: %w", err)
	}
	if !created && d.Emitted {
		log.Info("already moderated", "action", d.Action)
		return nil
	}
	if err := m.apply(ctx, log, client, entry.Interaction, &d, token); err != nil {
		// Returning the error makes the bus retry; what was done is
		// recorded and not done again.
		return fmt.Errorf("moderation: %s %s: %w", d.Action, in.InteractionID, err)
	}
	if created {
		if err := m.watch(ctx, log, client, policy, entry.Interaction, d); err != nil {
			return fmt.Errorf("moderation: crisis watch: %w", err)
		}
	}
	if _, err := m.Inbox.Join(ctx, client, entry.Interaction, d); err != nil {
		return fmt.Errorf("moderation: thread of %s: %w", in.InteractionID, err)
	}
	err = m.bus.Put(ctx, relais.InteractionModerated{
		ClientID: d.ClientID, Network: d.Network, InteractionID: d.InteractionID,
		Action: d.Action, Labels: append([]string{}, d.Score.Labels...), Applied: d.Applied,
	})
	if err != nil {
		// The bus retries the delivery, which emits what is still unsent.
		return fmt.Errorf("moderation: announce decision on %s: %w", in.InteractionID, err)
	}
	log.Info("moderated", "action", d.Action, "labels", d.Score.Labels, "applied", d.Applied, "replied", d.ReplyID != "")
	return m.store.MarkDecisionEmitted(ctx, d)
}

// correctionFor returns the client's correction for a comment that reads
// the same as text, if a person made one.
func (m *Moderator) correctionFor(ctx context.Context, clientID, text string) (relais.Correction, bool, error) {
	key, err := score.Fingerprint(text)
	if err != nil || key == "" {
		return relais.Correction{}, false, err
	}
	return m.store.Correction(ctx, clientID, key)
}
