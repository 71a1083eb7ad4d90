package dynamo

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// Outcome says what intake did with one interaction.
type Outcome int

const (
	// Pending: not written yet, because an earlier write of the batch failed.
	Pending Outcome = iota
	// Created: a new interaction was stored and counted.
	Created
	// Updated: an edit or removal changed a stored interaction, or a
	// removal arrived first and was stored as removed.
	Updated
	// Duplicate: the interaction was stored already; nothing was written.
	Duplicate
	// Unrouted: no client owns the account; the interaction is kept for
	// replay once the account is connected.
	Unrouted
)

func (o Outcome) String() string {
	switch o {
	case Created:
		return "created"
	case Updated:
		return "updated"
	case Duplicate:
		return "duplicate"
	case Unrouted:
		return "unrouted"
	}
	return "pending"
}

// maxTransactItems is DynamoDB's limit of actions in one transaction.
const maxTransactItems = 100

// maxRounds bounds how often one chunk is rewritten after conditions or
// conflicts cancelled it.
const maxRounds = 8

// unroutedTTL is how long an unrouted interaction waits for its account.
const unroutedTTL = 30 * 24 * time.Hour

// op is one write of intake.
type op int

const (
	opCreate    op = iota // put a new interaction
	opEdit                // change the text of a stored one
	opRemove              // mark a stored one removed
	opTombstone           // store a removal that arrived before its interaction
	opUnrouted            // keep an interaction no client owns
)

type intakeWrite struct {
	index int
	op    op
	in    relais.Interaction
	zone  string
}

func (w intakeWrite) key() key {
	if w.op == opUnrouted {
		return unroutedKey(w.in)
	}
	return interactionKey(w.in.ClientID, w.in.Network, w.in.ID)
}

// Ingest stores a delivery's interactions, each once: in one transaction
// for up to 100 writes, so that a delivery of up to 90 or so interactions
// costs a single write call. Transactions rather than BatchWriteItem,
// because only they take the conditions that make a retried or concurrent
// delivery store nothing twice, and the counters move with what they count.
//
// Interactions with no ClientID are kept as unrouted. zones gives each
// client's time zone, which decides the day an interaction is counted in.
// On error, the outcomes say what was written before it.
func (s *Store) Ingest(ctx context.Context, ins []relais.Interaction, zones map[string]string) ([]Outcome, error) {
	outcomes := make([]Outcome, len(ins))
	writes := make([]intakeWrite, len(ins))
	for i, in := range ins {
		if in.Kind == relais.KindEdit && in.EditedAt.IsZero() {
			// A network that stamps no edit has only the reception to
			// order it by.
			in.EditedAt = in.ReceivedAt
		}
		writes[i] = intakeWrite{index: i, op: firstOp(in), in: in, zone: zones[in.ClientID]}
	}
	for len(writes) > 0 {
		n := chunk(writes)
		if err := s.ingestChunk(ctx, writes[:n], outcomes); err != nil {
			return outcomes, err
		}
		writes = writes[n:]
	}
	return outcomes, nil
}

func firstOp(in relais.Interaction) op {
	switch {
	case in.ClientID == "":
		return opUnrouted
	case in.Kind == relais.KindEdit:
		return opEdit
	case in.Kind == relais.KindRemoval:
		return opRemove
	}
	return opCreate
}

// chunk returns how many writes fit one transaction: within the action
// limit counting one counter update per client, day and network, and with
// no item written twice.
func chunk(writes []intakeWrite) int {
	keys := map[key]bool{}
	counters := map[key]bool{}
	for i, w := range writes {
		k := w.key()
		if keys[k] {
			return i
		}
		if c, ok := w.counterKey(); ok && !counters[c] {
			if len(keys)+len(counters)+2 > maxTransactItems {
				return i
			}
			counters[c] = true
		} else if len(keys)+len(counters)+1 > maxTransactItems {
			return i
		}
		keys[k] = true
	}
	return len(writes)
}

// counted reports whether a write adds to the day counters: new
// interactions do, edits that arrive first too, as they create it.
func (w intakeWrite) counted() bool { return w.op == opCreate }

func (w intakeWrite) counterKey() (key, bool) {
	if !w.counted() && w.op != opEdit {
		return key{}, false
	}
	return w.counterShard(0), true
}

