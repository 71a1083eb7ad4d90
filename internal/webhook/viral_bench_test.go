package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/webhook"
)

// burst is a bad buzz on one client's Facebook page, as Meta delivers it.
type burst struct {
	comments int           // sent in all
	batch    int           // comments per delivery
	over     time.Duration // the deliveries' send times spread over it
	senders  int           // deliveries in flight at most
	// timeout is how long a sender waits for an answer before it gives
	// up on the call and retries, as Meta does after about 20 s.
	timeout time.Duration
	// itemConflicts cancels a transaction that writes an item another one
	// in flight writes, as DynamoDB does; DynamoDB Local runs one
	// transaction at a time and never does.
	itemConflicts bool
}

// viralBurst is 20,000 comments in 2 minutes in deliveries of 20 over 16
// concurrent senders, on DynamoDB Local with DynamoDB's item conflicts.
// RELAIS_BURST=30s compresses the time (same comments, a higher rate),
// RELAIS_BURST_BATCH changes the batch size, RELAIS_BURST_CONFLICTS=off
// leaves DynamoDB Local as it is.
func viralBurst(b *testing.B) burst {
	v := burst{comments: 20000, batch: 20, over: 2 * time.Minute, senders: 16, timeout: 20 * time.Second, itemConflicts: true}
	v.itemConflicts = os.Getenv("RELAIS_BURST_CONFLICTS") != "off"
	if s := os.Getenv("RELAIS_BURST"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			b.Fatalf("RELAIS_BURST: %v", err)
		}
		v.over = d
	}
	if s := os.Getenv("RELAIS_BURST_BATCH"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			b.Fatalf("RELAIS_BURST_BATCH: want 1 to 1000, got %q", s)
		}
		v.batch = n
	}
	return v
}

// BenchmarkViralPost sends one client a viral post's comments through
// the real webhook handler, over HTTP, with Meta's signatures, into the
// real intake on DynamoDB Local. Each sender retries a delivery answered
// non-2xx, or not answered in time, with a jittered backoff, as Meta does.
// It fails when a comment is lost or counted twice: the inbox, the day's
// counters and the announcements must each hold every comment sent, once.
//
// Figures, for one burst: non-2xx answers (non2xx), calls that timed out
// (timeouts), deliveries that needed a retry (retried), answer times of
// every call (p50-ms, p99-ms), transactions DynamoDB cancelled for a
// conflict with another (conflicts), and the whole burst's wall time.
func BenchmarkViralPost(b *testing.B) {
	v := viralBurst(b)
	b.Logf("%d comments in deliveries of %d over %s, %d senders, item conflicts %v", v.comments, v.batch, v.over, v.senders, v.itemConflicts)
	for b.Loop() {
		r := v.run(b)
		b.ReportMetric(float64(r.non2xx), "non2xx")
		b.ReportMetric(float64(r.timeouts), "timeouts")
		b.ReportMetric(float64(r.retried), "retried")
		b.ReportMetric(r.percentile(50), "p50-ms")
		b.ReportMetric(r.percentile(99), "p99-ms")
		b.ReportMetric(float64(r.conflicts.Load()), "conflicts")
	}
}

// burstResult is what one burst measured.
type burstResult struct {
	mu        sync.Mutex
	answers   []time.Duration // every call, answered or timed out
	non2xx    int
	timeouts  int
	retried   int
	conflicts atomic.Int64
}

func (r *burstResult) call(d time.Duration, status int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answers = append(r.answers, d)
	switch {
	case err != nil:
		r.timeouts++
	case status < 200 || status > 299:
		r.non2xx++
	}
}

// percentile is the answer time at p percent, in milliseconds.
func (r *burstResult) percentile(p int) float64 {
	if len(r.answers) == 0 {
		return 0
	}
	s := slices.Clone(r.answers)
	slices.Sort(s)
	return float64(s[(len(s)-1)*p/100]) / float64(time.Millisecond)
}

