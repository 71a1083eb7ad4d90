package moderation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	now      = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	settings = config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
)

// token is acme-page's access token; nothing Relais logs may contain it.
const token = relaistest.AcmeToken

// fixture is a moderator on a fresh table holding client acme and its
// account acme-page, acting through the networks adapter on a real
// sandbox network served over HTTP.
type fixture struct {
	store     *dynamo.Store
	bus       *relaistest.Bus
	network   *sandboxfake.Network
	moderator *moderation.Moderator
	logs      *relaistest.LogBuffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	acme := relaistest.NewAcme(t, now, settings)
	f := &fixture{store: acme.Store, bus: &relaistest.Bus{}, network: acme.Network, logs: &relaistest.LogBuffer{}}
	f.moderator = moderation.New(acme.Store, f.bus, acme.Params, networks.New(networks.URLs{string(relais.Sandbox): acme.URL}, networks.DefaultTimeout), settings, f.logs.Logger())
	f.moderator.Now = func() time.Time { return now }
	return f
}

// comment has someone write text on acme-page's first post, on the
// network and in the store as the webhook would have stored it, and
// returns the Interaction Received event that announces it.
func (f *fixture) comment(t *testing.T, id, text string) events.EventBridgeEvent {
	t.Helper()
	return f.commentAs(t, id, text, false)
}

// commentAs is comment, as a private message when private is true.
func (f *fixture) commentAs(t *testing.T, id, text string, private bool) events.EventBridgeEvent {
	t.Helper()
	ctx := context.Background()
	c := sandboxfake.Comment{Account: "acme-page", ID: id, PostID: "acme-page_1", AuthorID: "u-42", AuthorName: "Camille", Text: text}
	_, err := f.network.SendComment(ctx, c)
	relaistest.MustOK(t, err)
	return relaistest.Ingested(t, f.store, relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: id, PostID: "acme-page_1",
		Kind: relais.KindComment, Author: relais.Author{ID: "u-42", Name: "Camille"}, Text: text,
		CreatedAt: now, ReceivedAt: now, Private: private,
	})
}

// hides returns how many hide actions the network carried out on id.
func (f *fixture) hides(id string) int {
	n := 0
	for _, a := range f.network.Actions() {
		if a.Kind == sandboxfake.ActionHide && a.CommentID == id {
			n++
		}
	}
	return n
}

// moderated returns the Interaction Moderated events put so far.
func (f *fixture) moderated() []relais.InteractionModerated {
	var out []relais.InteractionModerated
	for _, e := range f.bus.Events() {
		if e, ok := e.(relais.InteractionModerated); ok {
			out = append(out, e)
		}
	}
	return out
}

// check compares the decision, the inbox entry, the network, the events
// and the counters with what one moderation of comment id should leave.
func (f *fixture) check(t *testing.T, id string, action relais.Action, labels []string, hidden bool) {
	t.Helper()
	ctx := context.Background()
	d, err := f.store.Decision(ctx, "acme", relais.Sandbox, id)
	relaistest.MustOK(t, err)
	if got, want := d.Score.Labels, labels; !slices.Equal(got, want) {
		t.Errorf("decision labels: got %q, want %q", got, want)
	}
	entry, err := f.store.Interaction(ctx, "acme", relais.Sandbox, id)
	relaistest.MustOK(t, err)
	// The decision and the inbox entry must agree on the outcome.
	for _, r := range []struct {
		what    string
		action  relais.Action
		applied bool
	}{
		{"decision", d.Action, d.Applied},
		{"inbox", entry.Action, entry.Applied},
	} {
		if r.action != action {
			t.Errorf("%s action: got %s, want %s", r.what, r.action, action)
		}
		if r.applied != hidden {
			t.Errorf("%s applied: got %v, want %v", r.what, r.applied, hidden)
		}
	}
	c, ok := f.network.Comment(id)
	if !ok {
		t.Fatalf("the network does not know comment %s", id)
	}
	if got, want := c.Hidden, hidden; got != want {
		t.Errorf("hidden on the network: got %v, want %v", got, want)
	}
	wantHides := 0
	if hidden {
		wantHides = 1
	}
	if got, want := f.hides(id), wantHides; got != want {
		t.Errorf("hide actions on the network: got %d, want %d", got, want)
	}
	want := relais.InteractionModerated{ClientID: "acme", Network: relais.Sandbox, InteractionID: id, Action: action, Labels: labels, Applied: hidden}
	got := f.moderated()
	if len(got) != 1 || got[0].ClientID != want.ClientID || got[0].Network != want.Network ||
		got[0].InteractionID != want.InteractionID || got[0].Action != want.Action ||
		!slices.Equal(got[0].Labels, want.Labels) || got[0].Applied != want.Applied {
		t.Errorf("Interaction Moderated events: got %+v, want [%+v]", got, want)
	}
	counters := map[relais.Action]string{
		relais.ActionHide: relais.CountHidden, relais.ActionReview: relais.CountReview, relais.ActionAllow: relais.CountAllowed,
	}
	counts := relaistest.Counts(t, f.store, "acme", "2026-11-22")
	for a, name := range counters {
		wantN := int64(0)
		if a == action {
			wantN = 1
		}
		if got := counts[name]; got != wantN {
			t.Errorf("counter %s: got %d, want %d", name, got, wantN)
		}
	}
	if got, want := counts[relais.CountInteractions], int64(1); got != want {
		t.Errorf("counter %s: got %d, want %d", relais.CountInteractions, got, want)
	}
	if strings.Contains(f.logs.String(), token) {
		t.Errorf("logs contain the token")
	}
}

