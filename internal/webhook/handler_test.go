package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awseventbridge "github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/sdkconfig"
	"github.com/relais-dev/relais/internal/webhook"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	now      = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	settings = config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
	// secret is the sandbox network's webhook secret; no answer or log
	// line may ever contain it.
	secret = "whsec-sandbox-7f3a9c"
	// marker is a comment's text; no answer or log line may contain it.
	marker = "Marker-Text-Que-Personne-Ne-Doit-Voir"
)

// fixture is a handler on a fresh table holding client acme, which owns
// the sandbox account acme-page.
type fixture struct {
	store   *dynamo.Store
	bus     *relaistest.Bus
	handler *webhook.Handler
	logs    *relaistest.LogBuffer
}

func newFixture(t *testing.T, params *relaistest.Parameters) *fixture {
	t.Helper()
	s := relaistest.NewStore(t, now,
		[]relais.Client{{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}},
		relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"})
	f := &fixture{store: s, bus: &relaistest.Bus{}, logs: &relaistest.LogBuffer{}}
	f.handler = webhook.New(intake.New(s, f.bus), params, settings, f.logs.Logger())
	f.handler.Now = func() time.Time { return now }
	return f
}

// withSecret holds the sandbox network's webhook secret.
func withSecret() *relaistest.Parameters {
	return relaistest.NewParameters(map[string]string{settings.SecretParameter(sandbox.Secret): secret})
}

// serve sends r to the handler and checks that the answer and the logs
// leak neither the secret nor the comment.
func (f *fixture) serve(t *testing.T, r *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	for what, text := range map[string]string{"answer": w.Body.String(), "logs": f.logs.String()} {
		for _, leak := range []string{secret, marker} {
			if strings.Contains(text, leak) {
				t.Errorf("%s contain %q: %s", what, leak, text)
			}
		}
	}
	return w
}

// inbox returns acme's stored interactions.
func (f *fixture) inbox(t *testing.T) []dynamo.InboxEntry {
	t.Helper()
	entries, err := f.store.Inbox(context.Background(), "acme", dynamo.InboxFilter{Limit: 100})
	relaistest.MustOK(t, err)
	return entries
}

// count returns acme's counter name summed over the day of now.
func (f *fixture) count(t *testing.T, name string) int64 {
	t.Helper()
	return relaistest.Counts(t, f.store, "acme", "2026-11-22")[name]
}

// comment is an event announcing a new comment on acme-page's first post.
func comment(id, text string) sandbox.Event {
	return sandbox.Event{
		Type: sandbox.EventComment, Verb: sandbox.VerbAdd, CommentID: id,
		PostID: "acme-page_1", ParentID: "acme-page_1",
		From: sandbox.From{ID: "u-42", Name: "Camille"}, Message: text,
		CreatedTime: now.Add(-time.Minute),
	}
}

// body encodes a delivery as the sandbox network sends it.
func body(t *testing.T, id, account string, events ...sandbox.Event) []byte {
	t.Helper()
	b, err := json.Marshal(sandbox.Delivery{DeliveryID: id, Account: account, SentAt: now, Events: events})
	relaistest.MustOK(t, err)
	return b
}

// post is a delivery request to the sandbox webhook, with the signature
// header when signature is not empty.
func post(b []byte, signature string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, webhook.Path+"sandbox", bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	if signature != "" {
		r.Header.Set(sandbox.SignatureHeader, signature)
	}
	return r
}

// signed is a delivery request signed with the network's secret.
func signed(b []byte) *http.Request { return post(b, sandbox.Sign([]byte(secret), b)) }

func TestHandlerAnswers(t *testing.T) {
	valid := func(t *testing.T) []byte { return body(t, "dlv_1", "acme-page", comment("c1", marker)) }
	tests := []struct {
		name       string
		params     *relaistest.Parameters
		request    func(t *testing.T) *http.Request
		wantStatus int
		wantStored int
		wantEvents int
	}{
		{
			name: "valid signed delivery", params: withSecret(),
			request:    func(t *testing.T) *http.Request { return signed(valid(t)) },
			wantStatus: http.StatusOK, wantStored: 1, wantEvents: 1,
		},
		{
			name: "delivery of two comments", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				return signed(body(t, "dlv_2", "acme-page", comment("c1", marker), comment("c2", marker+" encore")))
			},
			wantStatus: http.StatusOK, wantStored: 2, wantEvents: 2,
		},
		{
			name: "missing signature", params: withSecret(),
			request:    func(t *testing.T) *http.Request { return post(valid(t), "") },
			wantStatus: http.StatusUnauthorized,
		},
		{
			name: "signature under another secret", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				b := valid(t)
				return post(b, sandbox.Sign([]byte("not-the-secret"), b))
			},
			wantStatus: http.StatusUnauthorized,
		},
		{
			name: "signature of another body", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				return post(valid(t), sandbox.Sign([]byte(secret), body(t, "dlv_other", "acme-page", comment("c9", "autre"))))
			},
			wantStatus: http.StatusUnauthorized,
		},
		{
			name: "malformed signature", params: withSecret(),
			request:    func(t *testing.T) *http.Request { return post(valid(t), "sha256=not-hex") },
			wantStatus: http.StatusUnauthorized,
		},
		{
			name: "body over 1 MiB", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				b := body(t, "dlv_big", "acme-page", comment("c1", marker+strings.Repeat("x", webhook.MaxBody)))
				return signed(b)
			},
			wantStatus: http.StatusRequestEntityTooLarge,
		},
		{
			name: "not JSON", params: withSecret(),
			request:    func(t *testing.T) *http.Request { return signed([]byte("deliveryId=dlv_1&text=" + marker)) },
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "JSON of the wrong shape", params: withSecret(),
			request:    func(t *testing.T) *http.Request { return signed([]byte(`["` + marker + `"]`)) },
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "delivery without events", params: withSecret(),
			request:    func(t *testing.T) *http.Request { return signed(body(t, "dlv_1", "acme-page")) },
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "event of an unknown type", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				e := comment("c1", marker)
				e.Type = "like"
				return signed(body(t, "dlv_1", "acme-page", e))
			},
			wantStatus: http.StatusBadRequest,
		},
		{
			name: "unknown network", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				r := signed(valid(t))
				r.URL.Path = webhook.Path + "myspace"
				return r
			},
			wantStatus: http.StatusNotFound,
		},
		{
			name: "network Relais cannot receive yet", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				r := signed(valid(t))
				r.URL.Path = webhook.Path + string(relais.Facebook)
				return r
			},
			wantStatus: http.StatusNotFound,
		},
		{
			name: "network with no secret configured", params: &relaistest.Parameters{},
			request:    func(t *testing.T) *http.Request { return signed(valid(t)) },
			wantStatus: http.StatusNotFound,
		},
		{
			name: "GET", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				return httptest.NewRequest(http.MethodGet, webhook.Path+"sandbox", nil)
			},
			wantStatus: http.StatusMethodNotAllowed,
		},
		{
			name: "account no client owns", params: withSecret(),
			request: func(t *testing.T) *http.Request {
				return signed(body(t, "dlv_1", "nobodys-page", comment("c1", marker)))
			},
			wantStatus: http.StatusOK,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, tt.params)
			w := f.serve(t, tt.request(t))
			if got, want := w.Code, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d (answer %s)", got, want, w.Body)
			}
			if got, want := w.Header().Get("Content-Type"), "application/json"; got != want {
				t.Errorf("content type: got %q, want %q", got, want)
			}
			var answer struct{ Status string }
			if err := json.Unmarshal(w.Body.Bytes(), &answer); err != nil || answer.Status == "" {
				t.Errorf("answer: got %q, want a JSON status", w.Body)
			}
			if tt.wantStatus == http.StatusMethodNotAllowed {
				if got, want := w.Header().Get("Allow"), http.MethodPost; got != want {
					t.Errorf("Allow: got %q, want %q", got, want)
				}
			}
			if got, want := len(f.inbox(t)), tt.wantStored; got != want {
				t.Errorf("stored interactions: got %d, want %d", got, want)
			}
			if got, want := f.count(t, relais.CountInteractions), int64(tt.wantStored); got != want {
				t.Errorf("interactions counter: got %d, want %d", got, want)
			}
			if got, want := len(f.bus.Events()), tt.wantEvents; got != want {
				t.Errorf("events: got %d, want %d", got, want)
			}
		})
	}
}

func TestDeliveryIsStoredAndEmittedOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, withSecret())
	b := body(t, "dlv_1", "acme-page", comment("c1", marker))

	for i := range 3 {
		if got, want := f.serve(t, signed(b)).Code, http.StatusOK; got != want {
			t.Fatalf("delivery %d: got status %d, want %d", i+1, got, want)
		}
	}

	got, err := f.store.Interaction(ctx, "acme", relais.Sandbox, "c1")
	relaistest.MustOK(t, err)
	want := relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: "c1",
		PostID: "acme-page_1", Kind: relais.KindComment, Author: relais.Author{ID: "u-42", Name: "Camille"},
		Text: marker, CreatedAt: now.Add(-time.Minute), ReceivedAt: now,
	}
	if !sameInteraction(got.Interaction, want) {
		t.Errorf("stored interaction:\n got %+v\nwant %+v", got.Interaction, want)
	}
	if got, want := len(f.inbox(t)), 1; got != want {
		t.Errorf("stored interactions: got %d, want %d", got, want)
	}
	if got, want := f.count(t, relais.CountInteractions), int64(1); got != want {
		t.Errorf("interactions counter: got %d, want %d", got, want)
	}
	events := f.bus.Events()
	if got, want := len(events), 1; got != want {
		t.Fatalf("events: got %d, want %d", got, want)
	}
	wantEvent := relais.InteractionReceived{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page",
		InteractionID: "c1", Kind: relais.KindComment, ReceivedAt: now,
	}
	if got, ok := events[0].(relais.InteractionReceived); !ok || !sameReceived(got, wantEvent) {
		t.Errorf("event: got %#v, want %#v", events[0], wantEvent)
	}
}

