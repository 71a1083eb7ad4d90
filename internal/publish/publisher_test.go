package publish_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	// now is when the post is due, and the clock of every part.
	now      = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	settings = config.Settings{ParameterPrefix: config.DefaultParameterPrefix}
	account  = relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"}
)

// token is acme-page's access token; nothing Relais records or says may
// contain it.
const token = "tok-acme-3b9d1e"

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

// gateway stands in front of the network as a load balancer does: when
// the network keeps a request unanswered for longer than limit, it drops
// the connection, and the client's answer is lost after its request went
// out. It stands for the adapter's own 10 s client timeout, which
// networks.New does not let a test shorten, so the hanging faults take
// limit instead of 10 s; the adapter sees the same kind of failure.
func gateway(h http.Handler, limit time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), limit)
		defer cancel()
		rw := &answerWriter{ResponseWriter: w}
		h.ServeHTTP(rw, r.WithContext(ctx))
		if !rw.answered && ctx.Err() != nil {
			panic(http.ErrAbortHandler)
		}
	})
}

// answerWriter notes whether an answer was started.
type answerWriter struct {
	http.ResponseWriter
	answered bool
}

func (w *answerWriter) WriteHeader(status int) {
	w.answered = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *answerWriter) Write(b []byte) (int, error) {
	w.answered = true
	return w.ResponseWriter.Write(b)
}

// fixture is a publisher on a fresh table holding clients acme (which
// owns acme-page) and globex, publishing through the networks adapter on
// a real sandbox network served over HTTP.
type fixture struct {
	db        *dynamodb.Client
	store     *dynamo.Store
	bus       *bus
	params    parameters
	network   *sandbox.Network
	adapters  networks.Adapters
	publisher *publish.Publisher
	logs      *logBuffer
	post      relais.Post
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := dynamotest.Client(t)
	name := dynamotest.TableName()
	mustOK(t, dynamo.CreateTable(ctx, db, name))
	s := dynamo.New(db, name)
	s.Now = func() time.Time { return now }
	for _, id := range []string{"acme", "globex"} {
		mustOK(t, s.CreateClient(ctx, relais.Client{ID: id, Name: id, TimeZone: "Europe/Paris", Locale: "fr"}))
	}
	a := relais.Account{ClientID: "acme", Network: account.Network, ID: account.ID}
	mustOK(t, s.ConnectAccount(ctx, a))

	network := sandbox.NewNetwork("", nil)
	network.Now = func() time.Time { return now.Add(time.Second) }
	network.RegisterAccount(account.ID, token)
	srv := httptest.NewServer(gateway(network, 300*time.Millisecond))
	t.Cleanup(srv.Close)

	f := &fixture{
		db: db, store: s, bus: &bus{}, network: network, logs: &logBuffer{},
		params:   parameters{settings.AccountTokenParameter(a): token},
		adapters: networks.New(srv.URL),
	}
	log := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.publisher = publish.New(s, f.bus, f.params, f.adapters.Publishers, settings, log)
	f.publisher.Now = func() time.Time { return now }
	f.publisher.Backoff = 5 * time.Millisecond

	f.post = relais.Post{
		ID: "p1", ClientID: "acme", Account: account,
		Text: "Notre nouvelle collection arrive ce matin !", Link: "https://acme.example/collection",
		TimeZone: "Europe/Paris", LocalTime: "2026-11-22T11:00:00", ScheduledAt: now,
		Status: relais.StatusScheduled,
	}
	mustOK(t, s.CreatePost(ctx, f.post, "cli", "scheduled"))
	return f
}

func mustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func (f *fixture) handle(ctx context.Context) error {
	return f.publisher.Handle(ctx, relais.PublishInput{ClientID: f.post.ClientID, PostID: f.post.ID})
}

// stored returns the post as stored.
func (f *fixture) stored(t *testing.T) relais.Post {
	t.Helper()
	p, err := f.store.Post(context.Background(), f.post.ClientID, f.post.ID)
	mustOK(t, err)
	return p
}