func (v burst) run(b *testing.B) *burstResult {
	b.Helper()
	ctx := context.Background()
	page := relais.Account{ClientID: "acme", Network: relais.Facebook, ID: "104857392018375"}
	s := relaistest.NewStore(b, now, []relais.Client{{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr"}}, page)
	res := &burstResult{}
	counted := dynamo.New(dynamodb.New(s.DB().Options(), func(o *dynamodb.Options) {
		if v.itemConflicts {
			o.APIOptions = append(o.APIOptions, (&itemLocks{held: map[string]bool{}}).middleware)
		}
		o.APIOptions = append(o.APIOptions, countConflicts(&res.conflicts))
	}), s.Table())
	counted.Now = s.Now
	bus := &relaistest.Bus{}
	h := webhook.New(intake.New(counted, bus), allSecrets(), settings, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	h.Now = func() time.Time { return now }
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := &http.Client{
		Timeout:   v.timeout,
		Transport: &http.Transport{MaxIdleConnsPerHost: v.senders},
	}

	deliveries := (v.comments + v.batch - 1) / v.batch
	due := make(chan int, deliveries)
	go func() {
		start := time.Now()
		for i := range deliveries {
			time.Sleep(time.Until(start.Add(v.over * time.Duration(i) / time.Duration(deliveries))))
			due <- i
		}
		close(due)
	}()
	var wg sync.WaitGroup
	var lost atomic.Int64
	for range v.senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range due {
				first := i * v.batch
				body := metaBatch(first, min(v.batch, v.comments-first))
				if !v.send(client, srv.URL, body, res) {
					lost.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := lost.Load(); n > 0 {
		b.Fatalf("%d deliveries never answered 2xx", n)
	}

	want := int64(v.comments)
	counts := relaistest.Counts(b, s, "acme", "2026-11-22")
	entries, err := s.Inbox(ctx, "acme", dynamo.InboxFilter{Limit: v.comments + 1})
	relaistest.MustOK(b, err)
	for what, got := range map[string]int64{
		"stored":                  int64(len(entries)),
		"interactions counter":    counts[relais.CountInteractions],
		"comments counter":        counts[relais.CountKind(relais.KindComment)],
		"Interaction Received":    int64(len(bus.Events())),
		"distinct announcements":  distinctAnnounced(bus.Events()),
		"distinct stored entries": distinctEntries(entries),
	} {
		if got != want {
			b.Errorf("%s: got %d, want %d", what, got, want)
		}
	}
	if b.Failed() {
		b.FailNow()
	}
	return res
}

// send posts one delivery until it is answered 2xx, and reports whether
// it was, within Meta's patience.
func (v burst) send(client *http.Client, url string, body []byte, res *burstResult) bool {
	header, sig, err := webhook.Sign("meta", []byte(networkSecret), body, now)
	if err != nil {
		panic(err)
	}
	wait := 100 * time.Millisecond
	for attempt := range 30 {
		if attempt == 1 {
			res.mu.Lock()
			res.retried++
			res.mu.Unlock()
		}
		req, err := http.NewRequest(http.MethodPost, url+webhook.Path+"meta", bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		req.Header.Set(header, sig)
		req.Header.Set("Content-Type", "application/json")
		start := time.Now()
		resp, err := client.Do(req)
		status := 0
		if err == nil {
			status = resp.StatusCode
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		res.call(time.Since(start), status, err)
		if err == nil && status >= 200 && status <= 299 {
			return true
		}
		time.Sleep(wait/2 + rand.N(wait))
		wait = min(2*wait, 10*time.Second)
	}
	return false
}

// countConflicts counts the write transactions DynamoDB cancels because
// another one held an item they write. It is the outermost step, so that
// it sees the conflicts itemLocks makes.
func countConflicts(n *atomic.Int64) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("CountConflicts",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				out, md, err := next.HandleInitialize(ctx, in)
				var tc *types.TransactionCanceledException
				if awsmiddleware.GetOperationName(ctx) == "TransactWriteItems" && errors.As(err, &tc) {
					for _, r := range tc.CancellationReasons {
						if r.Code != nil && *r.Code == "TransactionConflict" {
							n.Add(1)
							break
						}
					}
				}
				return out, md, err
			}), middleware.Before)
	}
}

// itemLocks gives DynamoDB Local DynamoDB's rule for concurrent
// transactions: one that writes an item another transaction in flight
// writes is cancelled, with TransactionConflict as the reason for that
// item. DynamoDB Local serialises transactions instead, so that without
// it a hot item costs waiting, never a conflict.
type itemLocks struct {
	mu   sync.Mutex
	held map[string]bool
}

func (l *itemLocks) middleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("ItemConflicts",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			tx, ok := in.Parameters.(*dynamodb.TransactWriteItemsInput)
			if !ok {
				return next.HandleInitialize(ctx, in)
			}
			keys := make([]string, len(tx.TransactItems))
			for i, it := range tx.TransactItems {
				keys[i] = itemKey(it)
			}
			if reasons, busy := l.take(keys); busy {
				return middleware.InitializeOutput{}, middleware.Metadata{}, &types.TransactionCanceledException{
					Message: aws.String("Transaction cancelled: conflict (emulated)"), CancellationReasons: reasons,
				}
			}
			defer l.release(keys)
			return next.HandleInitialize(ctx, in)
		}), middleware.After)
}

// take holds keys, or returns the reasons a transaction on them is
// cancelled when another holds any.
func (l *itemLocks) take(keys []string) ([]types.CancellationReason, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	reasons := make([]types.CancellationReason, len(keys))
	busy := false
	for i, k := range keys {
		reasons[i].Code = aws.String("None")
		if l.held[k] {
			reasons[i].Code, busy = aws.String("TransactionConflict"), true
		}
	}
	if busy {
		return reasons, true
	}
	for _, k := range keys {
		l.held[k] = true
	}
	return nil, false
}

func (l *itemLocks) release(keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.held, k)
	}
}

// itemKey names the item a transaction action writes.
func itemKey(it types.TransactWriteItem) string {
	var k map[string]types.AttributeValue
	switch {
	case it.Put != nil:
		k = it.Put.Item
	case it.Update != nil:
		k = it.Update.Key
	case it.Delete != nil:
		k = it.Delete.Key
	case it.ConditionCheck != nil:
		k = it.ConditionCheck.Key
	}
	pk, _ := k["PK"].(*types.AttributeValueMemberS)
	sk, _ := k["SK"].(*types.AttributeValueMemberS)
	if pk == nil || sk == nil {
		return ""
	}
	return pk.Value + "|" + sk.Value
}

func distinctAnnounced(events []relais.Event) int64 {
	seen := map[string]bool{}
	for _, e := range events {
		if r, ok := e.(relais.InteractionReceived); ok {
			seen[r.InteractionID] = true
		}
	}
	return int64(len(seen))
}

func distinctEntries(entries []dynamo.InboxEntry) int64 {
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.ID] = true
	}
	return int64(len(seen))
}
