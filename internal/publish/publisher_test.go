package publish_test

import (
	"context"
	"net/http"
	"os"
	"slices"
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
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
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
	store     *dynamo.Store
	bus       *relaistest.Bus
	params    *relaistest.Parameters
	network   *sandboxfake.Network
	adapters  networks.Adapters
	publisher *publish.Publisher
	logs      *relaistest.LogBuffer
	post      relais.Post
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureHanging(t, 300*time.Millisecond)
}

// newFixtureHanging is newFixture with a network whose lost answers hang
// for hang before the connection drops.
func newFixtureHanging(t *testing.T, hang time.Duration) *fixture {
	t.Helper()
	a := relais.Account{ClientID: "acme", Network: account.Network, ID: account.ID}
	s := relaistest.NewStore(t, now, []relais.Client{
		{ID: "acme", Name: "acme", TimeZone: "Europe/Paris", Locale: "fr"},
		{ID: "globex", Name: "globex", TimeZone: "Europe/Paris", Locale: "fr"},
	}, a)

	network := sandboxfake.NewNetwork("", nil)
	network.Now = func() time.Time { return now.Add(time.Second) }
	params := &relaistest.Parameters{}
	relaistest.RegisterToken(network, params, settings, a, token)
	url := relaistest.Serve(t, gateway(network, hang))

	f := &fixture{
		store: s, bus: &relaistest.Bus{}, params: params, network: network,
		logs: &relaistest.LogBuffer{}, adapters: networks.New(networks.URLs{string(relais.Sandbox): url}, networks.DefaultTimeout),
	}
	f.publisher = publish.New(s, f.bus, f.params, f.adapters.Publishers, settings, f.logs.Logger())
	f.publisher.Now = func() time.Time { return now }
	f.publisher.Backoff = 5 * time.Millisecond
	f.publisher.ListingLag = 10 * time.Millisecond
	// An invocation's deadline, when a test sets one, leaves this long
	// to give the post back.
	f.publisher.Reserve = 100 * time.Millisecond

	f.post = relais.Post{
		ID: "p1", ClientID: "acme", Account: account,
		Text: "Notre nouvelle collection arrive ce matin !", Link: "https://acme.example/collection",
		TimeZone: "Europe/Paris", LocalTime: "2026-11-22T11:00:00", ScheduledAt: now,
		Status: relais.StatusScheduled,
	}
	relaistest.MustOK(t, s.CreatePost(context.Background(), f.post, "cli", "scheduled"))
	return f
}

func (f *fixture) handle(ctx context.Context) error {
	return f.publisher.Handle(ctx, relais.PublishInput{ClientID: f.post.ClientID, PostID: f.post.ID})
}

// stored returns the post as stored.
func (f *fixture) stored(t *testing.T) relais.Post {
	t.Helper()
	p, err := f.store.Post(context.Background(), f.post.ClientID, f.post.ID)
	relaistest.MustOK(t, err)
	return p
}

// audit returns the statuses of the post's audit trail, oldest first.
func (f *fixture) audit(t *testing.T) []relais.PostStatus {
	t.Helper()
	trail, err := f.store.Audit(context.Background(), f.post.ClientID, f.post.ID)
	relaistest.MustOK(t, err)
	out := make([]relais.PostStatus, len(trail))
	for i, tr := range trail {
		out[i] = tr.To
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

var (
	scheduled      = relais.StatusScheduled
	publishing     = relais.StatusPublishing
	published      = relais.StatusPublished
	failed         = relais.StatusFailed
	needsAttention = relais.StatusNeedsAttention
	cancelled      = relais.StatusCancelled
)

// outcome is what the post, the network, the bus and the counters should
// show after an invocation.
type outcome struct {
	err    bool
	status relais.PostStatus
	posts  int
	events []string
	audit  []relais.PostStatus
	// reason is what a failed post's failure reason mentions.
	reason string
	counts map[string]int64
}

// publishedAfter is the outcome of the post published once, its audit
// trail reading before and then published.
func publishedAfter(before ...relais.PostStatus) outcome {
	return outcome{
		status: published, posts: 1,
		events: []string{relais.DetailPostPublished},
		audit:  append(before, published),
		counts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsPublished: 1},
	}
}

// failedFor is the outcome of an attempt that fails the post for reason.
func failedFor(reason string) outcome {
	return outcome{
		status: failed,
		events: []string{relais.DetailPostFailed},
		audit:  []relais.PostStatus{scheduled, publishing, failed},
		reason: reason,
		counts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsFailed: 1},
	}
}

