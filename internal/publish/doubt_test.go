package publish_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/x/xfake"
)

// TestRetryRemembersDoubt: an attempt whose post may have gone out but
// was not found gives the post back to scheduled; the next attempt looks
// for the post before posting, and finds it once the network lists it.
func TestRetryRemembersDoubt(t *testing.T) {
	f := newFixture(t)
	f.publisher.Tries = 1
	// The post is made but its answer lost; the listings lag behind.
	f.network.FailNext(1, sandboxfake.TimeoutAfterPost)
	f.network.FailNext(2, sandboxfake.StaleListing)
	err := f.handle(context.Background())
	if err == nil {
		t.Fatalf("first attempt: got no error, want the post released for a retry")
	}
	if got, want := f.stored(t).Status, scheduled; got != want {
		t.Fatalf("after the first attempt: got %s, want %s", got, want)
	}
	if got := f.stored(t).Doubt; got == "" {
		t.Errorf("after the first attempt: got no doubt on the post, want one")
	}
	// The scheduler's retry, once the network lists the post.
	err = f.handle(context.Background())
	f.check(t, publishedAfter(scheduled, publishing, scheduled, publishing), err)
}

// netFixture is a publisher through the real adapters of X, Facebook,
// Instagram and LinkedIn, on their fake servers, with one acme account on
// each.
type netFixture struct {
	*fixture
	x        *xfake.Server
	meta     *metafake.Server
	linkedin *linkedinfake.Server
}

var netAccounts = map[relais.Network]relais.AccountRef{
	relais.X:         {Network: relais.X, ID: "1460000000000000001"},
	relais.Facebook:  {Network: relais.Facebook, ID: "104000000000001"},
	relais.Instagram: {Network: relais.Instagram, ID: "17841400000000001"},
	relais.LinkedIn:  {Network: relais.LinkedIn, ID: "2414183"},
}

// newNetFixture stores the post scheduled on the network, with the doubt
// an earlier attempt left on it, if any.
func newNetFixture(t *testing.T, on relais.Network, doubt ...string) *netFixture {
	t.Helper()
	var accounts []relais.Account
	for _, ref := range netAccounts {
		accounts = append(accounts, relais.Account{ClientID: "acme", Network: ref.Network, ID: ref.ID})
	}
	s := relaistest.NewStore(t, now, []relais.Client{{ID: "acme", Name: "acme", TimeZone: "Europe/Paris", Locale: "fr"}}, accounts...)
	clock := func() time.Time { return now.Add(time.Second) }
	nf := &netFixture{x: xfake.New(), meta: metafake.New(), linkedin: linkedinfake.New()}
	nf.x.Now, nf.meta.Now, nf.linkedin.Now = clock, clock, clock
	params := &relaistest.Parameters{}
	for _, ref := range netAccounts {
		params.Set(settings.TokenParameter("acme", ref), token)
	}
	nf.x.RegisterUser(netAccounts[relais.X].ID, token)
	nf.meta.RegisterPage(netAccounts[relais.Facebook].ID, token)
	nf.meta.RegisterInstagram(netAccounts[relais.Instagram].ID, token)
	nf.linkedin.RegisterOrganization(netAccounts[relais.LinkedIn].ID, token)
	urls := networks.URLs{
		"x":        relaistest.Serve(t, nf.x),
		"meta":     relaistest.Serve(t, nf.meta),
		"linkedin": relaistest.Serve(t, nf.linkedin),
	}
	nf.fixture = &fixture{
		store: s, bus: &relaistest.Bus{}, params: params, network: sandboxfake.NewNetwork("", nil),
		logs: &relaistest.LogBuffer{}, adapters: networks.New(urls, 300*time.Millisecond),
	}
	nf.publisher = publish.New(s, nf.bus, params, nf.adapters.Publishers, settings, nf.logs.Logger())
	nf.publisher.Now = func() time.Time { return now }
	nf.publisher.Backoff = 5 * time.Millisecond
	nf.publisher.ListingLag = 10 * time.Millisecond
	nf.post = relais.Post{
		ID: "p1", ClientID: "acme", Account: netAccounts[on],
		Text: "Notre nouvelle collection arrive ce matin !", Link: "https://acme.example/collection",
		TimeZone: "Europe/Paris", LocalTime: "2026-11-22T11:00:00", ScheduledAt: now,
		Status: relais.StatusScheduled,
	}
	if on == relais.Instagram {
		nf.post.ImageURL = "https://acme.example/collection.jpg" // Instagram posts media only
	}
	if len(doubt) > 0 {
		nf.post.Doubt = doubt[0]
	}
	relaistest.MustOK(t, s.CreatePost(context.Background(), nf.post, "cli", "scheduled"))
	return nf
}

