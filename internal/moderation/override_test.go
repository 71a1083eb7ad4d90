package moderation_test

import (
	"context"
	"maps"
	"testing"

	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox"
)

// TestOverride: a person shows again a comment moderation hid, settles
// it, and hides it again; each step is carried out on the network first,
// then recorded with their name.
func TestOverride(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	relaistest.MustOK(t, f.moderator.Handle(ctx, f.comment(t, "c-insult", "Bande de connards")))
	steps := []struct {
		do          moderation.Override
		wantAction  relais.Action
		wantApplied bool
		wantNetwork map[sandbox.ActionKind]int
	}{
		{moderation.OverrideUnhide, relais.ActionReview, false, map[sandbox.ActionKind]int{sandbox.ActionHide: 1, sandbox.ActionUnhide: 1}},
		{moderation.OverrideAllow, relais.ActionAllow, false, map[sandbox.ActionKind]int{sandbox.ActionHide: 1, sandbox.ActionUnhide: 1}},
		{moderation.OverrideHide, relais.ActionHide, true, map[sandbox.ActionKind]int{sandbox.ActionHide: 2, sandbox.ActionUnhide: 1}},
		// Hidden already: nothing more is done.
		{moderation.OverrideHide, relais.ActionHide, true, map[sandbox.ActionKind]int{sandbox.ActionHide: 2, sandbox.ActionUnhide: 1}},
	}
	for _, s := range steps {
		d, err := f.moderator.Override(ctx, "acme", relais.Sandbox, "c-insult", s.do, "max")
		relaistest.MustOK(t, err)
		if d.Action != s.wantAction || d.Applied != s.wantApplied {
			t.Errorf("%s: got %s applied %v, want %s applied %v", s.do, d.Action, d.Applied, s.wantAction, s.wantApplied)
		}
		entry, err := f.store.Interaction(ctx, "acme", relais.Sandbox, "c-insult")
		relaistest.MustOK(t, err)
		if entry.Action != s.wantAction || entry.Applied != s.wantApplied {
			t.Errorf("%s: inbox entry %s applied %v, want %s applied %v", s.do, entry.Action, entry.Applied, s.wantAction, s.wantApplied)
		}
		if got := f.actions("c-insult"); !maps.Equal(got, s.wantNetwork) {
			t.Errorf("%s: network actions %v, want %v", s.do, got, s.wantNetwork)
		}
	}
}

func TestOverrideRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	relaistest.MustOK(t, f.moderator.Handle(ctx, f.comment(t, "c-kind", "Merci pour ce beau moment")))
	f.comment(t, "c-new", "Pas encore modéré")
	tests := []struct {
		name string
		id   string
		do   moderation.Override
		code string
	}{
		{"a comment that is not hidden", "c-kind", moderation.OverrideUnhide, relais.ECONFLICT},
		{"a comment not moderated yet", "c-new", moderation.OverrideHide, relais.ECONFLICT},
		{"a comment that does not exist", "c-none", moderation.OverrideHide, relais.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.moderator.Override(ctx, "acme", relais.Sandbox, tt.id, tt.do, "max")
			if got := relais.ErrorCode(err); got != tt.code {
				t.Errorf("got %s (%v), want %s", got, err, tt.code)
			}
		})
	}
	// Two people overriding from the same decision: the second is told.
	d, err := f.store.Decision(ctx, "acme", relais.Sandbox, "c-kind")
	relaistest.MustOK(t, err)
	d.Action = relais.ActionReview
	relaistest.MustOK(t, f.store.OverrideDecision(ctx, d, relais.ActionAllow, "max"))
	d.Action = relais.ActionHide
	if err := f.store.OverrideDecision(ctx, d, relais.ActionAllow, "gus"); relais.ErrorCode(err) != relais.ECONFLICT {
		t.Errorf("a second override from a stale decision: got %v, want a conflict", err)
	}
}