// refusedFor is a post failed before an attempt took it.
func refusedFor(reason string) outcome {
	o := failedFor(reason)
	o.audit = []relais.PostStatus{scheduled, failed}
	return o
}

// failNext arranges for the network's next n requests to meet fault.
func failNext(n int, fault sandboxfake.Fault) func(*testing.T, *fixture) {
	return func(_ *testing.T, f *fixture) { f.network.FailNext(n, fault) }
}

// lease has attempt id hold the post until expires, as a live attempt, or
// one that died, leaves it.
func (f *fixture) lease(t *testing.T, id string, expires time.Time) {
	t.Helper()
	p := f.stored(t)
	p.LeaseID, p.LeaseExpiresAt = id, &expires
	_, err := f.store.Transition(context.Background(), p, publishing, "publisher", "attempt "+id+" takes the lease", "")
	relaistest.MustOK(t, err)
}

// check compares what the invocations, the last of which returned err,
// left behind with want.
func (f *fixture) check(t *testing.T, want outcome, err error) {
	t.Helper()
	if got := err != nil; got != want.err {
		t.Errorf("error: got %v, want error %v", err, want.err)
	}
	p := f.stored(t)
	if got := p.Status; got != want.status {
		t.Errorf("status: got %s, want %s", got, want.status)
	}
	posts := f.network.Posts()
	if got := len(posts); got != want.posts {
		t.Errorf("posts on the network: got %d, want %d: %+v", got, want.posts, posts)
	}
	if got := detailTypes(f.bus.Events()); !slices.Equal(got, want.events) {
		t.Errorf("events: got %q, want %q", got, want.events)
	}
	if got := f.audit(t); !slices.Equal(got, want.audit) {
		t.Errorf("audit: got %v, want %v", got, want.audit)
	}
	if got := p.FailureReason; want.status == failed && !strings.Contains(got, want.reason) {
		t.Errorf("failure reason: got %q, want it to mention %q", got, want.reason)
	}
	counts := relaistest.Counts(t, f.store, "acme", "2026-11-22")
	for name, n := range want.counts {
		if got := counts[name]; got != n {
			t.Errorf("counter %s: got %d, want %d", name, got, n)
		}
	}
	if want.status == published {
		checkPublished(t, f, p, posts)
	}
	if want.status != publishing && (p.LeaseID != "" || p.LeaseExpiresAt != nil) {
		t.Errorf("lease: got %q until %v, want it released", p.LeaseID, p.LeaseExpiresAt)
	}
	checkNoToken(t, f, p, err)
}

