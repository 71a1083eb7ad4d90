package moderation

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

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
