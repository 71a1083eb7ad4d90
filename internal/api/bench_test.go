package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

// The API issue's figures: a client's month of posts and its inbox, read
// a page at a time over the local stack.
const (
	benchPosts        = 2_000
	benchInteractions = 10_000
	// Globex's own posts and interactions share the table, so that acme's
	// partitions are not alone in it.
	benchOtherPosts        = 300
	benchOtherInteractions = 2_000
	// Every 20th of acme's interactions is on X and every 50th is hidden:
	// the sparse filters, whose pages may need a second query.
	benchXEvery    = 20
	benchHideEvery = 50
	// deliverySize is how many interactions one intake call takes, as a
	// webhook delivery brings them.
	deliverySize = 90

	maxPageP99      = 50 * time.Millisecond
	maxCallsPerPage = 2
)

// benchData is the seeded table, shared by the benchmarks of a run: the
// seeding takes far longer than the walks it serves.
var benchData struct {
	mu    sync.Mutex
	store *dynamo.Store
	// posts and inbox are acme's ids in the order the API lists them,
	// newest first.
	posts []string
	inbox []benchInteraction
}

type benchInteraction struct {
	id      string
	network relais.Network
	hidden  bool
}

// seeded returns the store holding the figures' data, seeding it on the
// first call of the run.
func seeded(b *testing.B) *dynamo.Store {
	b.Helper()
	benchData.mu.Lock()
	defer benchData.mu.Unlock()
	if benchData.store == nil {
		start := time.Now()
		s := newStore(b)
		relaistest.MustOK(b, s.ConnectAccount(context.Background(), relais.Account{ClientID: "acme", Network: relais.X, ID: "acme-x"}))
		benchData.posts = seedMonthOfPosts(b, s)
		benchData.inbox = seedMonthOfInbox(b, s)
		settle(b, s)
		benchData.store = s
		b.Logf("seeded %d posts and %d interactions (and globex's %d and %d) in %s",
			benchPosts, benchInteractions, benchOtherPosts, benchOtherInteractions, time.Since(start).Round(time.Millisecond))
	}
	return benchData.store
}

// seedMonthOfPosts stores acme's month of posts, March 2027, and some of
// globex's, as the planner stores a scheduled post, and returns acme's
// ids newest first.
func seedMonthOfPosts(b *testing.B, s *dynamo.Store) []string {
	ctx := context.Background()
	march := time.Date(2027, 3, 1, 0, 0, 0, 0, acme.Location())
	post := func(c relais.Client, i, n int) relais.Post {
		at := march.Add(time.Duration(i) * (31 * 24 * time.Hour / time.Duration(n))).Add(9 * time.Hour)
		// Ids sort by creation, as the planner's do: posts planned over
		// the weeks before.
		created := now.Add(-time.Duration(n-i) * 10 * time.Minute)
		return relais.Post{ID: fmt.Sprintf("p%s%08x", created.Format("20060102150405"), i), ClientID: c.ID,
			Account:  relais.AccountRef{Network: relais.Sandbox, ID: c.ID + "-page"},
			Text:     fmt.Sprintf("Publication %d : offre de la semaine, venez nous voir en boutique !", i),
			TimeZone: c.TimeZone, LocalTime: at.In(c.Location()).Format("2006-01-02T15:04:05"), ScheduledAt: at.UTC(), Status: relais.StatusScheduled}
	}
	ids := make([]string, benchPosts)
	inParallel(b, benchPosts, func(i int) error {
		p := post(acme, i, benchPosts)
		ids[i] = p.ID
		return s.CreatePost(ctx, p, "max", "created")
	})
	inParallel(b, benchOtherPosts, func(i int) error {
		return s.CreatePost(ctx, post(globex, i, benchOtherPosts), "gus", "created")
	})
	slices.Reverse(ids)
	return ids
}