// counterShard is one of the items that hold the counters of the write's
// client, day and network.
func (w intakeWrite) counterShard(shard int) key {
	return counterShardKey(w.in.ClientID, dayIn(w.in.ReceivedAt, w.zone), w.in.Network, shard)
}

// ingestChunk writes one transaction's worth, rewriting it while conditions
// turn writes into others (an edit of an interaction never seen becomes its
// creation) or concurrent writers conflict.
func (s *Store) ingestChunk(ctx context.Context, writes []intakeWrite, outcomes []Outcome) error {
	writes = append([]intakeWrite(nil), writes...)
	// spill: a concurrent delivery held a counter item; count in a shard.
	spill := false
	for round := 0; len(writes) > 0; round++ {
		if round == maxRounds {
			return errors.New("dynamo: ingest: writes kept conflicting; the delivery can be retried")
		}
		items := make([]types.TransactWriteItem, 0, len(writes)+1)
		for _, w := range writes {
			items = append(items, s.intakeItem(w))
		}
		items = append(items, s.intakeCounters(writes, spill)...)
		err := s.transact(ctx, items...)
		if err == nil {
			for _, w := range writes {
				outcomes[w.index] = w.done()
			}
			return nil
		}
		var tc *types.TransactionCanceledException
		if !errors.As(err, &tc) {
			return wrap("ingest interactions", err)
		}
		next := writes[:0]
		for i, w := range writes {
			var code string
			if i < len(tc.CancellationReasons) && tc.CancellationReasons[i].Code != nil {
				code = *tc.CancellationReasons[i].Code
			}
			if code != "ConditionalCheckFailed" {
				next = append(next, w)
				continue
			}
			if then, again := w.afterFailedCondition(tc.CancellationReasons[i].Item != nil); again {
				next = append(next, then)
			} else {
				outcomes[w.index] = Duplicate
			}
		}
		writes = next
		spill = spill || anyConflict(tc)
		if !anyCondition(tc) {
			// Only conflicts with concurrent writers: wait a little, so that
			// they finish, then try again.
			if err := sleep(ctx, backoff(round)); err != nil {
				return err
			}
		}
	}
	return nil
}

func anyCondition(tc *types.TransactionCanceledException) bool {
	return anyReason(tc, "ConditionalCheckFailed")
}

func anyConflict(tc *types.TransactionCanceledException) bool {
	return anyReason(tc, "TransactionConflict")
}

func anyReason(tc *types.TransactionCanceledException, code string) bool {
	for _, r := range tc.CancellationReasons {
		if r.Code != nil && *r.Code == code {
			return true
		}
	}
	return false
}

