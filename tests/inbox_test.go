package tests

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// TestInboxThreads walks a complaint and a private message from their
// webhooks, each delivered twice, to their threads, due by the client's
// service targets: the complaint nobody answers raises Reply Overdue
// before it is due, the message answered in private raises nothing, and
// the customer's next message reopens its thread.
func TestInboxThreads(t *testing.T) {
	ctx := context.Background()
	paris, _ := time.LoadLocation("Europe/Paris")
	start := time.Date(2026, 11, 23, 10, 0, 0, 0, paris) // a Monday
	clock := localaws.NewManualClock(start)
	st := stack(t, clock)
	// The sandbox dates its comments and windows by the stack's clock.
	st.Sandbox.Now = clock.Now
	st.AWS.Faults().SetDuplicateDeliveries(true)
	acme := relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone}
	must(t, st.Store.CreateClient(ctx, acme))
	var targets []relais.ServiceTarget
	for _, s := range []string{"complaint 1h mon-fri 09:00-18:00", "message 4h"} {
		target, err := relais.ParseServiceTarget(s)
		must(t, err)
		targets = append(targets, target)
	}
	must(t, st.Store.SetTargets(ctx, "acme", targets))
	account := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(account), "tok-acme"))
	must(t, st.Store.ConnectAccount(ctx, account))

	_, err := st.Sandbox.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: "c-colis", PostID: "acme-page_1", AuthorID: "u-1", AuthorName: "Julie",
		Text: "3 semaines que j'attends mon colis, service client inexistant"})
	must(t, err)
	dm, err := st.Sandbox.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", AuthorID: "u-2", AuthorName: "Marie", Text: "Bonjour, ma commande 1234 ?"})
	must(t, err)
	must(t, st.AWS.Drain(ctx))

	threads, err := st.Store.Threads(ctx, "acme", dynamo.ThreadFilter{Status: relais.ThreadOpen})
	must(t, err)
	due := map[string]time.Time{}
	for _, th := range threads {
		due[th.ID] = th.DueAt
	}
	dmThread := "dm-" + dm.Events[0].ConversationID
	if len(threads) != 2 || !due["c-colis"].Equal(start.Add(time.Hour)) || !due[dmThread].Equal(start.Add(4*time.Hour)) {
		t.Fatalf("open threads %+v, want the complaint due in an hour and the message in four", threads)
	}

	answers := inbox.New(st.Store, st.Params, networks.New(st.Networks, networks.DefaultTimeout), st.Settings, slog.New(slog.DiscardHandler))
	answers.Now = clock.Now
	clock.Set(start.Add(30 * time.Minute))
	a, err := answers.Answer(ctx, inbox.Reply{ClientID: "acme", Network: relais.Sandbox, InteractionID: dm.Events[0].MessageID,
		Text: "Elle part demain, Marie.", Private: true, By: "camille"})
	must(t, err)
	if a.State != relais.AnswerSent {
		t.Fatalf("the private answer: %+v", a)
	}

	// Past both checks: one Reply Overdue, for the complaint.
	for _, at := range []time.Duration{50 * time.Minute, 4 * time.Hour} {
		clock.Set(start.Add(at))
		st.AWS.RunDue(ctx)
		must(t, st.AWS.Drain(ctx))
	}
	var overdue []relais.ReplyOverdue
	for _, ev := range st.AWS.Notifications() {
		if ev.DetailType != relais.DetailReplyOverdue {
			continue
		}
		var o relais.ReplyOverdue
		must(t, json.Unmarshal(ev.Detail, &o))
		overdue = append(overdue, o)
	}
	if len(overdue) != 1 || overdue[0].ThreadID != "c-colis" || !overdue[0].DueAt.Equal(start.Add(time.Hour)) {
		t.Errorf("Reply Overdue %+v, want one, for the complaint due at %v", overdue, start.Add(time.Hour))
	}

	th, entries, err := st.Store.Thread(ctx, "acme", relais.Sandbox, dmThread)
	must(t, err)
	if th.Status != relais.ThreadPending || len(entries) != 2 || !th.FirstResponse.Equal(start.Add(30*time.Minute)) {
		t.Errorf("the answered message's thread: %+v with %d entries, want pending, answered at 10:30", th, len(entries))
	}
	_, err = st.Sandbox.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", AuthorID: "u-2", AuthorName: "Marie", Text: "Merci !"})
	must(t, err)
	must(t, st.AWS.Drain(ctx))
	if th, _, err = st.Store.Thread(ctx, "acme", relais.Sandbox, dmThread); err != nil || th.Status != relais.ThreadOpen {
		t.Errorf("after the customer's new message: %s, %v; want open", th.Status, err)
	}
	day := start.Format("2006-01-02")
	counters, err := st.Store.Counters(ctx, "acme", day, day)
	must(t, err)
	var responses int64
	for _, c := range counters {
		responses += c.Counts[relais.CountResponses]
	}
	if responses != 1 {
		t.Errorf("first responses counted %d, want 1: the answered message", responses)
	}
}