// seedMonthOfInbox takes February's interactions in through intake, a delivery
// at a time, hides some as moderation does, and returns acme's newest
// first.
func seedMonthOfInbox(b *testing.B, s *dynamo.Store) []benchInteraction {
	ctx := context.Background()
	in := intake.New(s, &relaistest.Bus{})
	february := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	interaction := func(client string, i, n int) relais.Interaction {
		network, account := relais.Sandbox, client+"-page"
		if client == acme.ID && i%benchXEvery == 0 {
			network, account = relais.X, "acme-x"
		}
		// The step first: i times a month in nanoseconds overflows.
		at := february.Add(time.Duration(i) * (28 * 24 * time.Hour / time.Duration(n)))
		return relais.Interaction{Network: network, AccountID: account, ID: fmt.Sprintf("%s-c%05d", client, i),
			Kind: relais.KindComment, PostID: "post", ParentID: "post", Author: relais.Author{ID: fmt.Sprintf("u%d", i%700), Name: "Camille"},
			Text: fmt.Sprintf("Commentaire %d : quand ouvrez-vous la boutique du centre ?", i), CreatedAt: at.Add(-time.Second), ReceivedAt: at}
	}
	deliver := func(client string, n int) {
		// Each worker takes consecutive deliveries, which share days and
		// so counters, rather than racing another worker for them.
		inParallel(b, (n+deliverySize-1)/deliverySize, func(d int) error {
			batch := make([]relais.Interaction, 0, deliverySize)
			for i := d * deliverySize; i < min(n, (d+1)*deliverySize); i++ {
				batch = append(batch, interaction(client, i, n))
			}
			res, err := in.Accept(ctx, batch)
			if err == nil && res.Created != len(batch) {
				err = fmt.Errorf("delivery %d of %s: %d created, want %d", d, client, res.Created, len(batch))
			}
			return err
		})
	}
	deliver(acme.ID, benchInteractions)
	deliver(globex.ID, benchOtherInteractions)
	out := make([]benchInteraction, benchInteractions)
	for i := range benchInteractions {
		x := interaction(acme.ID, i, benchInteractions)
		out[benchInteractions-1-i] = benchInteraction{id: x.ID, network: x.Network, hidden: i%benchHideEvery == 1}
	}
	inParallel(b, benchInteractions/benchHideEvery, func(k int) error {
		x := interaction(acme.ID, k*benchHideEvery+1, benchInteractions)
		_, _, err := s.SaveDecision(ctx, relais.Decision{ClientID: acme.ID, Network: x.Network, InteractionID: x.ID, TextHash: "h",
			Score: relais.Score{Labels: []string{"insult"}, Sentiment: -0.8}, Action: relais.ActionHide, DecidedAt: x.ReceivedAt.Add(time.Second)}, acme.TimeZone)
		return err
	})
	return out
}

