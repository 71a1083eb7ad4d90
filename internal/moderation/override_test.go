package moderation_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
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
		wantNetwork map[sandboxfake.ActionKind]int
	}{
		{moderation.OverrideUnhide, relais.ActionReview, false, map[sandboxfake.ActionKind]int{sandboxfake.ActionHide: 1, sandboxfake.ActionUnhide: 1}},
		{moderation.OverrideAllow, relais.ActionAllow, false, map[sandboxfake.ActionKind]int{sandboxfake.ActionHide: 1, sandboxfake.ActionUnhide: 1}},
		{moderation.OverrideHide, relais.ActionHide, true, map[sandboxfake.ActionKind]int{sandboxfake.ActionHide: 2, sandboxfake.ActionUnhide: 1}},
		// Hidden already: nothing more is done.
		{moderation.OverrideHide, relais.ActionHide, true, map[sandboxfake.ActionKind]int{sandboxfake.ActionHide: 2, sandboxfake.ActionUnhide: 1}},
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
	relaistest.MustOK(t, f.store.OverrideDecision(ctx, d, relais.ActionAllow, "max", relais.Correction{}))
	d.Action = relais.ActionHide
	if err := f.store.OverrideDecision(ctx, d, relais.ActionAllow, "gus", relais.Correction{}); relais.ErrorCode(err) != relais.ECONFLICT {
		t.Errorf("a second override from a stale decision: got %v, want a conflict", err)
	}
}

// TestOverrideTeaches: a person's override becomes the client's
// correction, and a later comment that reads the same follows it, with
// the correction as its first reason; a different comment does not.
func TestOverrideTeaches(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	tests := []struct {
		name   string
		first  string
		do     moderation.Override
		again  string
		want   relais.Action
		unlike string
	}{
		{"shown again", "Bande de connards", moderation.OverrideAllow,
			"BANDE de c0nnaaards !!! 😡", relais.ActionAllow, "Bande de connards, vraiment"},
		{"hidden", "Le magasin d'en face fait la même chose moins cher", moderation.OverrideHide,
			"le magasin d en face fait la meme chose MOINS CHER !!", relais.ActionHide, "Le magasin d'en face est fermé"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := func(s string) string { return fmt.Sprintf("c-%d-%s", i, s) }
			relaistest.MustOK(t, f.moderator.Handle(ctx, f.comment(t, id("first"), tt.first)))
			if tt.do == moderation.OverrideAllow {
				_, err := f.moderator.Override(ctx, "acme", relais.Sandbox, id("first"), moderation.OverrideUnhide, "max")
				relaistest.MustOK(t, err)
			}
			_, err := f.moderator.Override(ctx, "acme", relais.Sandbox, id("first"), tt.do, "max")
			relaistest.MustOK(t, err)
			relaistest.MustOK(t, f.moderator.Handle(ctx, f.comment(t, id("again"), tt.again)))
			relaistest.MustOK(t, f.moderator.Handle(ctx, f.comment(t, id("unlike"), tt.unlike)))
			d, err := f.store.Decision(ctx, "acme", relais.Sandbox, id("again"))
			relaistest.MustOK(t, err)
			if d.Action != tt.want || len(d.Score.Reasons) == 0 || !strings.HasPrefix(d.Score.Reasons[0], "correction: max chose") {
				t.Errorf("again: got %s %q, want %s first for max's correction", d.Action, d.Score.Reasons, tt.want)
			}
			d, err = f.store.Decision(ctx, "acme", relais.Sandbox, id("unlike"))
			relaistest.MustOK(t, err)
			if slices.ContainsFunc(d.Score.Reasons, func(r string) bool { return strings.HasPrefix(r, "correction:") }) {
				t.Errorf("unlike: got %s %q, want the scorer's own decision", d.Action, d.Score.Reasons)
			}
		})
	}
	// The corrections are the client's alone.
	all, err := f.store.Corrections(ctx, "acme")
	relaistest.MustOK(t, err)
	if len(all) != 2 {
		t.Fatalf("got %d corrections, want 2", len(all))
	}
	if _, found, err := f.store.Correction(ctx, "other", all[0].Key); err != nil || found {
		t.Errorf("another client's read: found %v (%v), want nothing", found, err)
	}
}
