package report_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/report"
)

// Budgets of one client-month's report.
const (
	benchInteractions = 150_000
	benchPosts        = 2_000
	maxReadUnits      = 100
	maxHTMLBytes      = 300 << 10
	maxBuildTime      = time.Second
)

var benchNetworks = []relais.Network{relais.Facebook, relais.Instagram, relais.X, relais.LinkedIn}

// BenchmarkMonthReport builds and renders October 2026 for a client with
// 150,000 interactions and 2,000 posts that month, and as busy a
// September, seeded in DynamoDB Local through the store's own methods. It
// reports the read units each report consumes (RCU/op, as DynamoDB counts
// them with ReturnConsumedCapacity TOTAL) and the HTML's size, and fails
// over budget.
func BenchmarkMonthReport(b *testing.B) {
	ctx := context.Background()
	s := newStore(b)
	seedMonth(b, s)
	client, err := s.Client(ctx, "acme")
	mustOK(b, err)
	now := time.Date(2026, 11, 1, 8, 0, 0, 0, paris)
	period, err := relais.ParsePeriod("2026-10", paris, now)
	mustOK(b, err)
	var capacity dynamo.Capacity
	s = s.Metered(&capacity)
	var html int
	var slowest time.Duration
	for b.Loop() {
		start := time.Now()
		r, err := report.Build(ctx, s, client, period, agency, now)
		mustOK(b, err)
		files, err := report.Render(r)
		mustOK(b, err)
		slowest = max(slowest, time.Since(start))
		html = len(files["report.html"])
		if got := r.Totals[relais.CountInteractions]; got != benchInteractions {
			b.Fatalf("interactions: got %d, want %d", got, benchInteractions)
		}
		if len(r.TopPosts) != report.TopPostCount {
			b.Fatalf("top posts: got %d, want %d", len(r.TopPosts), report.TopPostCount)
		}
	}
	rcu := capacity.Total().Read / float64(b.N)
	b.ReportMetric(rcu, "RCU/op")
	b.ReportMetric(float64(html), "html-bytes")
	if rcu > maxReadUnits {
		b.Errorf("read units: %.1f per report, budget %d", rcu, maxReadUnits)
	}
	if html > maxHTMLBytes {
		b.Errorf("HTML: %d bytes, budget %d", html, maxHTMLBytes)
	}
	if slowest > maxBuildTime {
		b.Errorf("slowest report: %s, budget %s", slowest, maxBuildTime)
	}
}

