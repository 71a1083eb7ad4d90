package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

var zones = map[string]string{"acme": "Europe/Paris", "globex": "Europe/Paris"}

func interaction(id string, kind relais.InteractionKind, text string) relais.Interaction {
	return relais.Interaction{
		ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: id, PostID: "p1", ParentID: "p1",
		Kind: kind, Author: relais.Author{ID: "u1", Name: "Camille"}, Text: text, CreatedAt: now, ReceivedAt: now,
	}
}

func TestIngestOutcomes(t *testing.T) {
	edit := func(id, text string) relais.Interaction {
		in := interaction(id, relais.KindEdit, text)
		in.ReceivedAt = now.Add(time.Minute)
		return in
	}
	unrouted := interaction("u1", relais.KindComment, "hello")
	unrouted.ClientID, unrouted.AccountID = "", "nobodys-page"
	tests := []struct {
		name        string
		before      []relais.Interaction
		ingest      relais.Interaction
		want        dynamo.Outcome
		wantText    string
		wantKind    relais.InteractionKind
		wantRemoved bool
		wantCount   int64
	}{
		{name: "new comment", ingest: interaction("c1", relais.KindComment, "hi"),
			want: dynamo.Created, wantText: "hi", wantKind: relais.KindComment, wantCount: 1},
		{name: "duplicate", before: []relais.Interaction{interaction("c1", relais.KindComment, "hi")},
			ingest: interaction("c1", relais.KindComment, "hi"),
			want:   dynamo.Duplicate, wantText: "hi", wantKind: relais.KindComment, wantCount: 1},
		{name: "edit of a stored comment", before: []relais.Interaction{interaction("c1", relais.KindComment, "hi")},
			ingest: edit("c1", "hi, edited"),
			want:   dynamo.Updated, wantText: "hi, edited", wantKind: relais.KindComment, wantCount: 1},
		{name: "edit of a comment never seen", ingest: edit("c1", "edited first"),
			want: dynamo.Created, wantText: "edited first", wantKind: relais.KindComment, wantCount: 1},
		{name: "removal of a stored comment", before: []relais.Interaction{interaction("c1", relais.KindComment, "hi")},
			ingest: interaction("c1", relais.KindRemoval, ""),
			want:   dynamo.Updated, wantText: "hi", wantKind: relais.KindComment, wantRemoved: true, wantCount: 1},
		{name: "removal before the comment", ingest: interaction("c1", relais.KindRemoval, ""),
			want: dynamo.Updated, wantKind: relais.KindComment, wantRemoved: true},
		{name: "comment after its removal", before: []relais.Interaction{interaction("c1", relais.KindRemoval, "")},
			ingest: interaction("c1", relais.KindComment, "hi"),
			want:   dynamo.Duplicate, wantKind: relais.KindComment, wantRemoved: true},
		{name: "account no client owns", ingest: unrouted, want: dynamo.Unrouted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := newStore(t)
			for _, in := range tt.before {
				_, err := s.Ingest(ctx, []relais.Interaction{in}, zones)
				mustOK(t, err)
			}
			got, err := s.Ingest(ctx, []relais.Interaction{tt.ingest}, zones)
			mustOK(t, err)
			if got[0] != tt.want {
				t.Errorf("outcome: got %v, want %v", got[0], tt.want)
			}
			if tt.want == dynamo.Unrouted {
				kept, err := s.Unrouted(ctx, relais.AccountRef{Network: relais.Sandbox, ID: "nobodys-page"})
				mustOK(t, err)
				if len(kept) != 1 || kept[0].Text != "hello" || kept[0].ClientID != "" {
					t.Errorf("unrouted: got %+v, want the comment, with no client", kept)
				}
				return
			}
			stored, err := s.Interaction(ctx, "acme", relais.Sandbox, "c1")
			mustOK(t, err)
			if stored.Text != tt.wantText || stored.Kind != tt.wantKind || stored.Removed != tt.wantRemoved {
				t.Errorf("stored: got text %q kind %s removed %v, want %q %s %v",
					stored.Text, stored.Kind, stored.Removed, tt.wantText, tt.wantKind, tt.wantRemoved)
			}
			if got, want := countOf(t, s, relais.CountInteractions), tt.wantCount; got != want {
				t.Errorf("interactions counter: got %d, want %d", got, want)
			}
		})
	}
}