func sameInteraction(a, b relais.Interaction) bool {
	ca, cb := a.CreatedAt, b.CreatedAt
	ra, rb := a.ReceivedAt, b.ReceivedAt
	a.CreatedAt, b.CreatedAt, a.ReceivedAt, b.ReceivedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return a == b && ca.Equal(cb) && ra.Equal(rb)
}

func sameReceived(a, b relais.InteractionReceived) bool {
	ra, rb := a.ReceivedAt, b.ReceivedAt
	a.ReceivedAt, b.ReceivedAt = time.Time{}, time.Time{}
	return a == b && ra.Equal(rb)
}

// TestConcurrentDuplicateDeliveries sends one delivery five times at once,
// as a network that retries early does. The first emit is held, as a slow
// PutEvents call would be, until the duplicates are answered: that makes
// the interleaving in which duplicates see the interaction stored but not
// yet emitted happen every time instead of now and then.
func TestConcurrentDuplicateDeliveries(t *testing.T) {
	const copies = 5
	f := newFixture(t, withSecret())
	answered := make(chan struct{}, copies)
	var first sync.Once
	f.bus.PutFn = func(ctx context.Context, events ...relais.Event) error {
		held := false
		first.Do(func() { held = true })
		if !held {
			return nil
		}
		deadline := time.After(2 * time.Second)
		for range copies - 1 {
			select {
			case <-answered:
			case <-deadline:
				return nil
			}
		}
		return nil
	}
	b := body(t, "dlv_1", "acme-page", comment("c1", marker))
	codes := make([]int, copies)
	var wg sync.WaitGroup
	for i := range copies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := httptest.NewRecorder()
			f.handler.ServeHTTP(w, signed(b))
			codes[i] = w.Code
			answered <- struct{}{}
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if got, want := code, http.StatusOK; got != want {
			t.Errorf("delivery %d: got status %d, want %d", i+1, got, want)
		}
	}
	if got, want := len(f.inbox(t)), 1; got != want {
		t.Errorf("stored interactions: got %d, want %d", got, want)
	}
	if got, want := f.count(t, relais.CountInteractions), int64(1); got != want {
		t.Errorf("interactions counter: got %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 1; got != want {
		t.Errorf("Interaction Received events: got %d, want %d", got, want)
	}
}