// audit returns the statuses of the post's audit trail, oldest first.
func (f *fixture) audit(t *testing.T) []relais.PostStatus {
	t.Helper()
	trail, err := f.store.Audit(context.Background(), f.post.ClientID, f.post.ID)
	mustOK(t, err)
	out := make([]relais.PostStatus, len(trail))
	for i, tr := range trail {
		out[i] = tr.To
	}
	return out
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

func detailTypes(events []relais.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = e.DetailType()
	}
	return out
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var (
	scheduled      = relais.StatusScheduled
	publishing     = relais.StatusPublishing
	published      = relais.StatusPublished
	failed         = relais.StatusFailed
	needsAttention = relais.StatusNeedsAttention
	cancelled      = relais.StatusCancelled
)

func TestHandle(t *testing.T) {
	tests := []struct {
		name string
		// arrange prepares the network, the parameters or the store.
		arrange    func(t *testing.T, f *fixture)
		wantErr    bool
		wantStatus relais.PostStatus
		wantPosts  int
		wantEvents []string
		wantAudit  []relais.PostStatus
		wantReason string
		wantCounts map[string]int64
	}{
		{
			name:       "happy path",
			wantStatus: published, wantPosts: 1,
			wantEvents: []string{relais.DetailPostPublished},
			wantAudit:  []relais.PostStatus{scheduled, publishing, published},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
		},
		{
			name: "5xx on create: looks, finds nothing, tries again",
			arrange: func(t *testing.T, f *fixture) {
				f.network.FailNext(1, sandbox.Fail5xx)
			},
			wantStatus: published, wantPosts: 1,
			wantEvents: []string{relais.DetailPostPublished},
			wantAudit:  []relais.PostStatus{scheduled, publishing, published},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
		},
		{
			name: "answer lost after the post was made: found, not posted again",
			arrange: func(t *testing.T, f *fixture) {
				f.network.FailNext(1, sandbox.TimeoutAfterPost)
			},
			wantStatus: published, wantPosts: 1,
			wantEvents: []string{relais.DetailPostPublished},
			wantAudit:  []relais.PostStatus{scheduled, publishing, published},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
		},
		{
			name: "answer lost before the post was made: looks, tries again",
			arrange: func(t *testing.T, f *fixture) {
				f.network.FailNext(1, sandbox.Timeout)
			},
			wantStatus: published, wantPosts: 1,
			wantEvents: []string{relais.DetailPostPublished},
			wantAudit:  []relais.PostStatus{scheduled, publishing, published},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
		},
		{
			name: "5xx on create, then the look fails too: a person decides",
			arrange: func(t *testing.T, f *fixture) {
				f.network.FailNext(2, sandbox.Fail5xx)
			},
			wantStatus: needsAttention, wantPosts: 0,
			wantEvents: []string{relais.DetailPostNeedsAttention},
			wantAudit:  []relais.PostStatus{scheduled, publishing, needsAttention},
			wantReason: "cannot tell whether the post went out",
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsNeedsAttention: 1},
		},
		{
			name: "rate limited for longer than the attempt may wait: released for the scheduler's retry",
			arrange: func(t *testing.T, f *fixture) {
				f.network.FailNext(1, sandbox.RateLimit)
			},
			wantErr:    true,
			wantStatus: scheduled, wantPosts: 0,
			wantAudit:  []relais.PostStatus{scheduled, publishing, scheduled},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1},
		},
		{
			name: "token refused by the network: failed",
			arrange: func(t *testing.T, f *fixture) {
				f.network.RegisterAccount(account.ID, "tok-acme-rotated")
			},
			wantStatus: failed, wantPosts: 0,
			wantEvents: []string{relais.DetailPostFailed},
			wantAudit:  []relais.PostStatus{scheduled, publishing, failed},
			wantReason: sandbox.CodeInvalidToken,
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsFailed: 1},
		},
		{
			name: "no token in the parameters: failed",
			arrange: func(t *testing.T, f *fixture) {
				clear(f.params)
			},
			wantStatus: failed, wantPosts: 0,
			wantEvents: []string{relais.DetailPostFailed},
			wantAudit:  []relais.PostStatus{scheduled, publishing, failed},
			wantReason: "has no token",
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsFailed: 1},
		},
		{
			name: "account now owned by another client: failed, nothing posted",
			arrange: func(t *testing.T, f *fixture) {
				// The store keeps an account with one client and refuses a
				// post on another client's account, so this state cannot be
				// reached through it. Rewrite the owner record, as a faulty
				// migration would, to check the publisher's own guard.
				_, err := f.db.UpdateItem(context.Background(), &dynamodb.UpdateItemInput{
					TableName: aws.String(f.store.Table()),
					Key: map[string]types.AttributeValue{
						"PK": &types.AttributeValueMemberS{Value: "OWNER#sandbox#acme-page"},
						"SK": &types.AttributeValueMemberS{Value: "OWNER"},
					},
					UpdateExpression:          aws.String("SET clientId = :c"),
					ConditionExpression:       aws.String("attribute_exists(PK)"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":c": &types.AttributeValueMemberS{Value: "globex"}},
				})
				mustOK(t, err)
			},
			wantStatus: failed, wantPosts: 0,
			wantEvents: []string{relais.DetailPostFailed},
			wantAudit:  []relais.PostStatus{scheduled, publishing, failed},
			wantReason: "belongs to another client",
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsFailed: 1},
		},
		{
			name: "cancelled post: nothing to do",
			arrange: func(t *testing.T, f *fixture) {
				_, err := f.store.Transition(context.Background(), f.stored(t), cancelled, "cli", "cancelled", "")
				mustOK(t, err)
			},
			wantStatus: cancelled, wantPosts: 0,
			wantAudit:  []relais.PostStatus{scheduled, cancelled},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1},
		},
		{
			name: "another attempt holds the post: nothing to do",
			arrange: func(t *testing.T, f *fixture) {
				p := f.stored(t)
				expires := now.Add(time.Minute)
				p.LeaseID, p.LeaseExpiresAt = "live-attempt", &expires
				_, err := f.store.Transition(context.Background(), p, publishing, "publisher", "attempt live-attempt takes the lease", "")
				mustOK(t, err)
			},
			wantStatus: publishing, wantPosts: 0,
			wantAudit:  []relais.PostStatus{scheduled, publishing},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1},
		},
		{
			name: "an attempt died after posting: the takeover finds the post",
			arrange: func(t *testing.T, f *fixture) {
				p := f.stored(t)
				expired := now.Add(-time.Second)
				p.LeaseID, p.LeaseExpiresAt = "dead-attempt", &expired
				_, err := f.store.Transition(context.Background(), p, publishing, "publisher", "attempt dead-attempt takes the lease", "")
				mustOK(t, err)
				c := relais.Content{Text: f.post.Text, Link: f.post.Link}
				_, err = f.adapters.Publishers[relais.Sandbox].Publish(context.Background(), token, account.ID, c)
				mustOK(t, err)
			},
			wantStatus: published, wantPosts: 1,
			wantEvents: []string{relais.DetailPostPublished},
			wantAudit:  []relais.PostStatus{scheduled, publishing, publishing, published},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
		},
		{
			name: "an attempt died before posting: the takeover posts",
			arrange: func(t *testing.T, f *fixture) {
				p := f.stored(t)
				expired := now.Add(-time.Second)
				p.LeaseID, p.LeaseExpiresAt = "dead-attempt", &expired
				_, err := f.store.Transition(context.Background(), p, publishing, "publisher", "attempt dead-attempt takes the lease", "")
				mustOK(t, err)
			},
			wantStatus: published, wantPosts: 1,
			wantEvents: []string{relais.DetailPostPublished},
			wantAudit:  []relais.PostStatus{scheduled, publishing, publishing, published},
			wantCounts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tt.arrange != nil {
				tt.arrange(t, f)
			}
			err := f.handle(context.Background())
			if got, want := err != nil, tt.wantErr; got != want {
				t.Errorf("error: got %v, want error %v", err, want)
			}
			p := f.stored(t)
			if got, want := p.Status, tt.wantStatus; got != want {
				t.Errorf("status: got %s, want %s", got, want)
			}
			posts := f.network.Posts()
			if got, want := len(posts), tt.wantPosts; got != want {
				t.Errorf("posts on the network: got %d, want %d: %+v", got, want, posts)
			}
			if got, want := detailTypes(f.bus.Events()), tt.wantEvents; !equal(got, want) {
				t.Errorf("events: got %q, want %q", got, want)
			}
			if got, want := f.audit(t), tt.wantAudit; !equal(got, want) {
				t.Errorf("audit: got %v, want %v", got, want)
			}
			if got, want := p.FailureReason, tt.wantReason; tt.wantStatus == failed && !strings.Contains(got, want) {
				t.Errorf("failure reason: got %q, want it to mention %q", got, want)
			}
			for name, want := range tt.wantCounts {
				if got := f.counts(t)[name]; got != want {
					t.Errorf("counter %s: got %d, want %d", name, got, want)
				}
			}
			if tt.wantStatus == published {
				checkPublished(t, f, p, posts)
			}
			if tt.wantStatus != publishing && (p.LeaseID != "" || p.LeaseExpiresAt != nil) {
				t.Errorf("lease: got %q until %v, want it released", p.LeaseID, p.LeaseExpiresAt)
			}
			checkNoToken(t, f, p, err)
		})
	}
}

