package inbox_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// TestAnswer: a person answers a complaint once; the same answer sent
// again (a double click, a retried call) finds the first and sends
// nothing more.
func TestAnswer(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.comment(t, "c-late", "Ma commande n'est toujours pas arrivée")
	text := "Désolés Camille, nous regardons votre commande tout de suite."
	for range 2 {
		a, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-late", Text: text, By: "max"})
		relaistest.MustOK(t, err)
		if a.State != relais.AnswerSent || a.NetworkID == "" || a.By != "max" || a.Text != text {
			t.Errorf("got %+v, want sent by max with a network id", a)
		}
	}
	if got := f.actions("c-late")[sandboxfake.ActionReply]; got != 1 {
		t.Errorf("the network got %d replies, want 1", got)
	}
	answers, err := f.store.Answers(ctx, "acme", relais.Sandbox, "c-late")
	relaistest.MustOK(t, err)
	if len(answers) != 1 || answers[0].State != relais.AnswerSent {
		t.Errorf("recorded answers %+v, want the one sent", answers)
	}
	if got := relaistest.Counts(t, f.store, "acme", "2026-11-22")[relais.CountReplied]; got != 1 {
		t.Errorf("replies counted %d, want 1", got)
	}
}

// TestAnswerGuards: an answer passes the guards a post passes; what a
// person may accept goes out once accepted, the rest never does, and
// nothing reaches the network before.
func TestAnswerGuards(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	relaistest.MustOK(t, f.store.CreateClient(ctx, relais.Client{ID: "globex", Name: "Globex", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Globex"}}))
	f.comment(t, "c-ask", "Vous livrez à Lyon ?")
	f.commentAs(t, "c-dm", "Bonjour, une question privée", true)
	tests := []struct {
		name   string
		id     string
		text   string
		accept []relais.Guard
		want   []relais.Guard
	}{
		{"private data", "c-ask", "Appelez-nous au 01 23 45 67 89", nil, []relais.Guard{relais.GuardPrivateData}},
		{"another client's brand", "c-ask", "Moins cher que Globex !", nil, []relais.Guard{relais.GuardBrand}},
		{"toxic", "c-ask", "Quelle question d'abruti", nil, []relais.Guard{relais.GuardToxic}},
		{"toxic, accepted", "c-ask", "Quelle question d'abruti", []relais.Guard{relais.GuardToxic}, []relais.Guard{relais.GuardToxic}},
		{"empty", "c-ask", "  ", nil, []relais.Guard{relais.GuardLimit}},
		{"a private message in public", "c-dm", "Bonjour !", nil, []relais.Guard{relais.GuardLimit}},
		{"private data, accepted", "c-ask", "Appelez-nous au 01 23 45 67 89", []relais.Guard{relais.GuardPrivateData}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.actions(tt.id)[sandboxfake.ActionReply]
			_, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: tt.id, Text: tt.text, Accept: tt.accept, By: "max"})
			var got []relais.Guard
			if r, ok := err.(*relais.Refused); ok {
				for _, fd := range r.Findings {
					got = append(got, fd.Guard)
				}
			} else if err != nil {
				t.Fatalf("got %v, want findings %v", err, tt.want)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got findings %v, want %v", got, tt.want)
			}
			sent := f.actions(tt.id)[sandboxfake.ActionReply] - before
			if want := map[bool]int{true: 1, false: 0}[len(tt.want) == 0]; sent != want {
				t.Errorf("the network got %d replies, want %d", sent, want)
			}
		})
	}
}

// TestAnswerFailures: a call that did not reach the network gives the
// answer back to be sent again; one that may have gone out is recorded as
// unknown and never sent again; a removed or unknown interaction is not
// answered.
func TestAnswerFailures(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.comment(t, "c-1", "Vous ouvrez dimanche ?")
	f.comment(t, "c-2", "Et le lundi ?")

	// A 429 says the network did not act.
	f.network.FailNext(1, sandboxfake.RateLimit)
	_, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1", Text: "Oui, de 10 h à 13 h.", By: "max"})
	if relais.ErrorCode(err) != relais.ECONFLICT {
		t.Fatalf("a 429: got %v, want a conflict saying nothing was sent", err)
	}
	a, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1", Text: "Oui, de 10 h à 13 h.", By: "max"})
	relaistest.MustOK(t, err)
	if a.State != relais.AnswerSent || f.actions("c-1")[sandboxfake.ActionReply] != 1 {
		t.Errorf("after a 429 the answer went out %d times, state %s; want once, sent", f.actions("c-1")[sandboxfake.ActionReply], a.State)
	}

	// A 503 after the request went out leaves it unknown too.
	f.comment(t, "c-3", "Et le mardi ?")
	f.network.FailNext(1, sandboxfake.Fail5xx)
	if _, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-3", Text: "Ouvert le mardi.", By: "max"}); relais.ErrorCode(err) != relais.ECONFLICT {
		t.Fatalf("a 503: got %v, want a conflict", err)
	}
	if a, _ := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-3", Text: "Ouvert le mardi.", By: "max"}); a.State != relais.AnswerUnknown {
		t.Errorf("after a 503: got %s, want unknown", a.State)
	}

	// The network takes the reply and its answer is lost.
	f.network.FailNext(1, sandboxfake.TimeoutAfterPost)
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	_, err = f.inbox.Answer(short, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-2", Text: "Fermé le lundi.", By: "max"})
	if relais.ErrorCode(err) != relais.ECONFLICT {
		t.Fatalf("a lost answer: got %v, want a conflict", err)
	}
	a, err = f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-2", Text: "Fermé le lundi.", By: "max"})
	if relais.ErrorCode(err) != relais.ECONFLICT || a.State != relais.AnswerUnknown {
		t.Errorf("the same answer again: got %s, %v; want unknown and a conflict", a.State, err)
	}
	if got := f.actions("c-2")[sandboxfake.ActionReply]; got != 1 {
		t.Errorf("the network got %d replies, want 1", got)
	}

	_, err = f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-none", Text: "Bonjour", By: "max"})
	if relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("an unknown interaction: got %v, want not found", err)
	}
}