// TestChangesAnnouncedInOrderOnce: Meta, X and LinkedIn sign no time, so a
// late or replayed change arrives as a valid delivery. Only a change newer
// than what is stored is applied and announced for moderation: a late
// edit, the replay of an edit and an edit after the removal are answered
// 200 and change nothing.
func TestChangesAnnouncedInOrderOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, withSecret())
	change := func(verb sandbox.Verb, text string, m int) sandbox.Event {
		e := comment("c1", text)
		e.Verb, e.CreatedTime = verb, now.Add(time.Duration(m)*time.Minute)
		return e
	}
	newer := body(t, "dlv_2", "acme-page", change(sandbox.VerbEdited, "second text", 2))
	deliveries := []struct {
		name string
		body []byte
	}{
		{"comment", body(t, "dlv_1", "acme-page", comment("c1", "first text"))},
		{"newer edit", newer},
		{"late edit", body(t, "dlv_3", "acme-page", change(sandbox.VerbEdited, "older text", 1))},
		{"replayed edit", newer},
		{"removal", body(t, "dlv_4", "acme-page", change(sandbox.VerbRemove, "", 3))},
		{"edit after the removal", body(t, "dlv_5", "acme-page", change(sandbox.VerbEdited, "after removal", 4))},
	}
	for _, d := range deliveries {
		if got, want := f.serve(t, signed(d.body)).Code, http.StatusOK; got != want {
			t.Fatalf("%s: got status %d, want %d", d.name, got, want)
		}
	}
	stored, err := f.store.Interaction(ctx, "acme", relais.Sandbox, "c1")
	relaistest.MustOK(t, err)
	if got, want := stored.Text, "second text"; got != want {
		t.Errorf("stored text: got %q, want %q", got, want)
	}
	if !stored.Removed {
		t.Error("stored: not removed, want removed")
	}
	var got []relais.InteractionKind
	for _, e := range f.bus.Events() {
		if r, ok := e.(relais.InteractionReceived); ok {
			got = append(got, r.Kind)
		}
	}
	if want := []relais.InteractionKind{relais.KindComment, relais.KindEdit}; !slices.Equal(got, want) {
		t.Errorf("announced: got %v, want %v", got, want)
	}
}

// TestBusFailure: a delivery stored while the bus is down is acknowledged,
// since it is durable, and waits in the moderator's sweep index; a later
// duplicate does not announce it a second time.
func TestBusFailure(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, withSecret())
	f.bus.FailNext(1)
	b := body(t, "dlv_1", "acme-page", comment("c1", marker))

	for _, name := range []string{"first delivery, bus down", "late duplicate"} {
		w := f.serve(t, signed(b))
		if got, want := w.Code, http.StatusOK; got != want {
			t.Errorf("%s: status: got %d, want %d", name, got, want)
		}
		if strings.Contains(w.Body.String(), "eventbridge") {
			t.Errorf("%s: answer shows an internal error: %s", name, w.Body)
		}
		if got, want := len(f.bus.Events()), 0; got != want {
			t.Errorf("%s: events: got %d, want %d", name, got, want)
		}
		if got, want := len(f.inbox(t)), 1; got != want {
			t.Errorf("%s: stored interactions: got %d, want %d", name, got, want)
		}
		if got, want := f.count(t, relais.CountInteractions), int64(1); got != want {
			t.Errorf("%s: interactions counter: got %d, want %d", name, got, want)
		}
	}
	waiting, err := f.store.Unmoderated(ctx, now.Add(time.Second), 10)
	relaistest.MustOK(t, err)
	if got, want := len(waiting), 1; got != want {
		t.Fatalf("interactions awaiting the sweep: got %d, want %d", got, want)
	}
	if got, want := waiting[0].ID, "c1"; got != want {
		t.Errorf("awaiting the sweep: got %q, want %q", got, want)
	}
}

func TestStoreFailureAnswers500(t *testing.T) {
	f := newFixture(t, withSecret())
	f.handler = webhook.New(intake.New(failingStore{}, f.bus), withSecret(), settings, f.logs.Logger())
	w := f.serve(t, signed(body(t, "dlv_1", "acme-page", comment("c1", marker))))
	if got, want := w.Code, http.StatusInternalServerError; got != want {
		t.Errorf("status: got %d, want %d", got, want)
	}
	if strings.Contains(w.Body.String(), "throttled") {
		t.Errorf("answer shows an internal error: %s", w.Body)
	}
}

// failingStore is a store whose writes fail, as a throttled table's do.
type failingStore struct{}

func (failingStore) Owners(context.Context, []relais.AccountRef) (map[relais.AccountRef]dynamo.Owner, error) {
	return map[relais.AccountRef]dynamo.Owner{}, nil
}

