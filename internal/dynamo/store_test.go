package dynamo_test

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/relais"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// newStore returns a store on a fresh table with two clients, each with
// one sandbox account.
func newStore(t *testing.T) *dynamo.Store {
	t.Helper()
	ctx := context.Background()
	db := dynamotest.Client(t)
	name := dynamotest.TableName()
	if err := dynamo.CreateTable(ctx, db, name); err != nil {
		t.Fatal(err)
	}
	s := dynamo.New(db, name)
	s.Now = func() time.Time { return now }
	for _, id := range []string{"acme", "globex"} {
		mustOK(t, s.CreateClient(ctx, relais.Client{ID: id, Name: id, TimeZone: "Europe/Paris", Locale: "fr"}))
		mustOK(t, s.ConnectAccount(ctx, relais.Account{ClientID: id, Network: relais.Sandbox, ID: id + "-page"}))
	}
	return s
}

func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := relais.ErrorCode(err); got != want {
		t.Errorf("%s: got error code %q (%v), want %q", what, got, err, want)
	}
}

func TestClients(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	wantCode(t, "duplicate client", s.CreateClient(ctx, relais.Client{ID: "acme", Name: "x", TimeZone: "UTC", Locale: "en"}), relais.ECONFLICT)
	wantCode(t, "bad time zone", s.CreateClient(ctx, relais.Client{ID: "new", Name: "x", TimeZone: "Mars/Olympus", Locale: "en"}), relais.EINVALID)
	_, err := s.Client(ctx, "nobody")
	wantCode(t, "unknown client", err, relais.ENOTFOUND)
	c, err := s.Client(ctx, "acme")
	mustOK(t, err)
	if got, want := c.TimeZone, "Europe/Paris"; got != want {
		t.Errorf("time zone: got %q, want %q", got, want)
	}
	list, err := s.Clients(ctx)
	mustOK(t, err)
	if got, want := len(list), 2; got != want {
		t.Errorf("clients: got %d, want %d", got, want)
	}
}

func TestAccountBelongsToOneClient(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	ref := relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"}
	wantCode(t, "connect to another client", s.ConnectAccount(ctx, relais.Account{ClientID: "globex", Network: ref.Network, ID: ref.ID}), relais.ECONFLICT)
	mustOK(t, s.ConnectAccount(ctx, relais.Account{ClientID: "acme", Network: ref.Network, ID: ref.ID}))
	wantCode(t, "connect to unknown client", s.ConnectAccount(ctx, relais.Account{ClientID: "nobody", Network: relais.Sandbox, ID: "x"}), relais.ENOTFOUND)
	owner, err := s.AccountOwner(ctx, ref)
	mustOK(t, err)
	if got, want := owner, "acme"; got != want {
		t.Errorf("owner: got %q, want %q", got, want)
	}
	_, err = s.Account(ctx, "globex", ref)
	wantCode(t, "account through another client", err, relais.ENOTFOUND)
}

func newPost(clientID, account string) relais.Post {
	return relais.Post{
		ID: "p-" + clientID, ClientID: clientID,
		Account: relais.AccountRef{Network: relais.Sandbox, ID: account},
		Text:    "Hello", TimeZone: "Europe/Paris", LocalTime: "2026-12-01T09:00:00",
		ScheduledAt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC), Status: relais.StatusScheduled,
	}
}

func TestPostOnAnotherClientsAccountIsRefused(t *testing.T) {
	s := newStore(t)
	err := s.CreatePost(context.Background(), newPost("acme", "globex-page"), "cli", "scheduled")
	wantCode(t, "post on another client's account", err, relais.ENOTFOUND)
}

func TestPostTransitions(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	mustOK(t, s.CreatePost(ctx, newPost("acme", "acme-page"), "cli", "scheduled"))
	p, err := s.FindPost(ctx, "p-acme")
	mustOK(t, err)
	_, err = s.Post(ctx, "globex", "p-acme")
	wantCode(t, "post through another client", err, relais.ENOTFOUND)

	// Two attempts race for the same version: exactly one wins.
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, results[i] = s.Transition(ctx, p, relais.StatusPublishing, "publisher", "attempt", "")
		}(i)
	}
	wg.Wait()
	won := 0
	for _, err := range results {
		if err == nil {
			won++
		} else {
			wantCode(t, "losing attempt", err, relais.ECONFLICT)
		}
	}
	if got, want := won, 1; got != want {
		t.Fatalf("winning attempts: got %d, want %d", got, want)
	}
	p, err = s.Post(ctx, "acme", "p-acme")
	mustOK(t, err)
	p.NetworkPostID = "acme-page_1"
	p, err = s.Transition(ctx, p, relais.StatusPublished, "publisher", "published", relais.CountPostsPublished)
	mustOK(t, err)
	_, err = s.Transition(ctx, p, relais.StatusScheduled, "cli", "again", "")
	wantCode(t, "published to scheduled", err, relais.ECONFLICT)

	audit, err := s.Audit(ctx, "acme", "p-acme")
	mustOK(t, err)
	var got []relais.PostStatus
	for _, a := range audit {
		got = append(got, a.To)
	}
	want := []relais.PostStatus{relais.StatusScheduled, relais.StatusPublishing, relais.StatusPublished}
	if len(got) != len(want) {
		t.Fatalf("audit: got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("audit[%d]: got %s, want %s", i, got[i], want[i])
		}
	}
	counters, err := s.Counters(ctx, "acme", "2026-11-01", "2026-12-31")
	mustOK(t, err)
	total := map[string]int64{}
	for _, c := range counters {
		for k, v := range c.Counts {
			total[k] += v
		}
	}
	for _, name := range []string{relais.CountPostsScheduled, relais.CountPostsPublished} {
		if got, want := total[name], int64(1); got != want {
			t.Errorf("counter %s: got %d, want %d", name, got, want)
		}
	}
}