// TestIngestChangesInOrder: changes to an interaction apply in the order
// the network made them, whatever the order they arrive in, an edit never
// undoes a removal, and a change delivered again writes nothing, so that
// nothing is announced or moderated twice.
func TestIngestChangesInOrder(t *testing.T) {
	// edit is a change the author made at minute m, delivered at minute
	// d: late deliveries carry an earlier edit time than what is stored.
	edit := func(text string, m, d int) relais.Interaction {
		in := interaction("c1", relais.KindEdit, text)
		in.EditedAt = now.Add(time.Duration(m) * time.Minute)
		in.ReceivedAt = now.Add(time.Duration(d) * time.Minute)
		return in
	}
	comment := interaction("c1", relais.KindComment, "hi")
	removal := interaction("c1", relais.KindRemoval, "")
	tests := []struct {
		name        string
		before      []relais.Interaction
		ingest      relais.Interaction
		want        dynamo.Outcome
		wantText    string
		wantRemoved bool
		wantEdited  time.Time
	}{
		{name: "newer edit", before: []relais.Interaction{comment, edit("first", 1, 1)},
			ingest: edit("second", 2, 2), want: dynamo.Updated, wantText: "second", wantEdited: now.Add(2 * time.Minute)},
		{name: "late edit after a newer one", before: []relais.Interaction{comment, edit("second", 2, 2)},
			ingest: edit("first", 1, 3), want: dynamo.Duplicate, wantText: "second", wantEdited: now.Add(2 * time.Minute)},
		{name: "edit replayed", before: []relais.Interaction{comment, edit("first", 1, 1)},
			ingest: edit("first", 1, 5), want: dynamo.Duplicate, wantText: "first", wantEdited: now.Add(time.Minute)},
		{name: "edit after the removal", before: []relais.Interaction{comment, removal},
			ingest: edit("edited", 1, 2), want: dynamo.Duplicate, wantText: "hi", wantRemoved: true},
		{name: "edit after a removal that came first", before: []relais.Interaction{removal},
			ingest: edit("edited", 1, 2), want: dynamo.Duplicate, wantRemoved: true},
		{name: "removal replayed", before: []relais.Interaction{comment, removal},
			ingest: removal, want: dynamo.Duplicate, wantText: "hi", wantRemoved: true},
		{name: "removal after an edit", before: []relais.Interaction{comment, edit("edited", 1, 1)},
			ingest: removal, want: dynamo.Updated, wantText: "edited", wantRemoved: true, wantEdited: now.Add(time.Minute)},
		{name: "comment after its edit", before: []relais.Interaction{edit("edited", 1, 1)},
			ingest: comment, want: dynamo.Duplicate, wantText: "edited", wantEdited: now.Add(time.Minute)},
		// Two edits in the same second (Meta stamps seconds): the same one
		// wins in either order.
		{name: "same-time edits, one order", before: []relais.Interaction{comment, edit("a", 1, 1)},
			ingest: edit("b", 1, 2), want: dynamo.Updated, wantText: "b", wantEdited: now.Add(time.Minute)},
		{name: "same-time edits, other order", before: []relais.Interaction{comment, edit("b", 1, 1)},
			ingest: edit("a", 1, 2), want: dynamo.Duplicate, wantText: "b", wantEdited: now.Add(time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := newStore(t)
			for _, in := range tt.before {
				_, err := s.Ingest(ctx, []relais.Interaction{in}, zones)
				mustOK(t, err)
			}
			got, err := s.Ingest(ctx, []relais.Interaction{tt.ingest}, zones)
			mustOK(t, err)
			if got[0] != tt.want {
				t.Errorf("outcome: got %v, want %v", got[0], tt.want)
			}
			stored, err := s.Interaction(ctx, "acme", relais.Sandbox, "c1")
			mustOK(t, err)
			if stored.Text != tt.wantText || stored.Removed != tt.wantRemoved || !stored.EditedAt.Equal(tt.wantEdited) {
				t.Errorf("stored: got text %q removed %v edited %v, want %q %v %v",
					stored.Text, stored.Removed, stored.EditedAt, tt.wantText, tt.wantRemoved, tt.wantEdited)
			}
			if got, want := countOf(t, s, relais.CountInteractions), int64(1); tt.before[0].Kind != relais.KindRemoval && got != want {
				t.Errorf("interactions counter: got %d, want %d", got, want)
			}
		})
	}
}