// settle reads the seeded lists back a few times through the store:
// right after a bulk write DynamoDB Local's JVM is still settling
// (compiling the query's path, collecting the writes' garbage), and the
// first walks show pages of over 100 ms that later walks do not.
func settle(b *testing.B, s *dynamo.Store) {
	ctx := context.Background()
	for range 3 {
		for cursor := ""; ; {
			page, err := s.PostsPage(ctx, acme.ID, cursor, 0)
			relaistest.MustOK(b, err)
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		for _, state := range []string{"", "hide"} {
			f := dynamo.InboxFilter{}
			relaistest.MustOK(b, f.SetState(state))
			for cursor := ""; ; {
				page, err := s.InboxPage(ctx, acme.ID, f, cursor)
				relaistest.MustOK(b, err)
				if cursor = page.Next; cursor == "" {
					break
				}
			}
		}
	}
}

// inParallel runs work(0) to work(n-1) on a few workers, each on a run of
// consecutive indexes, which DynamoDB Local takes well.
func inParallel(b *testing.B, n int, work func(i int) error) {
	b.Helper()
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w * n / workers; i < (w+1)*n/workers; i++ {
				if err := work(i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

// pages is what walks measured: each page's latency and DynamoDB
// requests.
type pages struct {
	latencies []time.Duration
	calls     []int64
}

// listed is what a walk checks of an entry.
type listed struct {
	ID       string `json:"id"`
	ClientID string `json:"clientId"`
}

// walk lists path page after page, as the console does, timing each call
// from the request to the body's last byte, and returns the ids listed.
func (f *fixture) walk(b *testing.B, token, path string, m *pages) []string {
	b.Helper()
	var ids []string
	cursor := ""
	for {
		u := f.url + path
		if cursor != "" {
			u += sep(path) + "cursor=" + cursor
		}
		req, err := http.NewRequest(http.MethodGet, u, nil)
		relaistest.MustOK(b, err)
		req.Header.Set("Authorization", "Bearer "+token)
		before := f.calls.Count("DynamoDB")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		relaistest.MustOK(b, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		elapsed := time.Since(start)
		relaistest.MustOK(b, err)
		if m != nil {
			m.latencies = append(m.latencies, elapsed)
			m.calls = append(m.calls, f.calls.Count("DynamoDB")-before)
		}
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: %d %s", u, resp.StatusCode, body)
		}
		var page struct {
			Items []listed `json:"items"`
			Next  string   `json:"next"`
		}
		relaistest.MustOK(b, json.Unmarshal(body, &page))
		if len(page.Items) > 50 {
			b.Fatalf("GET %s: a page of %d, want at most the default 50", u, len(page.Items))
		}
		for _, it := range page.Items {
			if it.ClientID != acme.ID {
				b.Fatalf("GET %s: %s of client %s", u, it.ID, it.ClientID)
			}
			ids = append(ids, it.ID)
		}
		if cursor = page.Next; cursor == "" {
			return ids
		}
	}
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// benchWalks walks path once to warm the caches (the issuer's keys, the
// connections) as a running stack has them, then once per iteration;
// every walk must list want, each entry once and in order. It reports
// the pages' latency and DynamoDB requests, and fails over the budgets.
func (f *fixture) benchWalks(b *testing.B, path string, want []string) {
	token := f.token(b, manager)
	check := func(got []string) {
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					b.Logf("first difference at %d: got %v, want %v", i, got[max(0, i-2):min(len(got), i+3)], want[max(0, i-2):min(len(want), i+3)])
					break
				}
			}
			b.Fatalf("GET %s: listed %d entries, want each of %d once, newest first", path, len(got), len(want))
		}
	}
	check(f.walk(b, token, path, nil))
	var m pages
	for b.Loop() {
		check(f.walk(b, token, path, &m))
	}
	b.StopTimer()
	sort.Slice(m.latencies, func(i, j int) bool { return m.latencies[i] < m.latencies[j] })
	pct := func(p float64) time.Duration {
		return m.latencies[min(len(m.latencies)-1, int(p*float64(len(m.latencies))))]
	}
	var total, most int64
	for _, c := range m.calls {
		total += c
		most = max(most, c)
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(pct(0.50)), "p50-ms/page")
	b.ReportMetric(ms(pct(0.99)), "p99-ms/page")
	b.ReportMetric(float64(total)/float64(len(m.calls)), "dynamodb-calls/page")
	b.ReportMetric(float64(most), "max-dynamodb-calls/page")
	b.ReportMetric(float64(len(m.calls))/float64(b.N), "pages/walk")
	// A failed benchmark prints no metrics, so its errors carry them.
	if p99 := pct(0.99); p99 > maxPageP99 {
		b.Errorf("GET %s: p99 of a page %s (p50 %s, %d pages), budget %s", path, p99, pct(0.50), len(m.latencies), maxPageP99)
	}
	if most > maxCallsPerPage {
		b.Errorf("GET %s: a page took %d DynamoDB requests (%.2f on average), budget %d", path, most, float64(total)/float64(len(m.calls)), maxCallsPerPage)
	}
}

// newBenchFixture serves the API over the seeded table, its clock running
// so that the rate limit refills as it does for a person walking pages.
func newBenchFixture(b *testing.B) *fixture {
	f := newFixtureOn(b, seeded(b))
	start := time.Now()
	f.server.Now = func() time.Time { return now.Add(time.Since(start)) }
	return f
}

// BenchmarkListPosts walks acme's month of posts, 2,000 of them, 50 a page,
// over HTTP with a verified token and DynamoDB Local.
func BenchmarkListPosts(b *testing.B) {
	f := newBenchFixture(b)
	f.benchWalks(b, "/api/clients/acme/posts", benchData.posts)
}

// BenchmarkInboxPages walks acme's inbox, 10,000 interactions, 50 a page,
// whole and through sparse filters, whose pages hold what at most two
// queries found.
func BenchmarkInboxPages(b *testing.B) {
	f := newBenchFixture(b)
	filters := []struct {
		name  string
		query string
		keep  func(benchInteraction) bool
	}{
		{"all", "", func(benchInteraction) bool { return true }},
		{"network=x", "?network=x", func(e benchInteraction) bool { return e.network == relais.X }},
		{"state=hide", "?state=hide", func(e benchInteraction) bool { return e.hidden }},
	}
	for _, tt := range filters {
		b.Run(tt.name, func(b *testing.B) {
			var want []string
			for _, e := range benchData.inbox {
				if tt.keep(e) {
					want = append(want, e.id)
				}
			}
			f.benchWalks(b, "/api/clients/acme/inbox"+tt.query, want)
		})
	}
}