// seedMonth writes September and October 2026: the day counters of every
// day and network, 2,000 published posts in October with their engagement,
// crises, and moderation examples up to the daily cap.
func seedMonth(tb testing.TB, s *dynamo.Store) {
	tb.Helper()
	ctx := context.Background()
	mustOK(tb, s.CreateClient(ctx, acme))
	for _, n := range benchNetworks {
		mustOK(tb, s.ConnectAccount(ctx, relais.Account{ClientID: "acme", Network: n, ID: "acme-" + string(n)}))
	}
	var jobs []func() error
	for _, month := range []time.Month{time.September, time.October} {
		first := time.Date(2026, month, 1, 0, 0, 0, 0, paris)
		days := first.AddDate(0, 1, -1).Day()
		slots := days * len(benchNetworks)
		for i := range slots {
			day := first.AddDate(0, 0, i/len(benchNetworks)).Format(relais.DayLayout)
			n := benchNetworks[i%len(benchNetworks)]
			// Spread 150,000 interactions over the slots, remainder first.
			count := int64(benchInteractions / slots)
			if i < benchInteractions%slots {
				count++
			}
			jobs = append(jobs, func() error {
				return s.AddCounters(ctx, "acme", relais.DayCounters{Day: day, Network: n, Counts: dayCounts(count, i)})
			})
		}
	}
	october := time.Date(2026, 10, 1, 9, 0, 0, 0, paris)
	for i := range benchPosts {
		n := benchNetworks[i%len(benchNetworks)]
		at := october.Add(time.Duration(i) * 31 * 24 * time.Hour / benchPosts)
		jobs = append(jobs, func() error {
			id := fmt.Sprintf("p%05d", i)
			utc := at.UTC()
			p := relais.Post{ID: id, ClientID: "acme", Account: relais.AccountRef{Network: n, ID: "acme-" + string(n)},
				Text: "Publication " + strconv.Itoa(i) + " : offre de la semaine, venez nous voir en boutique !", TimeZone: acme.TimeZone,
				LocalTime: at.Format("2006-01-02T15:04:05"), ScheduledAt: utc, Status: relais.StatusPublished, PublishedAt: &utc, NetworkPostID: "net-" + id}
			if err := s.CreatePost(ctx, p, "bench", "imported"); err != nil {
				return err
			}
			e := relais.Engagement{Likes: int64(i*37%500 + 5), Comments: int64(i * 11 % 60), Shares: int64(i * 7 % 25), Impressions: int64(i*97%9000 + 100), FetchedAt: utc.Add(7 * 24 * time.Hour), Final: true}
			return s.SaveEngagement(ctx, "acme", id, e)
		})
	}
	for d := 0; d < 31; d++ {
		day := october.AddDate(0, 0, d)
		if d%10 == 3 {
			jobs = append(jobs, func() error {
				_, err := s.SaveCrisis(ctx, relais.CrisisSuspected{ClientID: "acme", Network: relais.X, WindowStart: day.Add(5 * time.Hour), WindowEnd: day.Add(6 * time.Hour), Negative: 40, Interactions: 60}, acme.TimeZone)
				return err
			})
		}
		for k := range dynamo.ExamplesPerDay {
			jobs = append(jobs, func() error {
				_, err := s.SaveModerationExample(ctx, relais.ModerationExample{ClientID: "acme", Network: relais.Facebook,
					InteractionID: fmt.Sprintf("c%d-%d", d, k), Action: relais.ActionHide, Labels: []string{"insult"},
					Text: "Vous êtes des escrocs, remboursez-moi ma commande !", Flagged: []string{"escrocs"}, At: day.Add(time.Duration(k) * time.Hour)}, acme.TimeZone)
				return err
			})
		}
	}
	run(tb, jobs)
}

// dayCounts shapes one day's counters on one network around its
// interactions, as the webhook and the moderator count them.
func dayCounts(n int64, seed int) map[string]int64 {
	c := map[string]int64{
		relais.CountInteractions:                        n,
		relais.CountKind(relais.KindComment):            n * 7 / 10,
		relais.CountKind(relais.KindReply):              n * 2 / 10,
		relais.CountKind(relais.KindMention):            n - n*7/10 - n*2/10,
		relais.CountSentiment(relais.SentimentPositive): n / 2,
		relais.CountSentiment(relais.SentimentNeutral):  n * 3 / 10,
		relais.CountSentiment(relais.SentimentNegative): n - n/2 - n*3/10,
		relais.CountLabel("insult"):                     n / 50,
		relais.CountLabel("spam"):                       n / 40,
		relais.CountHidden:                              n / 50,
		relais.CountReview:                              n / 40,
		relais.CountAllowed:                             n - n/50 - n/40,
		relais.CountReplied:                             n / 10,
		relais.CountResponses:                           n / 10,
		relais.CountPostsScheduled:                      int64(seed%3 + 15),
	}
	for i := range len(relais.ResponseBuckets) + 1 {
		c[relais.CountResponseBucket(i)] = n / 10 / int64(len(relais.ResponseBuckets)+1)
	}
	return c
}

// run runs jobs on a few goroutines, which DynamoDB Local takes well.
func run(tb testing.TB, jobs []func() error) {
	tb.Helper()
	var wg sync.WaitGroup
	next := make(chan func() error)
	errs := make(chan error, 1)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range next {
				if err := job(); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		tb.Fatal(err)
	default:
	}
}