// faults returns the fault injector of the network's fake.
func (nf *netFixture) faults(on relais.Network) *netfake.Injector {
	switch on {
	case relais.X:
		return nf.x.Faults
	case relais.Facebook, relais.Instagram:
		return nf.meta.Faults
	}
	return nf.linkedin.Faults
}

// expect checks the stored post, the posts on the network's fake, the
// events and the audit trail against an outcome.
func (nf *netFixture) expect(t *testing.T, on relais.Network, want outcome) {
	t.Helper()
	p := nf.stored(t)
	if got := p.Status; got != want.status {
		t.Errorf("status: got %s, want %s (%s)", got, want.status, p.FailureReason)
	}
	if got := nf.posts(on); got != want.posts {
		t.Errorf("posts on %s: got %d, want %d", on, got, want.posts)
	}
	if got := detailTypes(nf.bus.Events()); !slices.Equal(got, want.events) {
		t.Errorf("events: got %q, want %q", got, want.events)
	}
	if got := nf.audit(t); !slices.Equal(got, want.audit) {
		t.Errorf("audit: got %v, want %v", got, want.audit)
	}
}

// posts counts the posts on the network's fake.
func (nf *netFixture) posts(on relais.Network) int {
	id := netAccounts[on].ID
	switch on {
	case relais.X:
		return len(nf.x.Posts(id))
	case relais.Facebook, relais.Instagram:
		return len(nf.meta.Posts(id))
	}
	return len(nf.linkedin.Posts(id))
}

// TestDoubtOnNetworksWithoutKey: on the networks that honour no
// idempotency key, a post whose answer was lost is looked for again after
// a wait before anything is posted, and a refusal as a duplicate is taken
// as a sign the post is out: recorded if found, else a person decides,
// never failed.
func TestDoubtOnNetworksWithoutKey(t *testing.T) {
	needsAttentionAfterDoubt := outcome{
		status: needsAttention, posts: 1,
		events: []string{relais.DetailPostNeedsAttention},
		audit:  []relais.PostStatus{scheduled, publishing, needsAttention},
		counts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsNeedsAttention: 1},
	}
	tests := []struct {
		name   string
		faults []netfake.Fault
		want   outcome
	}{
		{
			name: "answer lost, post listed on the second look: recorded, not posted again",
			// publish, look, look
			faults: []netfake.Fault{netfake.TimeoutAfterEffect, netfake.StaleListing},
			want:   publishedAfter(scheduled, publishing),
		},
		{
			name: "answer lost, listed late, refused as a duplicate: looked for and recorded",
			// publish, look, look, publish (duplicate), look
			faults: []netfake.Fault{netfake.TimeoutAfterEffect, netfake.StaleListing, netfake.StaleListing},
			want:   publishedAfter(scheduled, publishing),
		},
		{
			name: "answer lost, refused as a duplicate, still not listed: a person decides",
			// publish, look, look, publish (duplicate), look, look
			faults: []netfake.Fault{netfake.TimeoutAfterEffect, netfake.StaleListing, netfake.StaleListing, netfake.None, netfake.StaleListing, netfake.StaleListing},
			want:   needsAttentionAfterDoubt,
		},
	}
	for _, on := range []relais.Network{relais.X, relais.Facebook, relais.LinkedIn} {
		for _, tt := range tests {
			t.Run(string(on)+": "+tt.name, func(t *testing.T) {
				t.Parallel()
				nf := newNetFixture(t, on)
				for _, fault := range tt.faults {
					nf.faults(on).FailNext(1, fault)
				}
				err := nf.handle(context.Background())
				nf.expect(t, on, tt.want)
				if got := err != nil; got != tt.want.err {
					t.Errorf("error: got %v, want error %v", err, tt.want.err)
				}
			})
		}
	}
}

// TestDoubtWithoutRepostGuard: an earlier attempt may have made the post,
// and neither look finds it. Facebook would refuse the post were it out,
// so it is posted again; Instagram honours no key and refuses no
// duplicate, so a person decides and nothing is posted again.
func TestDoubtWithoutRepostGuard(t *testing.T) {
	tests := []struct {
		on   relais.Network
		want outcome
	}{
		{relais.Facebook, outcome{
			status: relais.StatusPublished, posts: 1,
			events: []string{relais.DetailPostPublished},
			audit:  []relais.PostStatus{scheduled, publishing, relais.StatusPublished},
		}},
		{relais.Instagram, outcome{
			status: needsAttention, posts: 0,
			events: []string{relais.DetailPostNeedsAttention},
			audit:  []relais.PostStatus{scheduled, publishing, needsAttention},
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.on), func(t *testing.T) {
			nf := newNetFixture(t, tt.on, "an earlier attempt died holding the post")
			nf.handle(context.Background())
			nf.expect(t, tt.on, tt.want)
		})
	}
}