// TestHandle moderates each comment, then handles the same event again,
// as EventBridge may deliver it twice: nothing is done or counted twice.
func TestHandle(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		wantAction relais.Action
		wantLabels []string
		wantHidden bool
	}{
		{"French insult", "Bande de crétins", relais.ActionHide, []string{"insult"}, true},
		{"English insult", "Acme, you are all idiots", relais.ActionHide, []string{"insult"}, true},
		{"scam", "Gagnez 500 euros par jour en crypto, écrivez-moi sur WhatsApp", relais.ActionHide, []string{"scam"}, true},
		{"harsh complaint", "3 semaines que j'attends mon colis, service client inexistant", relais.ActionReview, []string{"complaint", "needs_reply"}, false},
		{"neutral", "Merci pour la livraison rapide", relais.ActionAllow, []string{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ev := f.comment(t, "c1", tt.text)
			for i := range 2 {
				if err := f.moderator.Handle(context.Background(), ev); err != nil {
					t.Fatalf("handling %d: %v", i+1, err)
				}
				f.check(t, "c1", tt.wantAction, tt.wantLabels, tt.wantHidden)
			}
		})
	}
}

// TestRetryAfterFailedHide: the network fails the hide; the bus's retry
// finishes the job and counts the decision once.
func TestRetryAfterFailedHide(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ev := f.comment(t, "c1", "Bande de crétins")
	f.network.FailNext(1, sandboxfake.Fail5xx)

	if err := f.moderator.Handle(ctx, ev); err == nil {
		t.Fatalf("first handling: got nil error, want one so that the bus retries")
	}
	d, err := f.store.Decision(ctx, "acme", relais.Sandbox, "c1")
	relaistest.MustOK(t, err)
	if got, want := d.Applied, false; got != want {
		t.Errorf("after the failed hide: applied: got %v, want %v", got, want)
	}
	if got, want := len(f.moderated()), 0; got != want {
		t.Errorf("after the failed hide: events: got %d, want %d", got, want)
	}

	if err := f.moderator.Handle(ctx, ev); err != nil {
		t.Fatalf("retry: %v", err)
	}
	f.check(t, "c1", relais.ActionHide, []string{"insult"}, true)
}

// TestRetryAfterBusFailure: the comment is hidden, but Interaction
// Moderated cannot be put on the bus, and Handle returns the error so that
// EventBridge retries. The retry must put the event.
func TestRetryAfterBusFailure(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ev := f.comment(t, "c1", "Bande de crétins")
	f.bus.FailNext(1)

	if err := f.moderator.Handle(ctx, ev); err == nil {
		t.Fatalf("first handling: got nil error, want one so that the bus retries")
	}
	if err := f.moderator.Handle(ctx, ev); err != nil {
		t.Fatalf("retry: %v", err)
	}
	f.check(t, "c1", relais.ActionHide, []string{"insult"}, true)
}

