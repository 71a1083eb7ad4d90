package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/relais-dev/relais/internal/relais"
)

// corrections is what `relais moderation export` reads of the store.
type corrections interface {
	Clients(ctx context.Context) ([]relais.Client, error)
	Corrections(ctx context.Context, clientID string) ([]relais.Correction, error)
}

// moderationExport writes the team's corrections, of the clients named or
// of every client, as JSON lines for the next training run.
func moderationExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags("moderation export")
	var clientIDs list
	fs.Var(&clientIDs, "client", "export this client's corrections (repeatable; default: every client)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	a, err := e.connect(ctx)
	if err != nil {
		return err
	}
	return exportCorrections(ctx, a.store, clientIDs, e.out)
}

// exportCorrections writes one correction a line, oldest first, so that
// a later correction of the same comment comes after the one it replaces.
func exportCorrections(ctx context.Context, src corrections, clientIDs []string, w io.Writer) error {
	if len(clientIDs) == 0 {
		clients, err := src.Clients(ctx)
		if err != nil {
			return err
		}
		for _, c := range clients {
			clientIDs = append(clientIDs, c.ID)
		}
	}
	var all []relais.Correction
	for _, id := range clientIDs {
		cs, err := src.Corrections(ctx, id)
		if err != nil {
			return err
		}
		all = append(all, cs...)
	}
	slices.SortStableFunc(all, func(a, b relais.Correction) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ClientID, b.ClientID), cmp.Compare(a.InteractionID, b.InteractionID))
	})
	out := bufio.NewWriter(w)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for _, c := range all {
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("moderation export: %w", err)
		}
	}
	return out.Flush()
}
