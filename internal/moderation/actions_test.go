package moderation_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// actions counts what the network did, by kind, on comment id.
func (f *fixture) actions(id string) map[sandboxfake.ActionKind]int {
	return relaistest.ActionsOn(f.network, id)
}

// TestRulesDecideTheAction: the client's rules turn a category's action
// into a delete or a saved reply; each is carried out once however often
// the event comes, and a private message is never answered in public.
func TestRulesDecideTheAction(t *testing.T) {
	const rules = "actions:\n  scam: delete\n  complaint: reply\nreplies:\n  fr: Bonjour, écrivez-nous en privé avec votre numéro de commande.\n"
	tests := []struct {
		name       string
		text       string
		private    bool
		wantAction relais.Action
		want       map[sandboxfake.ActionKind]int
		wantCount  string
	}{
		{"scam deleted", "Gagnez 500 euros par jour en crypto, écrivez-moi sur WhatsApp", false, relais.ActionDelete,
			map[sandboxfake.ActionKind]int{sandboxfake.ActionDelete: 1}, relais.CountDeleted},
		{"complaint answered", "3 semaines que j'attends mon colis, service client inexistant", false, relais.ActionReview,
			map[sandboxfake.ActionKind]int{sandboxfake.ActionReply: 1}, relais.CountReplied},
		{"private complaint not answered in public", "3 semaines que j'attends mon colis, service client inexistant", true, relais.ActionReview,
			map[sandboxfake.ActionKind]int{}, relais.CountReview},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			f := newFixture(t)
			relaistest.MustOK(t, f.store.SetRules(ctx, "acme", rules))
			ev := f.commentAs(t, "c1", tt.text, tt.private)
			for range 2 {
				relaistest.MustOK(t, f.moderator.Handle(ctx, ev))
			}
			d, err := f.store.Decision(ctx, "acme", relais.Sandbox, "c1")
			relaistest.MustOK(t, err)
			if d.Action != tt.wantAction {
				t.Errorf("action: got %s, want %s", d.Action, tt.wantAction)
			}
			got := f.actions("c1")
			if len(got) != len(tt.want) {
				t.Errorf("network actions: got %v, want %v", got, tt.want)
			}
			for k, n := range tt.want {
				if got[k] != n {
					t.Errorf("network %s actions: got %d, want %d", k, got[k], n)
				}
			}
			if n := relaistest.Counts(t, f.store, "acme", "2026-11-22")[tt.wantCount]; n != 1 {
				t.Errorf("counter %s: got %d, want 1", tt.wantCount, n)
			}
		})
	}
}

// TestCrisis: a burst of insults far over a quiet client's baseline raises
// Crisis Suspected once, with its evidence, and holds the client's posts
// when its rules say so.
func TestCrisis(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	relaistest.MustOK(t, f.store.SetRules(ctx, "acme", "crisis:\n  window_minutes: 15\n  min_count: 5\n  factor: 3\n  pause_posts: true\n"))
	at := now.Add(48 * time.Hour)
	post := relais.Post{ID: "p1", ClientID: "acme", Account: relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"},
		Text: "Nouvelle recette !", LocalTime: "2026-11-24T11:00:00", TimeZone: "Europe/Paris", ScheduledAt: at, Status: relais.StatusScheduled}
	relaistest.MustOK(t, f.store.CreatePost(ctx, post, "test", "created"))
	for i := range 7 {
		f.moderator.Now = func() time.Time { return now.Add(time.Duration(i) * time.Minute) }
		ev := f.comment(t, fmt.Sprintf("c%d", i), "Vos croissants sont immondes, bande de crétins")
		relaistest.MustOK(t, f.moderator.Handle(ctx, ev))
	}
	var crises []relais.CrisisSuspected
	for _, e := range f.bus.Events() {
		if c, ok := e.(relais.CrisisSuspected); ok {
			crises = append(crises, c)
		}
	}
	if len(crises) != 1 {
		t.Fatalf("Crisis Suspected events: got %d, want 1", len(crises))
	}
	c := crises[0]
	if c.Negative < 5 || c.Interactions < c.Negative || len(c.Samples) == 0 || !c.PausedPosts || len(c.TopTerms) == 0 {
		t.Errorf("crisis evidence: got %+v", c)
	}
	held, err := f.store.Post(ctx, "acme", "p1")
	relaistest.MustOK(t, err)
	if held.Status != relais.StatusPaused {
		t.Errorf("scheduled post: got %s, want paused", held.Status)
	}
	if n := relaistest.Counts(t, f.store, "acme", "2026-11-22")[relais.CountCrisisAlerts]; n != 1 {
		t.Errorf("crisis alerts counted: got %d, want 1", n)
	}
	// The hidden insults are kept as the reports' examples, with the words
	// to mask as they were written.
	examples, err := f.store.ModerationExamples(ctx, "acme", "2026-11-22", "2026-11-22")
	relaistest.MustOK(t, err)
	if len(examples) == 0 || !slices.Contains(examples[0].Flagged, "crétins") {
		t.Errorf("moderation examples: got %+v, want the insults with \"crétins\" flagged", examples)
	}
}