// TestListingLag: on the sandbox network too, one look that misses the
// post is not enough to post again.
func TestListingLag(t *testing.T) {
	tests := []struct {
		name   string
		faults []sandboxfake.Fault
		want   outcome
	}{
		{
			name:   "answer lost, listed on the second look: recorded once",
			faults: []sandboxfake.Fault{sandboxfake.TimeoutAfterPost, sandboxfake.StaleListing},
			want:   publishedAfter(scheduled, publishing),
		},
		{
			name:   "answer lost, listed late, refused as a duplicate: recorded once",
			faults: []sandboxfake.Fault{sandboxfake.TimeoutAfterPost, sandboxfake.StaleListing, sandboxfake.StaleListing},
			want:   publishedAfter(scheduled, publishing),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			for _, fault := range tt.faults {
				f.network.FailNext(1, fault)
			}
			f.check(t, tt.want, f.handle(context.Background()))
		})
	}
}

// TestKilledAttempt: an attempt killed in the middle of its publish call
// (its context cancelled, or the Lambda's deadline near) leaves the post
// ready for the next attempt, which publishes it once.
func TestKilledAttempt(t *testing.T) {
	tests := []struct {
		name string
		// kill returns the attempt's context, ended once the network
		// holds the post, and the time by which the attempt must have
		// given the post back.
		kill func(f *fixture) (context.Context, context.CancelFunc, time.Time)
	}{
		{
			name: "context cancelled",
			kill: func(f *fixture) (context.Context, context.CancelFunc, time.Time) {
				ctx, cancel := context.WithCancel(context.Background())
				go func() {
					for len(f.network.Posts()) == 0 && ctx.Err() == nil {
						time.Sleep(time.Millisecond)
					}
					cancel()
				}()
				return ctx, cancel, time.Now().Add(time.Hour)
			},
		},
		{
			// Long enough for a loaded machine to reach the network, whose
			// answer is lost for longer still, and to give the post back
			// in the time the attempt keeps for that.
			name: "Lambda deadline",
			kill: func(f *fixture) (context.Context, context.CancelFunc, time.Time) {
				f.publisher.Reserve = 2 * time.Second
				deadline := time.Now().Add(4 * time.Second)
				ctx, cancel := context.WithDeadline(context.Background(), deadline)
				return ctx, cancel, deadline
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureHanging(t, 8*time.Second)
			f.network.FailNext(1, sandboxfake.TimeoutAfterPost)
			ctx, cancel, by := tt.kill(f)
			defer cancel()
			err := f.handle(ctx)
			if time.Now().After(by) {
				t.Errorf("the attempt returned after its deadline")
			}
			p := f.stored(t)
			if p.Status == publishing || p.LeaseID != "" {
				t.Fatalf("after the killed attempt: got %s held by %q, want the post given back (err %v)", p.Status, p.LeaseID, err)
			}
			err = f.handle(context.Background())
			f.check(t, publishedAfter(scheduled, publishing, scheduled, publishing), err)
		})
	}
}

// TestSweepTakesExpiredLeases: the sweep finds a post an attempt died
// holding, and publishes it once.
func TestSweepTakesExpiredLeases(t *testing.T) {
	tests := []struct {
		name   string
		posted bool
	}{
		{name: "the attempt died before posting"},
		{name: "the attempt died after posting", posted: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.lease(t, "dead-attempt", now.Add(2*time.Minute))
			if tt.posted {
				c := relais.Content{Text: f.post.Text, Link: f.post.Link}
				_, err := f.adapters.Publishers[relais.Sandbox].Publish(context.Background(), token, account.ID, f.post.ID, c)
				relaistest.MustOK(t, err)
			}
			later := now.Add(10 * time.Minute)
			f.publisher.Now = func() time.Time { return later }
			relaistest.MustOK(t, f.publisher.Sweep(context.Background()))
			p := f.stored(t)
			if got, want := p.Status, published; got != want {
				t.Fatalf("status: got %s, want %s", got, want)
			}
			if got, want := len(f.network.Posts()), 1; got != want {
				t.Errorf("posts on the network: got %d, want %d", got, want)
			}
			if got, want := p.NetworkPostID, f.network.Posts()[0].ID; got != want {
				t.Errorf("network post id: got %q, want %q", got, want)
			}
		})
	}
}