func countOf(t *testing.T, s *dynamo.Store, name string) int64 {
	t.Helper()
	counters, err := s.Counters(context.Background(), "acme", "2026-11-22", "2026-11-22")
	mustOK(t, err)
	var n int64
	for _, c := range counters {
		n += c.Counts[name]
	}
	return n
}

// TestIngestLargeBatch stores a delivery of 1000 comments, some of them
// already stored and one edited in the same delivery, over several
// transactions, and counts each comment once.
func TestIngestLargeBatch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	var batch []relais.Interaction
	for i := range 1000 {
		in := interaction(fmt.Sprintf("c%04d", i), relais.KindComment, "hi")
		if i%2 == 1 {
			in.Kind, in.ParentID = relais.KindReply, "c0000"
		}
		batch = append(batch, in)
	}
	_, err := s.Ingest(ctx, batch[:150], zones)
	mustOK(t, err)
	batch = append(batch, interaction("c0999", relais.KindEdit, "hi, edited"))

	got, err := s.Ingest(ctx, batch, zones)
	mustOK(t, err)
	tally := map[dynamo.Outcome]int{}
	for _, o := range got {
		tally[o]++
	}
	want := map[dynamo.Outcome]int{dynamo.Duplicate: 150, dynamo.Created: 850, dynamo.Updated: 1}
	for o, n := range want {
		if tally[o] != n {
			t.Errorf("outcome %v: got %d, want %d", o, tally[o], n)
		}
	}
	inbox, err := s.Inbox(ctx, "acme", dynamo.InboxFilter{Limit: 2000})
	mustOK(t, err)
	if got, want := len(inbox), 1000; got != want {
		t.Errorf("stored: got %d, want %d", got, want)
	}
	for name, want := range map[string]int64{
		relais.CountInteractions:             1000,
		relais.CountKind(relais.KindComment): 500,
		relais.CountKind(relais.KindReply):   500,
	} {
		if got := countOf(t, s, name); got != want {
			t.Errorf("counter %s: got %d, want %d", name, got, want)
		}
	}
	last, err := s.Interaction(ctx, "acme", relais.Sandbox, "c0999")
	mustOK(t, err)
	if got, want := last.Text, "hi, edited"; got != want {
		t.Errorf("edited text: got %q, want %q", got, want)
	}
}

// TestDecisionTakesInteractionOutOfSweep: an interaction waits in the
// sweep index until its decision is recorded.
func TestDecisionTakesInteractionOutOfSweep(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	_, err := s.Ingest(ctx, []relais.Interaction{interaction("c1", relais.KindComment, "hi"), interaction("c2", relais.KindComment, "yo")}, zones)
	mustOK(t, err)
	_, _, err = s.SaveDecision(ctx, relais.Decision{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c1", Action: relais.ActionAllow, DecidedAt: now}, "Europe/Paris")
	mustOK(t, err)
	waiting, err := s.Unmoderated(ctx, now.Add(time.Second), 10)
	mustOK(t, err)
	if len(waiting) != 1 || waiting[0].ID != "c2" || waiting[0].ClientID != "acme" {
		t.Errorf("waiting: got %+v, want c2 of acme alone", waiting)
	}
}

func TestOwners(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	acme := relais.AccountRef{Network: relais.Sandbox, ID: "acme-page"}
	globex := relais.AccountRef{Network: relais.Sandbox, ID: "globex-page"}
	nobody := relais.AccountRef{Network: relais.Sandbox, ID: "nobodys-page"}
	got, err := s.Owners(ctx, []relais.AccountRef{acme, globex, acme, nobody})
	mustOK(t, err)
	want := map[relais.AccountRef]dynamo.Owner{
		acme:   {ClientID: "acme", Zone: "Europe/Paris"},
		globex: {ClientID: "globex", Zone: "Europe/Paris"},
	}
	if len(got) != len(want) {
		t.Errorf("owners: got %v, want %v", got, want)
	}
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("owner of %s: got %+v, want %+v", ref, got[ref], w)
		}
	}
}