func TestInteractionIsStoredAndCountedOnce(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	in := relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: "c1",
		Kind: relais.KindComment, Text: "hi", ReceivedAt: now, CreatedAt: now,
	}
	var wg sync.WaitGroup
	outcomes := make([]dynamo.Outcome, 5)
	for i := range outcomes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got, err := s.Ingest(ctx, []relais.Interaction{in}, map[string]string{"acme": "Europe/Paris"})
			if err != nil {
				t.Error(err)
				return
			}
			outcomes[i] = got[0]
		}(i)
	}
	wg.Wait()
	n := 0
	for _, o := range outcomes {
		if o == dynamo.Created {
			n++
		}
	}
	if got, want := n, 1; got != want {
		t.Errorf("deliveries that created the interaction: got %d, want %d", got, want)
	}
	d := relais.Decision{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c1", Action: relais.ActionHide,
		Score: relais.Score{Labels: []string{"insult"}}, DecidedAt: now}
	for i, want := range []bool{true, false} {
		_, got, err := s.SaveDecision(ctx, d, "Europe/Paris")
		mustOK(t, err)
		if got != want {
			t.Errorf("decision %d created: got %v, want %v", i, got, want)
		}
	}
	mustOK(t, s.MarkApplied(ctx, d))
	inbox, err := s.Inbox(ctx, "acme", dynamo.InboxFilter{Limit: 10})
	mustOK(t, err)
	if len(inbox) != 1 || inbox[0].Action != relais.ActionHide || !inbox[0].Applied {
		t.Errorf("inbox: got %+v, want one hidden and applied entry", inbox)
	}
	counters, err := s.Counters(ctx, "acme", "2026-11-22", "2026-11-22")
	mustOK(t, err)
	if len(counters) != 1 {
		t.Fatalf("counters: got %d days, want 1", len(counters))
	}
	for name, want := range map[string]int64{
		relais.CountInteractions: 1, relais.CountHidden: 1, relais.CountLabel("insult"): 1,
		relais.CountSentiment(relais.SentimentNeutral): 1,
	} {
		if got := counters[0].Counts[name]; got != want {
			t.Errorf("counter %s: got %d, want %d", name, got, want)
		}
	}
}

// Ids that compare case-insensitively on their network name one account,
// which one client only can own, however they are spelled.
func TestAccountIdsAreCanonical(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	tests := []struct {
		network     relais.Network
		first, then string
	}{
		{relais.Mastodon, "Alice@Mastodon.Social", "@alice@mastodon.social"},
		{relais.Bluesky, "acme.bsky.social", "ACME.Bsky.Social"},
	}
	for _, tt := range tests {
		t.Run(string(tt.network), func(t *testing.T) {
			mustOK(t, s.ConnectAccount(ctx, relais.Account{ClientID: "acme", Network: tt.network, ID: tt.first}))
			wantCode(t, "connect another spelling to another client",
				s.ConnectAccount(ctx, relais.Account{ClientID: "globex", Network: tt.network, ID: tt.then}), relais.ECONFLICT)
			ref := relais.AccountRef{Network: tt.network, ID: tt.then}
			owner, err := s.AccountOwner(ctx, ref)
			mustOK(t, err)
			if got, want := owner, "acme"; got != want {
				t.Errorf("owner of %s: got %q, want %q", ref, got, want)
			}
			owners, err := s.Owners(ctx, []relais.AccountRef{ref})
			mustOK(t, err)
			if got, want := owners[ref].ClientID, "acme"; got != want {
				t.Errorf("owners of %s: got %q, want %q", ref, got, want)
			}
			if _, err := s.Account(ctx, "acme", ref); err != nil {
				t.Errorf("account %s: %v", ref, err)
			}
		})
	}
}
