package inbox_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

// TestPrivateAnswers: a message is answered in private within its
// window, with the human-agent tag after a day, and refused once the
// window closed, before any call; a comment takes one private reply; a
// private message is never answered in public.
func TestPrivateAnswers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	reply := func(id, text string, private bool) (relais.Answer, error) {
		return f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: id, Text: text, Private: private, By: "max"})
	}

	fresh := f.dm(t, "Bonjour, ma commande 1234 ?", now.Add(-2*time.Hour))
	f.join(t, fresh)
	a, err := reply(fresh.ID, "Elle part demain, Marie.", true)
	relaistest.MustOK(t, err)
	if a.State != relais.AnswerSent || !a.Private || a.NetworkID == "" {
		t.Errorf("got %+v, want sent in private with a network id", a)
	}
	th, entries, err := f.inbox.Thread(ctx, "acme", relais.Sandbox, relais.ThreadID(fresh))
	relaistest.MustOK(t, err)
	if th.Status != relais.ThreadPending || len(entries) != 2 || entries[1].Kind != relais.EntryAnswer || entries[1].By != "max" || !entries[1].Private {
		t.Errorf("thread %s with %+v, want pending with max's private answer", th.Status, entries)
	}
	if _, err := reply(fresh.ID, "Bonjour !", false); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("a private message answered in public: got %v, want refused", err)
	}

	// A day and more after the customer wrote: a person's tag.
	f2 := newFixture(t)
	older := f2.dm(t, "Vous êtes là ?", now.Add(-30*time.Hour))
	f2.join(t, older)
	_, err = f2.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: older.ID, Text: "Oui, pardon du délai.", Private: true, By: "max"})
	relaistest.MustOK(t, err)
	if got, want := f2.sent(), []string{"message:HUMAN_AGENT"}; !slices.Equal(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}

	// Eight days after: refused with the reason, nothing sent or kept.
	f3 := newFixture(t)
	stale := f3.dm(t, "Allô ?", now.Add(-8*24*time.Hour))
	f3.join(t, stale)
	_, err = f3.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: stale.ID, Text: "Bonjour", Private: true, By: "max"})
	if relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), "window closed at") {
		t.Errorf("an answer after the window: got %v, want refused with when it closed", err)
	}
	if got := f3.sent(); len(got) != 0 {
		t.Errorf("the network got %v, want nothing", got)
	}
	if answers, _ := f3.store.Answers(ctx, "acme", relais.Sandbox, stale.ID); len(answers) != 0 {
		t.Errorf("kept %+v, want no answer", answers)
	}

	// A comment: one private reply.
	c := f.commentAs(t, "c-pr", "Mon colis est abîmé", false)
	f.join(t, c, "complaint", "needs_reply")
	_, err = reply("c-pr", "Écrivez-nous votre numéro de commande ici.", true)
	relaistest.MustOK(t, err)
	if _, err := reply("c-pr", "Autre chose", true); relais.ErrorCode(err) != relais.ECONFLICT {
		t.Errorf("a second private reply: got %v, want a conflict", err)
	}
	if got := f.actions("c-pr"); got["private_reply"] != 1 || got["reply"] != 0 {
		t.Errorf("the network got %v, want one private reply", got)
	}
}

// TestServiceTargets: a complaint starts a wait due by the client's
// target, watched by a check a little before; the check raises Reply
// Overdue while nobody answered, and nothing once answered.
func TestServiceTargets(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	target, err := relais.ParseServiceTarget("complaint 1h")
	relaistest.MustOK(t, err)
	relaistest.MustOK(t, f.store.SetTargets(ctx, "acme", []relais.ServiceTarget{target}))

	praise := f.commentAs(t, "c-ok", "Super boutique", false)
	if th := f.join(t, praise); th.NeedsAnswer || !th.DueAt.IsZero() {
		t.Errorf("praise: %+v, want no wait", th)
	}
	c := f.commentAs(t, "c-late", "Toujours rien reçu, c'est inadmissible", false)
	th := f.join(t, c, "complaint", "needs_reply")
	if !th.DueAt.Equal(now.Add(time.Hour)) || th.Target != "complaint 1h" {
		t.Fatalf("complaint: due %v under %q, want in an hour under complaint 1h", th.DueAt, th.Target)
	}
	// A redelivery asks for the same check again, which Scheduler keeps
	// as one: its name comes from the message it watches.
	f.join(t, c, "complaint", "needs_reply")
	if len(f.schedules.checks) != 2 || f.schedules.checks[0] != f.schedules.checks[1] || !f.schedules.at[0].Equal(now.Add(48*time.Minute)) {
		t.Fatalf("checks %v at %v, want the same one twice, a fifth of the hour before it is due", f.schedules.checks, f.schedules.at)
	}
	check := f.schedules.checks[0]
	// The check delivered twice, the second after the bus failed once:
	// one announcement.
	f.bus.FailNext(1)
	if err := f.inbox.Overdue(ctx, check); err == nil {
		t.Errorf("a check whose event was not put: no error for the retry")
	}
	relaistest.MustOK(t, f.inbox.Overdue(ctx, check))
	relaistest.MustOK(t, f.inbox.Overdue(ctx, check))
	var overdue []relais.ReplyOverdue
	for _, e := range f.bus.Events() {
		if e, ok := e.(relais.ReplyOverdue); ok {
			overdue = append(overdue, e)
		}
	}
	if len(overdue) != 1 || overdue[0].ThreadID != "c-late" || !overdue[0].DueAt.Equal(now.Add(time.Hour)) {
		t.Errorf("events %+v, want Reply Overdue for c-late", overdue)
	}

	_, err = f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-late", Text: "Nous sommes désolés, nous regardons.", By: "max", Status: relais.ThreadDone})
	relaistest.MustOK(t, err)
	relaistest.MustOK(t, f.inbox.Overdue(ctx, check))
	if got := len(f.bus.Events()); got != 1 {
		t.Errorf("after the answer the check put %d events, want none more", got-1)
	}
	th, _, err = f.inbox.Thread(ctx, "acme", relais.Sandbox, "c-late")
	relaistest.MustOK(t, err)
	if th.Status != relais.ThreadDone || !th.AwaitingSince.IsZero() {
		t.Errorf("answered and closed: %+v", th)
	}
	if got := relaistest.Counts(t, f.store, "acme", "2026-11-22")[relais.CountResponses]; got != 1 {
		t.Errorf("first responses counted %d, want 1", got)
	}
}