func TestHandle(t *testing.T) {
	tests := []struct {
		name string
		// arrange prepares the network, the parameters or the store.
		arrange func(t *testing.T, f *fixture)
		want    outcome
	}{
		{
			name: "happy path",
			want: publishedAfter(scheduled, publishing),
		},
		{
			name:    "5xx on create: looks, finds nothing, tries again",
			arrange: failNext(1, sandboxfake.Fail5xx),
			want:    publishedAfter(scheduled, publishing),
		},
		{
			name:    "answer lost after the post was made: found, not posted again",
			arrange: failNext(1, sandboxfake.TimeoutAfterPost),
			want:    publishedAfter(scheduled, publishing),
		},
		{
			name:    "answer lost before the post was made: looks, tries again",
			arrange: failNext(1, sandboxfake.Timeout),
			want:    publishedAfter(scheduled, publishing),
		},
		{
			name:    "5xx on create, then the look fails too: a person decides",
			arrange: failNext(2, sandboxfake.Fail5xx),
			want: outcome{
				status: needsAttention,
				events: []string{relais.DetailPostNeedsAttention},
				audit:  []relais.PostStatus{scheduled, publishing, needsAttention},
				reason: "cannot tell whether the post went out",
				counts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsNeedsAttention: 1},
			},
		},
		{
			name:    "rate limited for longer than the attempt may wait: released for the scheduler's retry",
			arrange: failNext(1, sandboxfake.RateLimit),
			want: outcome{
				err: true, status: scheduled,
				audit:  []relais.PostStatus{scheduled, publishing, scheduled},
				counts: map[string]int64{relais.CountPostsScheduled: 1},
			},
		},
		{
			name: "token refused by the network: failed",
			arrange: func(t *testing.T, f *fixture) {
				f.network.RegisterAccount(account.ID, "tok-acme-rotated")
			},
			want: failedFor(sandboxfake.CodeInvalidToken),
		},
		{
			name: "no token in the parameters: failed",
			arrange: func(t *testing.T, f *fixture) {
				f.params.Clear()
			},
			want: failedFor("has no token"),
		},
		{
			name: "account now owned by another client: failed, nothing posted",
			arrange: func(t *testing.T, f *fixture) {
				// The store keeps an account with one client and refuses a
				// post on another client's account, so this state cannot be
				// reached through it. Rewrite the owner record, as a faulty
				// migration would, to check the publisher's own guard.
				_, err := f.store.DB().UpdateItem(context.Background(), &dynamodb.UpdateItemInput{
					TableName: aws.String(f.store.Table()),
					Key: map[string]types.AttributeValue{
						"PK": &types.AttributeValueMemberS{Value: "OWNER#sandbox#acme-page"},
						"SK": &types.AttributeValueMemberS{Value: "OWNER"},
					},
					UpdateExpression:          aws.String("SET clientId = :c"),
					ConditionExpression:       aws.String("attribute_exists(PK)"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":c": &types.AttributeValueMemberS{Value: "globex"}},
				})
				relaistest.MustOK(t, err)
			},
			// The ownership check is part of the lease: the post fails
			// before any attempt holds it.
			want: refusedFor("is not connected to client acme"),
		},
		{
			name: "cancelled post: nothing to do",
			arrange: func(t *testing.T, f *fixture) {
				_, err := f.store.Transition(context.Background(), f.stored(t), cancelled, "cli", "cancelled", "")
				relaistest.MustOK(t, err)
			},
			want: outcome{
				status: cancelled,
				audit:  []relais.PostStatus{scheduled, cancelled},
				counts: map[string]int64{relais.CountPostsScheduled: 1},
			},
		},
		{
			name: "another attempt holds the post: nothing to do",
			arrange: func(t *testing.T, f *fixture) {
				f.lease(t, "live-attempt", now.Add(time.Minute))
			},
			want: outcome{
				status: publishing,
				audit:  []relais.PostStatus{scheduled, publishing},
				counts: map[string]int64{relais.CountPostsScheduled: 1},
			},
		},
		{
			name: "an attempt died after posting: the takeover finds the post",
			arrange: func(t *testing.T, f *fixture) {
				f.lease(t, "dead-attempt", now.Add(-time.Second))
				c := relais.Content{Text: f.post.Text, Link: f.post.Link}
				_, err := f.adapters.Publishers[relais.Sandbox].Publish(context.Background(), token, account.ID, f.post.ID, c)
				relaistest.MustOK(t, err)
			},
			want: publishedAfter(scheduled, publishing, publishing),
		},
		{
			name: "an attempt died before posting: the takeover posts",
			arrange: func(t *testing.T, f *fixture) {
				f.lease(t, "dead-attempt", now.Add(-time.Second))
			},
			want: publishedAfter(scheduled, publishing, publishing),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tt.arrange != nil {
				tt.arrange(t, f)
			}
			f.check(t, tt.want, f.handle(context.Background()))
		})
	}
}

// checkPublished checks that the stored post and its event name the one
// post on the network.
func checkPublished(t *testing.T, f *fixture, p relais.Post, posts []sandboxfake.Post) {
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
	relaistest.MustOK(t, aerr)
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
	f.check(t, publishedAfter(scheduled, publishing), nil)
}

func TestInvocationAfterSuccessIsANoOp(t *testing.T) {
	f := newFixture(t)
	for i := range 2 {
		if err := f.handle(context.Background()); err != nil {
			t.Fatalf("invocation %d: %v", i+1, err)
		}
	}
	f.check(t, publishedAfter(scheduled, publishing), nil)
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