// checkPublished checks that the stored post and its event name the one
// post on the network.
func checkPublished(t *testing.T, f *fixture, p relais.Post, posts []sandbox.Post) {
	t.Helper()
	if len(posts) != 1 {
		return
	}
	if got, want := p.NetworkPostID, posts[0].ID; got != want {
		t.Errorf("network post id: got %q, want %q", got, want)
	}
	if got, want := posts[0].Content, (sandbox.Content{Text: f.post.Text, Link: f.post.Link}); got != want {
		t.Errorf("content on the network: got %+v, want %+v", got, want)
	}
	if p.PublishedAt == nil || !p.PublishedAt.Equal(now) {
		t.Errorf("published at: got %v, want %v", p.PublishedAt, now)
	}
	for _, e := range f.bus.Events() {
		if e, ok := e.(relais.PostPublished); ok {
			want := relais.PostPublished{
				ClientID: "acme", PostID: "p1", Network: relais.Sandbox, AccountID: account.ID,
				NetworkPostID: posts[0].ID, ScheduledAt: now, PublishedAt: now,
			}
			if e.ClientID != want.ClientID || e.PostID != want.PostID || e.Network != want.Network ||
				e.AccountID != want.AccountID || e.NetworkPostID != want.NetworkPostID ||
				!e.ScheduledAt.Equal(want.ScheduledAt) || !e.PublishedAt.Equal(want.PublishedAt) {
				t.Errorf("Post Published: got %+v, want %+v", e, want)
			}
		}
	}
}

