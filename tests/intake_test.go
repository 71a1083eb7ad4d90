package tests

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// TestPollFeedsTheInbox: the poll schedule reads mentions on Mastodon and
// Bluesky every minute, each once, and they reach moderation like
// webhook deliveries do.
func TestPollFeedsTheInbox(t *testing.T) {
	ctx := context.Background()
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	must(t, st.Store.CreateClient(ctx, relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}))
	st.Fakes.Mastodon.RegisterAccount("acme", "tok-masto")
	st.Fakes.Bluesky.RegisterAccount("acme.bsky.social", "app-pass")
	for _, a := range []struct {
		account relais.Account
		token   string
	}{
		{relais.Account{ClientID: "acme", Network: relais.Mastodon, ID: "acme@mastodon.example"}, "tok-masto"},
		{relais.Account{ClientID: "acme", Network: relais.Bluesky, ID: "acme.bsky.social"}, "app-pass"},
	} {
		must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(a.account), a.token))
		must(t, st.Store.ConnectAccount(ctx, a.account))
	}
	poll := func() {
		t.Helper()
		clock.Set(clock.Now().Add(time.Minute))
		st.AWS.RunDue(ctx)
		must(t, st.AWS.Drain(ctx))
	}
	poll() // the first poll starts from now
	st.Fakes.Mastodon.Mention("acme", "camille@elsewhere.example", "@acme bande de crétins", "")
	st.Fakes.Bluesky.Mention("acme.bsky.social", "sam.bsky.social", "Great launch @acme.bsky.social!", "")
	poll()
	poll() // nothing new: nothing twice

	inbox, err := st.Store.Inbox(ctx, "acme", dynamo.InboxFilter{})
	must(t, err)
	got := map[relais.Network]dynamo.InboxEntry{}
	for _, e := range inbox {
		if _, twice := got[e.Network]; twice {
			t.Errorf("%s mention stored twice", e.Network)
		}
		got[e.Network] = e
	}
	// Mastodon cannot hide a comment on another's status: the insult goes
	// to a person.
	for n, want := range map[relais.Network]relais.Action{relais.Mastodon: relais.ActionReview, relais.Bluesky: relais.ActionAllow} {
		e, ok := got[n]
		if !ok {
			t.Errorf("%s mention: not in the inbox", n)
			continue
		}
		if e.Kind != relais.KindMention || e.Action != want {
			t.Errorf("%s mention: got kind %s action %q, want mention %q", n, e.Kind, e.Action, want)
		}
	}
}

// TestUnroutedDeliveryIsReplayed: comments for an account no client owns
// yet are kept, acknowledged, and reach the client's inbox once the
// account is connected, each once.
func TestUnroutedDeliveryIsReplayed(t *testing.T) {
	ctx := context.Background()
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	must(t, st.Store.CreateClient(ctx, relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}))
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	for _, id := range []string{"c1", "c2"} {
		_, err := st.Sandbox.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: id, PostID: "acme-page_1", AuthorID: "u-1", Text: "Bonjour " + id})
		must(t, err)
	}
	_, err := st.Sandbox.SendEdit(ctx, "c2", "Bonjour c2, modifié")
	must(t, err)
	inbox, err := st.Store.Inbox(ctx, "acme", dynamo.InboxFilter{})
	must(t, err)
	if len(inbox) != 0 {
		t.Fatalf("inbox before connecting: got %d entries, want none", len(inbox))
	}

	account := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	must(t, st.Store.ConnectAccount(ctx, account))
	for i, want := range []intake.Result{{Created: 2, Updated: 1}, {}} {
		got, err := st.Intake.Replay(ctx, account.Ref())
		must(t, err)
		if got != want {
			t.Errorf("replay %d: got %+v, want %+v", i+1, got, want)
		}
	}
	must(t, st.AWS.Drain(ctx))
	inbox, err = st.Store.Inbox(ctx, "acme", dynamo.InboxFilter{})
	must(t, err)
	texts := map[string]string{}
	for _, e := range inbox {
		texts[e.ID] = e.Text
	}
	want := map[string]string{"c1": "Bonjour c1", "c2": "Bonjour c2, modifié"}
	if len(texts) != len(want) || texts["c1"] != want["c1"] || texts["c2"] != want["c2"] {
		t.Errorf("inbox after replay: got %v, want %v", texts, want)
	}
}

// TestAlertReachesNotifications: a threat the client's rules alert on
// reaches the notifications topic; an ordinary comment does not.
func TestAlertReachesNotifications(t *testing.T) {
	ctx := context.Background()
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	must(t, st.Store.CreateClient(ctx, relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}))
	must(t, st.Store.SetRules(ctx, "acme", "actions:\n  threat: alert\n"))
	st.Sandbox.RegisterAccount("acme-page", "tok-acme")
	account := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(account), "tok-acme"))
	must(t, st.Store.ConnectAccount(ctx, account))
	for _, c := range []sandboxfake.Comment{
		{Account: "acme-page", ID: "c1", PostID: "acme-page_1", AuthorID: "u-1", Text: "I know where you live, watch your back"},
		{Account: "acme-page", ID: "c2", PostID: "acme-page_1", AuthorID: "u-2", Text: "Lovely bread, thank you"},
	} {
		_, err := st.Sandbox.SendComment(ctx, c)
		must(t, err)
	}
	must(t, st.AWS.Drain(ctx))
	var alerted []string
	for _, ev := range st.AWS.Notifications() {
		if ev.DetailType == relais.DetailInteractionModerated {
			var m relais.InteractionModerated
			must(t, json.Unmarshal(ev.Detail, &m))
			alerted = append(alerted, m.InteractionID)
		}
	}
	if len(alerted) != 1 || alerted[0] != "c1" {
		t.Errorf("interactions alerted on: got %v, want [c1]", alerted)
	}
}
