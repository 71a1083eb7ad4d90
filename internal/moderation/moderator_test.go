package moderation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	now      = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	settings = config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
)

// token is acme-page's access token; nothing Relais logs may contain it.
const token = "tok-acme-5c2e8a"

// bus is a fake bus. PutFn, when set, runs first and may refuse the
// events; the events it accepts are recorded.
type bus struct {
	PutFn func(ctx context.Context, events ...relais.Event) error

	mu     sync.Mutex
	events []relais.Event
}

func (b *bus) Put(ctx context.Context, events ...relais.Event) error {
	if b.PutFn != nil {
		if err := b.PutFn(ctx, events...); err != nil {
			return err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, events...)
	return nil
}

// Events returns the events put so far.
func (b *bus) Events() []relais.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]relais.Event(nil), b.events...)
}

// parameters is a fake parameter store.
type parameters map[string]string

func (p parameters) Get(_ context.Context, name string) (string, error) {
	v, ok := p[name]
	if !ok {
		return "", relais.Errorf(relais.ENOTFOUND, "parameter %s not found", name)
	}
	return v, nil
}

// logBuffer collects logs written from many goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// fixture is a moderator on a fresh table holding client acme and its
// account acme-page, acting through the networks adapter on a real
// sandbox network served over HTTP.
type fixture struct {
	store     *dynamo.Store
	bus       *bus
	network   *sandbox.Network
	moderator *moderation.Moderator
	logs      *logBuffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := dynamotest.Client(t)
	name := dynamotest.TableName()
	mustOK(t, dynamo.CreateTable(ctx, db, name))
	s := dynamo.New(db, name)
	s.Now = func() time.Time { return now }
	mustOK(t, s.CreateClient(ctx, relais.Client{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Acme"}}))
	a := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	mustOK(t, s.ConnectAccount(ctx, a))

	// The network announces each comment to a receiver that only says
	// yes: these tests store the interaction themselves.
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	t.Cleanup(receiver.Close)
	network := sandbox.NewNetwork(receiver.URL, []byte("whsec-test"))
	network.Now = func() time.Time { return now }
	network.RegisterAccount(a.ID, token)
	srv := httptest.NewServer(network)
	t.Cleanup(srv.Close)

	f := &fixture{store: s, bus: &bus{}, network: network, logs: &logBuffer{}}
	log := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	params := parameters{settings.AccountTokenParameter(a): token}
	f.moderator = moderation.New(s, f.bus, params, networks.New(srv.URL).Moderators, settings, log)
	f.moderator.Now = func() time.Time { return now }
	return f
}

func mustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// comment has someone write text on acme-page's first post, on the
// network and in the store as the webhook would have stored it, and
// returns the Interaction Received event that announces it.
func (f *fixture) comment(t *testing.T, id, text string) events.EventBridgeEvent {
	t.Helper()
	ctx := context.Background()
	c := sandbox.Comment{Account: "acme-page", ID: id, PostID: "acme-page_1", AuthorID: "u-42", AuthorName: "Camille", Text: text}
	_, err := f.network.SendComment(ctx, c)
	mustOK(t, err)
	in := relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: id, PostID: "acme-page_1",
		Kind: relais.KindComment, Author: relais.Author{ID: "u-42", Name: "Camille"}, Text: text,
		CreatedAt: now, ReceivedAt: now,
	}
	_, created, err := f.store.SaveInteraction(ctx, in, "Europe/Paris")
	mustOK(t, err)
	if !created {
		t.Fatalf("interaction %s was already stored", id)
	}
	detail, err := json.Marshal(relais.InteractionReceived{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page",
		InteractionID: id, Kind: relais.KindComment, ReceivedAt: now,
	})
	mustOK(t, err)
	return events.EventBridgeEvent{
		Version: "0", ID: "ev-" + id, DetailType: relais.DetailInteractionReceived,
		Source: relais.EventSource, AccountID: "000000000000", Time: now, Region: "eu-west-3",
		Detail: detail,
	}
}

// hides returns how many hide actions the network carried out on id.
func (f *fixture) hides(id string) int {
	n := 0
	for _, a := range f.network.Actions() {
		if a.Kind == sandbox.ActionHide && a.CommentID == id {
			n++
		}
	}
	return n
}

// counts returns acme's counters on the day of now.
func (f *fixture) counts(t *testing.T) map[string]int64 {
	t.Helper()
	days, err := f.store.Counters(context.Background(), "acme", "2026-11-22", "2026-11-22")
	mustOK(t, err)
	out := map[string]int64{}
	for _, d := range days {
		for k, v := range d.Counts {
			out[k] += v
		}
	}
	return out
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
	mustOK(t, err)
	if got, want := d.Action, action; got != want {
		t.Errorf("decision: got %s, want %s", got, want)
	}
	if got, want := d.Applied, hidden; got != want {
		t.Errorf("decision applied: got %v, want %v", got, want)
	}
	if got, want := d.Score.Labels, labels; !equal(got, want) {
		t.Errorf("decision labels: got %q, want %q", got, want)
	}
	entry, err := f.store.Interaction(ctx, "acme", relais.Sandbox, id)
	mustOK(t, err)
	if got, want := entry.Action, action; got != want {
		t.Errorf("inbox action: got %s, want %s", got, want)
	}
	if got, want := entry.Applied, hidden; got != want {
		t.Errorf("inbox applied: got %v, want %v", got, want)
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
		!equal(got[0].Labels, want.Labels) || got[0].Applied != want.Applied {
		t.Errorf("Interaction Moderated events: got %+v, want [%+v]", got, want)
	}
	counters := map[relais.Action]string{
		relais.ActionHide: relais.CountHidden, relais.ActionReview: relais.CountReview, relais.ActionAllow: relais.CountAllowed,
	}
	counts := f.counts(t)
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
		{"French insult", "Vous êtes des escrocs", relais.ActionHide, []string{"insult"}, true},
		{"English insult", "Acme, you are all idiots", relais.ActionHide, []string{"insult"}, true},
		{"link", "Des promos sur www.promos-folles.example", relais.ActionReview, []string{"spam"}, false},
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
	f.network.FailNext(1, sandbox.Fail5xx)

	if err := f.moderator.Handle(ctx, ev); err == nil {
		t.Fatalf("first handling: got nil error, want one so that the bus retries")
	}
	d, err := f.store.Decision(ctx, "acme", relais.Sandbox, "c1")
	mustOK(t, err)
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
	fails := 1
	f.bus.PutFn = func(context.Context, ...relais.Event) error {
		if fails > 0 {
			fails--
			return errors.New("eventbridge: put events: service unavailable")
		}
		return nil
	}

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