// TestThreadWork: assignment, tags, notes and status by a person; a
// note never reaches the network.
func TestThreadWork(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.commentAs(t, "c-1", "Vous ouvrez dimanche ?", false)
	f.join(t, c, "needs_reply")
	th, err := f.inbox.Assign(ctx, "acme", relais.Sandbox, "c-1", "camille")
	relaistest.MustOK(t, err)
	if th.Assignee != "camille" {
		t.Errorf("assignee %q, want camille", th.Assignee)
	}
	th, err = f.inbox.Tag(ctx, "acme", relais.Sandbox, "c-1", []string{"Horaires", "horaires", " dimanche "})
	relaistest.MustOK(t, err)
	if want := []string{"horaires", "dimanche"}; !slices.Equal(th.Tags, want) {
		t.Errorf("tags %v, want %v", th.Tags, want)
	}
	if _, err := f.inbox.Tag(ctx, "acme", relais.Sandbox, "c-1", []string{"a,b"}); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("a tag with a comma: got %v", err)
	}
	note, err := f.inbox.Note(ctx, "acme", relais.Sandbox, "c-1", "Voir avec le magasin", "max")
	relaistest.MustOK(t, err)
	if _, err := f.inbox.Note(ctx, "acme", relais.Sandbox, "c-1", " ", "max"); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("an empty note: got %v", err)
	}
	if got := f.actions("c-1"); len(got) != 0 {
		t.Errorf("the network got %v for a note, want nothing", got)
	}
	th, err = f.inbox.SetStatus(ctx, "acme", relais.Sandbox, "c-1", relais.ThreadDone)
	relaistest.MustOK(t, err)
	if th.Status != relais.ThreadDone {
		t.Errorf("status %s, want done", th.Status)
	}
	if _, err := f.inbox.SetStatus(ctx, "acme", relais.Sandbox, "c-1", "closed"); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("an unknown status: got %v", err)
	}
	_, entries, err := f.inbox.Thread(ctx, "acme", relais.Sandbox, "c-1")
	relaistest.MustOK(t, err)
	if len(entries) != 2 || entries[1].ID != note.ID || entries[1].Kind != relais.EntryNote {
		t.Errorf("entries %+v, want the comment and the note", entries)
	}
	// The customer writes again: the thread reopens.
	again := f.commentAs(t, "c-2", "Alors ?", false)
	again.ParentID = "c-1"
	if th := f.join(t, again, "needs_reply"); th.Status != relais.ThreadOpen || th.Last != "c-2" {
		t.Errorf("after the customer's new message: %s, last %s; want open, c-2", th.Status, th.Last)
	}
	owner, err := f.inbox.Owner(ctx, relais.Sandbox, "c-1")
	if err != nil || owner != "acme" {
		t.Errorf("owner %q, %v; want acme", owner, err)
	}
	if _, err := f.inbox.Owner(ctx, relais.Sandbox, "nope"); relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("an unknown thread's owner: got %v", err)
	}
}

// TestSavedReplies: a saved reply goes out in the thread's language with
// the customer's first name and the client's brand.
func TestSavedReplies(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for _, r := range []relais.SavedReply{
		{ClientID: "acme", Name: "delay", Language: "fr", Text: "Bonjour {first_name}, l'équipe {brand} s'en occupe."},
		{ClientID: "acme", Name: "delay", Language: "en", Text: "Hello {first_name}, the {brand} team is on it."},
	} {
		_, err := f.inbox.SaveReply(ctx, r)
		relaistest.MustOK(t, err)
	}
	c := f.commentAs(t, "c-1", "Où est mon colis ?", false)
	_, _, err := f.store.SaveDecision(ctx, relais.Decision{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1",
		Action: relais.ActionReview, Score: relais.Score{Language: "fr"}, DecidedAt: now}, "Europe/Paris")
	relaistest.MustOK(t, err)
	f.join(t, c, "needs_reply")
	a, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1", Saved: "delay", By: "max"})
	relaistest.MustOK(t, err)
	if want := "Bonjour Camille, l'équipe Acme s'en occupe."; a.Text != want {
		t.Errorf("sent %q, want %q", a.Text, want)
	}
	if _, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1", Saved: "nope", By: "max"}); relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("an unknown saved reply: got %v", err)
	}
	if _, err := f.inbox.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c-1", Saved: "delay", Text: "x", By: "max"}); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("text and a saved reply: got %v", err)
	}
}