// checkNoToken checks that the token appears in no record, event, log or
// error.
func checkNoToken(t *testing.T, f *fixture, p relais.Post, err error) {
	t.Helper()
	texts := map[string]string{"failure reason": p.FailureReason, "logs": f.logs.String()}
	if err != nil {
		texts["error"] = err.Error()
	}
	for i, e := range f.bus.Events() {
		texts["event "+e.DetailType()+string(rune('0'+i))] = strings.ReplaceAll(strings.TrimSpace(fmtEvent(e)), "\n", " ")
	}
	trail, aerr := f.store.Audit(context.Background(), p.ClientID, p.ID)
	mustOK(t, aerr)
	for _, tr := range trail {
		texts["audit"] += tr.Why + "\n"
	}
	for what, text := range texts {
		if strings.Contains(text, token) {
			t.Errorf("%s contains the token: %s", what, text)
		}
	}
}

func fmtEvent(e relais.Event) string {
	switch e := e.(type) {
	case relais.PostFailed:
		return e.Reason
	case relais.PostNeedsAttention:
		return e.Reason
	}
	return ""
}

func TestConcurrentInvocationsPublishOnce(t *testing.T) {
	const invocations = 5
	f := newFixture(t)
	errs := make([]error, invocations)
	var wg sync.WaitGroup
	for i := range invocations {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f.handle(context.Background())
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("invocation %d: got error %v, want nil", i+1, err)
		}
	}
	if got, want := len(f.network.Posts()), 1; got != want {
		t.Errorf("posts on the network: got %d, want %d", got, want)
	}
	if got, want := f.stored(t).Status, published; got != want {
		t.Errorf("status: got %s, want %s", got, want)
	}
	if got, want := detailTypes(f.bus.Events()), []string{relais.DetailPostPublished}; !equal(got, want) {
		t.Errorf("events: got %q, want %q", got, want)
	}
	if got, want := f.audit(t), []relais.PostStatus{scheduled, publishing, published}; !equal(got, want) {
		t.Errorf("audit: got %v, want %v", got, want)
	}
	if got, want := f.counts(t)[relais.CountPostsPublished], int64(1); got != want {
		t.Errorf("published counter: got %d, want %d", got, want)
	}
}

func TestInvocationAfterSuccessIsANoOp(t *testing.T) {
	f := newFixture(t)
	for i := range 2 {
		if err := f.handle(context.Background()); err != nil {
			t.Fatalf("invocation %d: %v", i+1, err)
		}
	}
	if got, want := len(f.network.Posts()), 1; got != want {
		t.Errorf("posts on the network: got %d, want %d", got, want)
	}
	if got, want := detailTypes(f.bus.Events()), []string{relais.DetailPostPublished}; !equal(got, want) {
		t.Errorf("events: got %q, want %q", got, want)
	}
	if got, want := f.audit(t), []relais.PostStatus{scheduled, publishing, published}; !equal(got, want) {
		t.Errorf("audit: got %v, want %v", got, want)
	}
	if got, want := f.counts(t)[relais.CountPostsPublished], int64(1); got != want {
		t.Errorf("published counter: got %d, want %d", got, want)
	}
}

func TestUnknownPostIsANoOp(t *testing.T) {
	f := newFixture(t)
	for _, in := range []relais.PublishInput{
		{ClientID: "acme", PostID: "no-such-post"},
		// A post exists only under its own client.
		{ClientID: "globex", PostID: f.post.ID},
	} {
		if err := f.publisher.Handle(context.Background(), in); err != nil {
			t.Errorf("%+v: got error %v, want nil", in, err)
		}
	}
	if got, want := len(f.network.Posts()), 0; got != want {
		t.Errorf("posts on the network: got %d, want %d", got, want)
	}
	if got, want := len(f.bus.Events()), 0; got != want {
		t.Errorf("events: got %d, want %d", got, want)
	}
	if got, want := f.stored(t).Status, scheduled; got != want {
		t.Errorf("acme's post: got %s, want %s", got, want)
	}
}