// failNth makes the nth TransactWriteItems call fail with err.
func failNth(n int, err error) func(*middleware.Stack) error {
	calls := 0
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("FailNth",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if awsmiddleware.GetOperationName(ctx) == "TransactWriteItems" {
					calls++
					if calls == n {
						return middleware.InitializeOutput{}, middleware.Metadata{}, err
					}
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	}
}

// TestIngestRetryAfterPartialFailure: the third transaction of a large
// delivery fails; the network's retry of the whole delivery writes only
// what was not written, and every comment is counted once.
func TestIngestRetryAfterPartialFailure(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	flaky := dynamo.New(dynamodb.New(s.DB().Options(), func(o *dynamodb.Options) {
		// As a throttled or unreachable table would.
		o.APIOptions = append(o.APIOptions, failNth(3, errors.New("throttled")))
		o.RetryMaxAttempts = 1
	}), s.Table())
	var batch []relais.Interaction
	for i := range 500 {
		batch = append(batch, interaction(fmt.Sprintf("c%04d", i), relais.KindComment, "hi"))
	}
	first, err := flaky.Ingest(ctx, batch, zones)
	if err == nil {
		t.Fatal("first delivery: got no error, want the failed write's")
	}
	retry, err := flaky.Ingest(ctx, batch, zones)
	mustOK(t, err)
	tally := func(outcomes []dynamo.Outcome) map[dynamo.Outcome]int {
		m := map[dynamo.Outcome]int{}
		for _, o := range outcomes {
			m[o]++
		}
		return m
	}
	firstTally, retryTally := tally(first), tally(retry)
	if firstTally[dynamo.Created] == 0 || firstTally[dynamo.Pending] == 0 {
		t.Errorf("first delivery: got %v, want some created and some pending", firstTally)
	}
	if got, want := retryTally[dynamo.Duplicate], firstTally[dynamo.Created]; got != want {
		t.Errorf("retry: %d duplicates, want the %d written before", got, want)
	}
	if got, want := retryTally[dynamo.Created], firstTally[dynamo.Pending]; got != want {
		t.Errorf("retry: %d created, want the %d left", got, want)
	}
	if got, want := countOf(t, s, relais.CountInteractions), int64(500); got != want {
		t.Errorf("interactions counter: got %d, want %d", got, want)
	}
}

// TestIngestSpillsToShardOnConflict: when a concurrent delivery holds the
// day's counter item, the retried transaction counts in a shard, and the
// counters read add the shards up.
func TestIngestSpillsToShardOnConflict(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	conflict := &types.TransactionCanceledException{
		Message:             aws.String("Transaction cancelled"),
		CancellationReasons: []types.CancellationReason{{Code: aws.String("None")}, {Code: aws.String("TransactionConflict")}},
	}
	busy := dynamo.New(dynamodb.New(s.DB().Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, failNth(2, conflict))
	}), s.Table())
	for _, id := range []string{"c1", "c2"} {
		got, err := busy.Ingest(ctx, []relais.Interaction{interaction(id, relais.KindComment, "hi")}, zones)
		mustOK(t, err)
		if got[0] != dynamo.Created {
			t.Errorf("%s: outcome %v, want created", id, got[0])
		}
	}
	out, err := s.DB().Query(ctx, &dynamodb.QueryInput{
		TableName:              aws.String(s.Table()),
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :c)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": &types.AttributeValueMemberS{Value: "CLIENT#acme"}, ":c": &types.AttributeValueMemberS{Value: "COUNTER#"},
		},
	})
	mustOK(t, err)
	if got, want := len(out.Items), 2; got != want {
		t.Errorf("counter items: got %d, want %d, the day's and a shard", got, want)
	}
	counters, err := s.Counters(ctx, "acme", "2026-11-22", "2026-11-22")
	mustOK(t, err)
	if got, want := len(counters), 1; got != want {
		t.Fatalf("day counters: got %d entries, want %d", got, want)
	}
	for name, want := range map[string]int64{relais.CountInteractions: 2, relais.CountKind(relais.KindComment): 2} {
		if got := counters[0].Counts[name]; got != want {
			t.Errorf("counter %s: got %d, want %d", name, got, want)
		}
	}
}