func (failingStore) RecordResponse(context.Context, string, relais.Interaction, string) (bool, error) {
	return false, nil
}

func (failingStore) Unrouted(context.Context, relais.AccountRef) ([]relais.Interaction, error) {
	return nil, nil
}

func (failingStore) Disconnect(context.Context, relais.Account, time.Time, string) (bool, error) {
	return false, errors.New("throttled")
}

func (failingStore) AccountsGrantedBy(context.Context, string, string) ([]relais.Account, error) {
	return nil, errors.New("throttled")
}

func (failingStore) ForgetUnrouted(context.Context, []relais.Interaction) error { return nil }

func (failingStore) Ingest(_ context.Context, ins []relais.Interaction, _ map[string]string) ([]dynamo.Outcome, error) {
	return make([]dynamo.Outcome, len(ins)), errors.New("dynamo: ingest interactions: throttled")
}

// TestSandboxNetworkDeliveries has the real sandbox network comment and
// send its webhooks, twice over, to the handler behind an HTTP server. The
// text's accents and emoji reach the handler as \u escapes, so the
// signature holds only if it is checked on the raw bytes.
func TestSandboxNetworkDeliveries(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, withSecret())
	network := sandboxSendingTwice(t, f)
	text := "Très déçu par la livraison 😡 " + marker
	_, err := network.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: "c1", PostID: "acme-page_1", AuthorID: "u-42", Text: text})
	relaistest.MustOK(t, err)

	in, err := f.store.Interaction(ctx, "acme", relais.Sandbox, "c1")
	relaistest.MustOK(t, err)
	if got, want := in.Text, text; got != want {
		t.Errorf("text: got %q, want %q", got, want)
	}
	if got, want := len(f.inbox(t)), 1; got != want {
		t.Errorf("stored interactions: got %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 1; got != want {
		t.Errorf("events: got %d, want %d", got, want)
	}
	for _, leak := range []string{secret, marker} {
		if strings.Contains(f.logs.String(), leak) {
			t.Errorf("logs contain %q", leak)
		}
	}
}

// putEventsAPI is EventBridge's PutEvents, counted.
type putEventsAPI struct {
	mu      sync.Mutex
	calls   int
	entries int
}

func (p *putEventsAPI) PutEvents(_ context.Context, in *awseventbridge.PutEventsInput, _ ...func(*awseventbridge.Options)) (*awseventbridge.PutEventsOutput, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	p.entries += len(in.Entries)
	return &awseventbridge.PutEventsOutput{Entries: make([]ebtypes.PutEventsResultEntry, len(in.Entries))}, nil
}

// TestIOPerDelivery: a delivery of up to ten interactions costs one read of
// the account owners, one write and one PutEvents call.
func TestIOPerDelivery(t *testing.T) {
	for _, n := range []int{1, 10} {
		t.Run(fmt.Sprint(n, " comments"), func(t *testing.T) {
			f := newFixture(t, withSecret())
			var calls sdkconfig.Calls
			api := &putEventsAPI{}
			f.handler = webhook.New(intake.New(relaistest.Counted(f.store, &calls), eventbridge.New(api, "relais")), withSecret(), settings, f.logs.Logger())
			var events []sandbox.Event
			for i := range n {
				events = append(events, comment(fmt.Sprintf("c%d", i), marker))
			}
			if got, want := f.serve(t, signed(body(t, "dlv_1", "acme-page", events...))).Code, http.StatusOK; got != want {
				t.Fatalf("status: got %d, want %d", got, want)
			}
			for _, c := range []struct {
				what      string
				got, want int64
			}{
				{"DynamoDB reads", calls.Count("DynamoDB", "BatchGetItem", "GetItem", "Query"), 1},
				{"DynamoDB writes", calls.Count("DynamoDB", "TransactWriteItems", "BatchWriteItem", "PutItem", "UpdateItem"), 1},
				{"DynamoDB calls", calls.Count("DynamoDB"), 2},
				{"PutEvents calls", int64(api.calls), 1},
				{"events", int64(api.entries), int64(n)},
			} {
				if c.got != c.want {
					t.Errorf("%s: got %d, want %d", c.what, c.got, c.want)
				}
			}
		})
	}
}