// failedInvocation is the record Lambda sends the publisher's on-failure
// destination once an asynchronous invocation has failed every retry, as
// the bus rule hands it to the publisher.
const failedInvocation = `{
  "version": "0",
  "id": "3f1c6a4e-8f0e-4d0e-9d2b-6c1e2a7b9f10",
  "detail-type": "Lambda Function Invocation Result - Failure",
  "source": "lambda",
  "account": "123456789012",
  "time": "2026-11-22T10:05:00Z",
  "region": "eu-west-3",
  "resources": ["arn:aws:lambda:eu-west-3:123456789012:function:relais-publisher:$LATEST"],
  "detail": {
    "version": "1.0",
    "timestamp": "2026-11-22T10:05:00.000Z",
    "requestContext": {
      "requestId": "c5a4a1f8-6a7e-4c43-9d0a-2b8f5e1d3c77",
      "functionArn": "arn:aws:lambda:eu-west-3:123456789012:function:relais-publisher:$LATEST",
      "condition": "RetriesExhausted",
      "approximateInvokeCount": 3
    },
    "requestPayload": {"clientId": "acme", "postId": "p1"},
    "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
    "responsePayload": {"errorMessage": "Task timed out after 60.00 seconds"}
  }
}`

// TestFailedInvocationNeedsAttention: when the publisher's invocations for
// a post all failed, the post is flagged for a person, unless it has
// settled meanwhile.
func TestFailedInvocationNeedsAttention(t *testing.T) {
	tests := []struct {
		name    string
		arrange func(t *testing.T, f *fixture)
		want    outcome
	}{
		{
			name: "left in publishing by a timed-out attempt",
			arrange: func(t *testing.T, f *fixture) {
				f.lease(t, "timed-out", now.Add(-time.Second))
			},
			want: outcome{
				status: needsAttention,
				events: []string{relais.DetailPostNeedsAttention},
				audit:  []relais.PostStatus{scheduled, publishing, needsAttention},
				counts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsNeedsAttention: 1},
			},
		},
		{
			name: "given back to scheduled by the failed attempts",
			want: outcome{
				status: needsAttention,
				events: []string{relais.DetailPostNeedsAttention},
				audit:  []relais.PostStatus{scheduled, needsAttention},
				counts: map[string]int64{relais.CountPostsScheduled: 1, relais.CountPostsNeedsAttention: 1},
			},
		},
		{
			name: "published meanwhile by the sweep: left alone",
			arrange: func(t *testing.T, f *fixture) {
				relaistest.MustOK(t, f.handle(context.Background()))
			},
			want: publishedAfter(scheduled, publishing),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			if tt.arrange != nil {
				tt.arrange(t, f)
			}
			var in publish.Input
			relaistest.MustOK(t, json.Unmarshal([]byte(failedInvocation), &in))
			f.check(t, tt.want, f.publisher.Run(context.Background(), in))
		})
	}
}

// leaseCutShort takes the lease for real and then reports the attempt's
// end, as a write that reached the table just as its caller gave up.
type leaseCutShort struct {
	publish.Store
	cancel context.CancelFunc
}

func (l leaseCutShort) TakeLease(ctx context.Context, p relais.Post, by, why string) (relais.Post, error) {
	got, err := l.Store.TakeLease(context.WithoutCancel(ctx), p, by, why)
	l.cancel()
	if err == nil {
		err = ctx.Err()
	}
	return got, err
}

// TestLeaseTakenAsTheAttemptEnds: an attempt whose lease write succeeded
// unseen gives the post back, and the next attempt publishes it once.
func TestLeaseTakenAsTheAttemptEnds(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cut := publish.New(leaseCutShort{Store: f.store, cancel: cancel}, f.bus, f.params, f.adapters.Publishers, settings, f.logs.Logger())
	cut.Now = f.publisher.Now
	if err := cut.Handle(ctx, relais.PublishInput{ClientID: f.post.ClientID, PostID: f.post.ID}); err == nil {
		t.Fatal("the cut-short attempt reported success")
	}
	if p := f.stored(t); p.Status != scheduled || p.LeaseID != "" {
		t.Fatalf("after the cut-short attempt: got %s held by %q, want the post given back", p.Status, p.LeaseID)
	}
	err := f.handle(context.Background())
	f.check(t, publishedAfter(scheduled, publishing, scheduled, publishing), err)
}