func TestHandleRefuses(t *testing.T) {
	tests := []struct {
		name string
		edit func(ev *events.EventBridgeEvent)
	}{
		{"another detail type", func(ev *events.EventBridgeEvent) { ev.DetailType = relais.DetailPostPublished }},
		{"detail that is not JSON", func(ev *events.EventBridgeEvent) { ev.Detail = json.RawMessage(`"c1`) }},
		{"interaction not stored", func(ev *events.EventBridgeEvent) {
			ev.Detail = bytes.Replace(ev.Detail, []byte(`"c1"`), []byte(`"c404"`), 1)
		}},
		{"unknown client", func(ev *events.EventBridgeEvent) {
			ev.Detail = bytes.Replace(ev.Detail, []byte(`"acme"`), []byte(`"globex"`), 1)
		}},
	}
	f := newFixture(t)
	base := f.comment(t, "c1", "Vous êtes des escrocs")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := base
			ev.Detail = append(json.RawMessage(nil), base.Detail...)
			tt.edit(&ev)
			if err := f.moderator.Handle(context.Background(), ev); err == nil {
				t.Errorf("got nil error, want one")
			}
		})
	}
	if _, err := f.store.Decision(context.Background(), "acme", relais.Sandbox, "c1"); relais.ErrorCode(err) != relais.ENOTFOUND {
		t.Errorf("decision: got error %v, want none recorded", err)
	}
	if got, want := f.hides("c1"), 0; got != want {
		t.Errorf("hide actions: got %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 0; got != want {
		t.Errorf("events: got %d, want %d", got, want)
	}
}

// TestSweep: an interaction whose event never came is moderated by the
// sweep once it has waited long enough, and only once.
func TestSweep(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.comment(t, "c1", "Bande de crétins")

	steps := []struct {
		name   string
		at     time.Time
		wantOK bool
	}{
		{"before the bus could have delivered", now.Add(time.Minute), false},
		{"after", now.Add(moderation.Unannounced + time.Second), true},
		{"next sweep", now.Add(moderation.Unannounced + 5*time.Minute), true},
	}
	for _, s := range steps {
		f.moderator.Now = func() time.Time { return s.at }
		relaistest.MustOK(t, f.moderator.Run(ctx, moderation.Input{SweepInput: relais.SweepInput{Sweep: true}}))
		_, err := f.store.Decision(ctx, "acme", relais.Sandbox, "c1")
		if got, want := err == nil, s.wantOK; got != want {
			t.Errorf("%s: decided: got %v, want %v (%v)", s.name, got, want, err)
		}
	}
	f.check(t, "c1", relais.ActionHide, []string{"insult"}, true)
}

// TestEditedTextIsModeratedAgain: a clean comment edited into an insult
// gets a decision of its own and is hidden.
func TestEditedTextIsModeratedAgain(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	ev := f.comment(t, "c1", "Merci pour la livraison")
	relaistest.MustOK(t, f.moderator.Handle(ctx, ev))
	edit := relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: "c1", PostID: "acme-page_1",
		Kind: relais.KindEdit, Text: "Bande de crétins", ReceivedAt: now.Add(time.Minute),
	}
	outcomes, err := f.store.Ingest(ctx, []relais.Interaction{edit}, map[string]string{"acme": "Europe/Paris"})
	relaistest.MustOK(t, err)
	if got, want := outcomes[0], dynamo.Updated; got != want {
		t.Fatalf("edit: got outcome %v, want %v", got, want)
	}
	for range 2 {
		relaistest.MustOK(t, f.moderator.Handle(ctx, ev))
	}
	d, err := f.store.Decision(ctx, "acme", relais.Sandbox, "c1")
	relaistest.MustOK(t, err)
	if got, want := d.Action, relais.ActionHide; got != want {
		t.Errorf("decision after the edit: got %s, want %s", got, want)
	}
	if got, want := f.hides("c1"), 1; got != want {
		t.Errorf("hides: got %d, want %d", got, want)
	}
}