// backoff is a jittered wait before the next round of a retried write.
func backoff(round int) time.Duration {
	return time.Duration(5+rand.IntN(10<<min(round, 6))) * time.Millisecond
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// afterFailedCondition returns what a write becomes when its condition
// failed, or false when the failure means it is already done. stored says
// whether the interaction was there: an edit or removal that failed on a
// stored one is older than it, or replayed, or comes after the removal.
func (w intakeWrite) afterFailedCondition(stored bool) (intakeWrite, bool) {
	switch {
	case stored && (w.op == opEdit || w.op == opRemove):
		return w, false
	case w.op == opEdit:
		// Edited before Relais saw it: store it as it reads now.
		w.op = opCreate
		w.in.Kind = originalKind(w.in)
		return w, true
	case w.op == opRemove:
		w.op = opTombstone
		return w, true
	case w.op == opTombstone:
		// Created meanwhile: remove it.
		w.op = opRemove
		return w, true
	}
	return w, false
}

func (w intakeWrite) done() Outcome {
	switch w.op {
	case opCreate:
		return Created
	case opUnrouted:
		return Unrouted
	}
	return Updated
}

// originalKind guesses what an edited interaction was when its creation
// never reached Relais.
func originalKind(in relais.Interaction) relais.InteractionKind {
	if in.ParentID != "" && in.ParentID != in.PostID {
		return relais.KindReply
	}
	return relais.KindComment
}

// newerEdit is the condition under which an edit applies over what is
// stored: the interaction is not removed, and the edit is newer than the
// stored text by the network's own time of the edit (editedAt is written
// at fixed width, so that string order is time order). At the same time,
// as two edits within Meta's second can be, the greater text wins, so that
// either order ends the same. A replayed edit fails it and writes nothing.
const newerEdit = "(attribute_not_exists(removed) OR removed = :false) AND " +
	"(attribute_not_exists(editedAt) OR editedAt < :at OR (editedAt = :at AND #t < :t))"

// newerEditValues are newerEdit's names and values for an edit.
func newerEditValues(in relais.Interaction) (map[string]string, map[string]types.AttributeValue) {
	return map[string]string{"#t": "text"}, map[string]types.AttributeValue{
		":false": &types.AttributeValueMemberBOOL{Value: false},
		":at":    str(sortable(in.EditedAt)),
		":t":     str(in.Text),
	}
}

func (s *Store) intakeItem(w intakeWrite) types.TransactWriteItem {
	switch w.op {
	case opEdit:
		names, values := newerEditValues(w.in)
		values[":u"], values[":usk"] = str(unmoderatedPK), str(unmoderatedSK(w.in))
		return types.TransactWriteItem{Update: &types.Update{
			TableName: &s.table,
			Key:       w.key().av(),
			// An edited text is moderated again.
			UpdateExpression:                    aws.String("SET #t = :t, editedAt = :at, " + attrGSI2PK + " = :u, " + attrGSI2SK + " = :usk"),
			ConditionExpression:                 aws.String("attribute_exists(PK) AND " + newerEdit),
			ExpressionAttributeNames:            names,
			ExpressionAttributeValues:           values,
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}}
	case opRemove:
		return types.TransactWriteItem{Update: &types.Update{
			TableName:        &s.table,
			Key:              w.key().av(),
			UpdateExpression: aws.String("SET removed = :t REMOVE " + attrGSI2PK + ", " + attrGSI2SK),
			// Removed already: a replay writes nothing.
			ConditionExpression:                 aws.String("attribute_exists(PK) AND NOT removed = :t"),
			ExpressionAttributeValues:           map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}},
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		}}
	case opTombstone:
		in := w.in
		in.Kind, in.Removed = originalKind(in), true
		it := interactionToItem(in)
		delete(it, attrGSI2PK)
		delete(it, attrGSI2SK)
		return s.putNewItem(it)
	case opUnrouted:
		it := unroutedToItem(w.in)
		switch w.in.Kind {
		case relais.KindRemoval:
			// A removal is the last change there is.
			return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: it}}
		case relais.KindEdit:
			// The latest edit is kept, never over the removal.
			names, values := newerEditValues(w.in)
			return types.TransactWriteItem{Put: &types.Put{
				TableName: &s.table, Item: it,
				ConditionExpression:       aws.String("attribute_not_exists(PK) OR (" + newerEdit + ")"),
				ExpressionAttributeNames:  names,
				ExpressionAttributeValues: values,
			}}
		}
		return s.putNewItem(it)
	}
	return s.putNewItem(interactionToItem(w.in))
}

// intakeCounters adds up, per client, day and network, what the writes
// count, as one update each. They go to the day's own counter item unless
// spill is set: then each goes to a shard picked at random, so that
// concurrent deliveries for one client, which all count in the same day,
// stop colliding on one item (see "Limits" in the README). The shard is
// written in the same transaction as what it counts, so a comment is
// counted once whichever shard takes it.
func (s *Store) intakeCounters(writes []intakeWrite, spill bool) []types.TransactWriteItem {
	type tally struct {
		w      intakeWrite
		counts map[string]int64
	}
	var order []key
	tallies := map[key]*tally{}
	for _, w := range writes {
		if !w.counted() {
			continue
		}
		k, _ := w.counterKey()
		t := tallies[k]
		if t == nil {
			t = &tally{w: w, counts: map[string]int64{}}
			tallies[k] = t
			order = append(order, k)
		}
		t.counts[relais.CountInteractions]++
		t.counts[relais.CountKind(w.in.Kind)]++
	}
	out := make([]types.TransactWriteItem, 0, len(order))
	for _, k := range order {
		t := tallies[k]
		shard := 0
		if spill {
			shard = 1 + rand.IntN(counterShards-1)
		}
		out = append(out, s.add(t.w.counterShard(shard), t.counts))
	}
	return out
}
