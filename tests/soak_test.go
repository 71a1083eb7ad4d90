package tests

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// soakNetworks are the networks the soak publishes on, through their fakes.
var soakNetworks = []relais.Network{relais.Facebook, relais.X, relais.LinkedIn, relais.Mastodon, relais.Bluesky}

// soakAccount is a client's account id on a network, in that network's form.
func soakAccount(client string, n relais.Network, i int) string {
	switch n {
	case relais.LinkedIn:
		return fmt.Sprint(1000 + i)
	case relais.Mastodon:
		return client + "@masto.example"
	case relais.Bluesky:
		return client + ".bsky.social"
	}
	return client + "-" + string(n)
}

// counting is a log handler that counts messages, to see which paths the
// publisher took.
type counting struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *counting) Enabled(context.Context, slog.Level) bool { return true }
func (c *counting) Handle(_ context.Context, r slog.Record) error {
	c.mu.Lock()
	c.counts[r.Message]++
	c.mu.Unlock()
	return nil
}
func (c *counting) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *counting) WithGroup(string) slog.Handler      { return c }

// soak schedules posts over three clients and five networks' fakes, with
// every schedule delivered twice, 5% of network calls failing with 5xx and
// 2% timing out after the post was made, then checks that no post went out
// twice, none was lost and none reached another client's account.
func soak(t testing.TB, posts int) {
	ctx := context.Background()
	start := time.Now().Truncate(time.Minute).Add(time.Minute)
	clock := localaws.NewManualClock(start)
	logs := &counting{counts: map[string]int{}}
	st, err := devstack.Start(ctx, devstack.Options{Clock: clock, NetworkTimeout: 300 * time.Millisecond, Log: slog.New(logs)})
	if err != nil {
		t.Fatalf("start the local stack: %v", err)
	}
	defer st.Stop()
	st.AWS.RetryDelay = 5 * time.Millisecond
	st.Publisher.Backoff = time.Millisecond
	st.AWS.Faults().SetDuplicateDeliveries(true)
	for i, f := range []*netfake.Injector{st.Fakes.Meta.Faults, st.Fakes.X.Faults, st.Fakes.LinkedIn.Faults, st.Fakes.Mastodon.Faults, st.Fakes.Bluesky.Faults} {
		f.SetRate(netfake.ServerError, 0.05, uint64(i+1))
		f.SetRate(netfake.TimeoutAfterEffect, 0.02, uint64(i+1))
	}
	cfg, err := sdkconfig.Load(ctx, st.Endpoints)
	if err != nil {
		t.Fatal(err)
	}
	sched := scheduler.Connect(cfg, st.Endpoints, st.Settings)

	clients := []relais.Client{
		{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone},
		{ID: "globex", Name: "Globex", TimeZone: "America/New_York", Locale: "en", Approval: relais.ApprovalNone},
		{ID: "initech", Name: "Initech", TimeZone: "Asia/Tokyo", Locale: "en", Approval: relais.ApprovalNone},
	}
	dids := map[string]string{}
	for ci, c := range clients {
		if err := st.Store.CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		for _, n := range soakNetworks {
			ref := relais.AccountRef{Network: n, ID: soakAccount(c.ID, n, ci)}
			token := "tok-" + c.ID + "-" + string(n)
			if n == relais.Bluesky {
				dids[c.ID] = st.Fakes.Bluesky.RegisterAccount(ref.ID, token)
			} else if err := st.RegisterAccount(ref, token); err != nil {
				t.Fatal(err)
			}
			if err := st.Params.PutSecure(ctx, st.Settings.TokenParameter(c.ID, ref), token); err != nil {
				t.Fatal(err)
			}
			if err := st.Store.ConnectAccount(ctx, relais.Account{ClientID: c.ID, Network: n, ID: ref.ID}); err != nil {
				t.Fatal(err)
			}
		}
	}

	// Fifty posts a minute, spread over the clients and networks.
	const perMinute = 50
	all := make([]relais.Post, posts)
	for i := range all {
		ci := i % len(clients)
		c := clients[ci]
		n := soakNetworks[(i/len(clients))%len(soakNetworks)]
		at := start.Add(time.Duration(i/perMinute+1) * time.Minute)
		all[i] = relais.Post{
			ID: fmt.Sprintf("soak%05d", i), ClientID: c.ID, Account: relais.AccountRef{Network: n, ID: soakAccount(c.ID, n, ci)},
			Text: fmt.Sprintf("soak %s post %d", c.ID, i), TimeZone: c.TimeZone, ScheduledAt: at,
			LocalTime: at.In(c.Location()).Format("2006-01-02T15:04:05"), Status: relais.StatusScheduled,
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(all)); i = next.Add(1) - 1 {
				if err := st.Store.CreatePost(ctx, all[i], "soak", "created"); err != nil {
					t.Error(err)
					return
				}
				if err := sched.SchedulePost(ctx, all[i]); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	minutes := posts/perMinute + 2
	for m := 1; m <= minutes; m++ {
		clock.Set(start.Add(time.Duration(m) * time.Minute))
		st.AWS.RunDue(ctx)
	}
	// Posts released after transient failures (a rate limit, say) wait
	// for the safety sweep, which takes a hundred every five minutes: run
	// it until none waits, within a bound.
	end := start.Add(time.Duration(minutes) * time.Minute)
	for round := 0; round < posts/50+10; round++ {
		end = end.Add(5 * time.Minute)
		clock.Set(end)
		st.AWS.RunDue(ctx)
		if err := st.AWS.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		waiting, err := st.Store.DuePosts(ctx, end.Add(time.Hour), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(waiting) == 0 {
			break
		}
	}

	alerted := map[string]bool{}
	for _, ev := range st.AWS.Archive() {
		if ev.DetailType == relais.DetailPostFailed || ev.DetailType == relais.DetailPostNeedsAttention {
			for _, p := range all {
				if strings.Contains(string(ev.Detail), `"postId":"`+p.ID+`"`) {
					alerted[p.ID] = true
				}
			}
		}
	}
	onNetwork := soakNetworkTexts(t, st, clients, dids)
	outcomes := map[relais.PostStatus]int{}
	for _, p := range all {
		got, err := st.Store.Post(ctx, p.ClientID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		outcomes[got.Status]++
		copies := onNetwork[p.Text]
		switch {
		case copies > 1:
			t.Errorf("post %s is on %s %d times", p.ID, p.Account.Network, copies)
		case got.Status == relais.StatusPublished && copies != 1:
			t.Errorf("post %s is published but on %s %d times", p.ID, p.Account.Network, copies)
		case got.Status == relais.StatusFailed || got.Status == relais.StatusNeedsAttention:
			if !alerted[p.ID] {
				t.Errorf("post %s ended %s with no event (%s)", p.ID, got.Status, got.FailureReason)
			}
		case got.Status != relais.StatusPublished:
			t.Errorf("post %s was lost: it ended %s", p.ID, got.Status)
		}
	}
	t.Logf("%d posts: %v; lease races lost: %d; ambiguous calls looked up: %d",
		posts, outcomes, logs.counts["another attempt holds the post"], logs.counts["publish call failed"])
	if logs.counts["another attempt holds the post"] == 0 {
		t.Errorf("no duplicate delivery lost a lease race: the soak did not exercise conditional conflicts")
	}
}

// soakNetworkTexts counts each text on the fakes, and checks that every
// post on an account is its own client's.
func soakNetworkTexts(t testing.TB, st *devstack.Stack, clients []relais.Client, dids map[string]string) map[string]int {
	counts := map[string]int{}
	for ci, c := range clients {
		add := func(text string) {
			counts[text]++
			if !strings.Contains(text, "soak "+c.ID+" ") {
				t.Errorf("%q is on an account of client %s", text, c.ID)
			}
		}
		for _, p := range st.Fakes.Meta.Posts(soakAccount(c.ID, relais.Facebook, ci)) {
			add(p.Message)
		}
		for _, p := range st.Fakes.X.Posts(soakAccount(c.ID, relais.X, ci)) {
			add(p.Text)
		}
		for _, p := range st.Fakes.LinkedIn.Posts(soakAccount(c.ID, relais.LinkedIn, ci)) {
			add(p.Commentary)
		}
		for _, s := range st.Fakes.Mastodon.Statuses(c.ID) {
			add(s.Text)
		}
		for _, r := range st.Fakes.Bluesky.Records(dids[c.ID]) {
			add(r.Text)
		}
	}
	return counts
}

func TestSoak(t *testing.T) { soak(t, 2000) }

func BenchmarkSoak(b *testing.B) {
	for i := 0; i < b.N; i++ {
		soak(b, 10000)
	}
}