// TestRecordResponse: the team's answer made on the network counts once,
// on a thread that waited for one; a thank-you under a comment that asked
// nothing, or an answer to what Relais never saw, counts nothing.
func TestRecordResponse(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	asked, praise := interaction("c1", relais.KindComment, "Où est ma commande ?"), interaction("c2", relais.KindComment, "Super produit")
	_, err := s.Ingest(ctx, []relais.Interaction{asked, praise}, zones)
	mustOK(t, err)
	_, err = s.JoinThread(ctx, dynamo.Arrival{In: asked, NeedsAnswer: true}, now)
	mustOK(t, err)
	_, err = s.JoinThread(ctx, dynamo.Arrival{In: praise}, now)
	mustOK(t, err)
	reply := interaction("r1", relais.KindReply, "Nous regardons, merci !")
	reply.ParentID, reply.Author = "c1", relais.Author{ID: "acme-page"}
	reply.CreatedAt = now.Add(20 * time.Minute)
	orphan := reply
	orphan.ID, orphan.ParentID = "r2", "never-seen"
	thanks := reply
	thanks.ID, thanks.ParentID = "r3", "c2"
	for i, tt := range []struct {
		reply relais.Interaction
		want  bool
	}{{reply, true}, {reply, false}, {orphan, false}, {thanks, false}} {
		got, err := s.RecordResponse(ctx, "acme", tt.reply, "Europe/Paris")
		mustOK(t, err)
		if got != tt.want {
			t.Errorf("answer %d recorded: got %v, want %v", i+1, got, tt.want)
		}
	}
	for name, want := range map[string]int64{
		relais.CountResponses: 1,
		relais.CountResponseBucket(relais.ResponseBucket(20 * time.Minute)): 1,
		"response_le_1800": 1,
	} {
		if got := countOf(t, s, name); got != want {
			t.Errorf("counter %s: got %d, want %d", name, got, want)
		}
	}
}

// TestResponseSettlesAnUnknownAnswer: an answer sent from Relais whose
// outcome was lost is settled as sent when its network delivers it back.
func TestResponseSettlesAnUnknownAnswer(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	asked := interaction("c1", relais.KindComment, "Où est ma commande ?")
	_, err := s.Ingest(ctx, []relais.Interaction{asked}, zones)
	mustOK(t, err)
	_, err = s.JoinThread(ctx, dynamo.Arrival{In: asked, NeedsAnswer: true}, now)
	mustOK(t, err)
	a := relais.Answer{ClientID: "acme", Network: relais.Sandbox, InteractionID: "c1", ID: "a1", Text: "Elle part demain.", By: "max", At: now}
	_, _, err = s.ClaimAnswer(ctx, a)
	mustOK(t, err)
	a.State = relais.AnswerUnknown
	mustOK(t, s.SettleAnswer(ctx, a, "Europe/Paris"))

	reply := interaction("r1", relais.KindReply, "Elle part demain.")
	reply.ParentID, reply.Author = "c1", relais.Author{ID: "acme-page"}
	_, err = s.RecordResponse(ctx, "acme", reply, "Europe/Paris")
	mustOK(t, err)
	answers, err := s.Answers(ctx, "acme", relais.Sandbox, "c1")
	mustOK(t, err)
	if len(answers) != 1 || answers[0].State != relais.AnswerSent || answers[0].NetworkID != "r1" {
		t.Errorf("answers %+v, want a1 sent as r1", answers)
	}
}
