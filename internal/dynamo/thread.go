package dynamo

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// Arrival is a customer's message joining its thread, with what
// moderation made of it.
type Arrival struct {
	In     relais.Interaction
	Action relais.Action
	// NeedsAnswer: the message waits for the team's answer; Due is when
	// the client's Target says it must have one (zero without a target).
	NeedsAnswer bool
	Due         time.Time
	Target      string
	Language    string
}

// update gathers an update expression's clauses with their names and
// values.
type update struct {
	sets, removes []string
	names         map[string]string
	values        map[string]types.AttributeValue
}

func newUpdate() *update {
	return &update{names: map[string]string{}, values: map[string]types.AttributeValue{}}
}

func (u *update) name(attr string) string {
	u.names["#"+attr] = attr
	return "#" + attr
}

func (u *update) value(attr string, v types.AttributeValue) string {
	u.values[":"+attr] = v
	return ":" + attr
}

// set sets an attribute; keep sets it only where it is not set yet.
func (u *update) set(attr string, v types.AttributeValue) {
	u.sets = append(u.sets, u.name(attr)+" = "+u.value(attr, v))
}

func (u *update) keep(attr string, v types.AttributeValue) {
	n := u.name(attr)
	u.sets = append(u.sets, n+" = if_not_exists("+n+", "+u.value(attr, v)+")")
}

func (u *update) remove(attrs ...string) {
	for _, a := range attrs {
		u.removes = append(u.removes, u.name(a))
	}
}

// touch marks a thread active at a time, which orders the listing.
func (u *update) touch(n relais.Network, threadID string, at time.Time) {
	u.set("updatedAt", str(sortable(at)))
	u.set(attrGSI1SK, str(threadsSK(relais.Thread{Network: n, ID: threadID, UpdatedAt: at})))
}

func (u *update) expression() *string {
	var parts []string
	if len(u.sets) > 0 {
		parts = append(parts, "SET "+strings.Join(u.sets, ", "))
	}
	if len(u.removes) > 0 {
		parts = append(parts, "REMOVE "+strings.Join(u.removes, ", "))
	}
	return aws.String(strings.Join(parts, " "))
}

func (u *update) item(s *Store, k key, condition string) types.TransactWriteItem {
	up := &types.Update{TableName: &s.table, Key: k.av(), UpdateExpression: u.expression(), ExpressionAttributeNames: u.names, ExpressionAttributeValues: u.values}
	if condition != "" {
		up.ConditionExpression = &condition
	}
	return types.TransactWriteItem{Update: up}
}

// messageTime is when a message was written, as its network says, or
// received.
func messageTime(in relais.Interaction) time.Time {
	if !in.CreatedAt.IsZero() {
		return in.CreatedAt
	}
	return in.ReceivedAt
}

// JoinThread adds a customer's message to its thread, creating the thread
// on its first message, and returns the thread. A message moderation hid
// joins without reopening anything. A message that needs an answer starts
// the wait for one, unless the thread already waits. A message older than
// the thread's latest (a late delivery) joins without changing the
// thread's state. Joining twice is joining once.
func (s *Store) JoinThread(ctx context.Context, a Arrival, now time.Time) (relais.Thread, error) {
	in := a.In
	id := relais.ThreadID(in)
	at := messageTime(in)
	entry := relais.ThreadEntry{Kind: relais.EntryMessage, ID: in.ID, At: at, Text: in.Text, Author: in.Author, Private: in.Private, Action: a.Action}
	u := newUpdate()
	u.keep("clientId", str(in.ClientID))
	u.keep("network", str(string(in.Network)))
	u.keep("threadId", str(id))
	u.keep("accountId", str(in.AccountID))
	u.keep("private", &types.AttributeValueMemberBOOL{Value: in.Private})
	u.keep("authorId", str(in.Author.ID))
	u.keep("authorName", str(in.Author.Name))
	u.keep(attrGSI2PK, str(threadIndexPK(in.Network, id)))
	u.keep(attrGSI2SK, str(in.ClientID))
	if in.PostID != "" {
		u.keep("postId", str(in.PostID))
	}
	hidden := a.Action == relais.ActionHide || a.Action == relais.ActionDelete
	latest := !hidden
	if latest {
		u.set("status", str(string(relais.ThreadOpen)))
		u.set("lastId", str(in.ID))
		u.set("snippet", str(snippet(in.Text)))
		u.set("lastInboundAt", str(sortable(at)))
		u.set(attrGSI1PK, str(threadsPK(in.ClientID)))
		u.touch(in.Network, id, now)
		if closes := relais.WindowCloses(in.Network, in.Private, at); !closes.IsZero() {
			u.set("windowClosesAt", str(sortable(closes)))
		}
		if a.Language != "" {
			u.set("language", str(a.Language))
		}
		if a.NeedsAnswer {
			u.set("needsAnswer", &types.AttributeValueMemberBOOL{Value: true})
			u.keep("awaitingSince", str(sortable(at)))
			if !a.Due.IsZero() {
				u.keep("dueAt", str(sortable(a.Due)))
				u.keep("target", str(a.Target))
			}
		}
	} else {
		// A thread that only holds what moderation hid has nothing to do.
		u.keep("status", str(string(relais.ThreadDone)))
		u.keep("updatedAt", str(sortable(now)))
	}
	// The entry, then the thread: each write is the same however often
	// it is made, so a retry after either finishes the join, and neither
	// needs a transaction.
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: threadEntryToItem(in.ClientID, in.Network, id, entry)})
	if err != nil {
		return relais.Thread{}, wrap("add "+in.ID+" to thread "+id, err)
	}
	k := threadKey(in.ClientID, in.Network, id)
	cond := ""
	if latest {
		// Only a message newer than the thread's latest, and than its
		// latest answer, changes what the thread waits for: a late or
		// repeated delivery reopens nothing.
		cond = "attribute_not_exists(lastInboundAt) OR (lastInboundAt <= :at AND (attribute_not_exists(lastAnswerAt) OR lastAnswerAt < :at))"
		u.values[":at"] = str(sortable(at))
	}
	t, err := s.updateThread(ctx, k, u, cond)
	if failed, _ := conditionFailed(err); failed {
		late := newUpdate()
		late.keep("updatedAt", str(sortable(now)))
		t, err = s.updateThread(ctx, k, late, "")
	}
	if err != nil {
		return relais.Thread{}, wrap("join thread "+id+" with "+in.ID, err)
	}
	return t, nil
}

// updateThread applies an update to a thread and returns it as written.
func (s *Store) updateThread(ctx context.Context, k key, u *update, condition string) (relais.Thread, error) {
	in := &dynamodb.UpdateItemInput{
		TableName: &s.table, Key: k.av(), UpdateExpression: u.expression(),
		ExpressionAttributeNames: u.names, ExpressionAttributeValues: u.values, ReturnValues: types.ReturnValueAllNew,
	}
	if condition != "" {
		in.ConditionExpression = &condition
	}
	out, err := s.db.UpdateItem(ctx, in)
	if err != nil {
		return relais.Thread{}, err
	}
	return threadFromItem(out.Attributes), nil
}

// Responded is the team's answer joining its thread: sent from Relais or
// made on the network, which delivers it back.
type Responded struct {
	ClientID string
	Network  relais.Network
	ThreadID string
	Entry    relais.ThreadEntry
	// Status is where the answer leaves the thread: pending or done; empty
	// leaves an open thread pending and any other as it is.
	Status relais.ThreadStatus
}

// RespondThread records the team's answer on its thread. The first answer
// to a thread waiting for one ends the wait and counts, once, in the
// day's first-response histogram the delay from the customer's first
// unanswered message. The same answer delivered twice (Relais' own, then
// its network's echo) is recorded once. A thread Relais never saw is
// ENOTFOUND. It reports whether this answer ended a wait that counted.
func (s *Store) RespondThread(ctx context.Context, r Responded, zone string) (relais.Thread, bool, error) {
	for range 3 {
		t, err := s.ThreadHead(ctx, r.ClientID, r.Network, r.ThreadID)
		if err != nil {
			return relais.Thread{}, false, err
		}
		u := newUpdate()
		status := r.Status
		if status == "" && t.Status == relais.ThreadOpen {
			status = relais.ThreadPending
		}
		if status != "" {
			u.set("status", str(string(status)))
		}
		at := r.Entry.At
		u.touch(r.Network, r.ThreadID, at)
		u.set("lastAnswerAt", str(sortable(at)))
		u.keep("firstResponseAt", str(sortable(at)))
		u.remove("awaitingSince", "dueAt", "target")
		cond := "attribute_not_exists(awaitingSince)"
		if !t.AwaitingSince.IsZero() {
			cond = "awaitingSince = :since"
			u.values[":since"] = str(sortable(t.AwaitingSince))
		}
		items := []types.TransactWriteItem{
			s.putNewItem(threadEntryToItem(r.ClientID, r.Network, r.ThreadID, r.Entry)),
			u.item(s, threadKey(r.ClientID, r.Network, r.ThreadID), cond),
		}
		counts := !t.AwaitingSince.IsZero() && t.NeedsAnswer
		if counts {
			bucket := relais.ResponseBucket(max(at.Sub(t.AwaitingSince), 0))
			items = append(items, s.add(counterKey(r.ClientID, dayIn(at, zone), r.Network), map[string]int64{
				relais.CountResponses: 1, relais.CountResponseBucket(bucket): 1,
			}))
		}
		err = s.transact(ctx, items...)
		failed, which := conditionFailed(err)
		switch {
		case !failed && err == nil:
			// The thread as written, without reading it again.
			if status != "" {
				t.Status = status
			}
			t.UpdatedAt = at
			if t.FirstResponse.IsZero() {
				t.FirstResponse = at
			}
			t.AwaitingSince, t.DueAt, t.Target = time.Time{}, time.Time{}, ""
			return t, counts, nil
		case failed && len(which) > 0 && which[0]:
			// Recorded before: the echo of an answer already kept.
			return t, false, nil
		case failed:
			continue // the thread changed since it was read
		}
		return relais.Thread{}, false, wrap("record the answer on thread "+r.ThreadID, err)
	}
	return relais.Thread{}, false, relais.Errorf(relais.ECONFLICT, "thread %s keeps changing; try again", r.ThreadID)
}

// ThreadChange is what a person changes on a thread; nil fields stay.
type ThreadChange struct {
	Status   *relais.ThreadStatus
	Assignee *string
	Tags     *[]string
}

// UpdateThread applies a person's change to a thread and returns it. A
// thread marked done stops waiting for an answer, without counting one.
func (s *Store) UpdateThread(ctx context.Context, clientID string, n relais.Network, threadID string, c ThreadChange, now time.Time) (relais.Thread, error) {
	u := newUpdate()
	u.touch(n, threadID, now)
	if c.Status != nil {
		u.set("status", str(string(*c.Status)))
		if *c.Status == relais.ThreadDone {
			u.remove("awaitingSince", "dueAt", "target")
		}
	}
	if c.Assignee != nil {
		if *c.Assignee == "" {
			u.remove("assignee")
		} else {
			u.set("assignee", str(*c.Assignee))
		}
	}
	if c.Tags != nil {
		u.set("tags", strList(*c.Tags))
	}
	t, err := s.updateThread(ctx, threadKey(clientID, n, threadID), u, "attribute_exists(PK)")
	if failed, _ := conditionFailed(err); failed {
		return relais.Thread{}, noThread(clientID, n, threadID)
	}
	return t, wrap("update thread "+threadID, err)
}

// AddNote keeps a team member's note on a thread.
func (s *Store) AddNote(ctx context.Context, clientID string, n relais.Network, threadID string, note relais.ThreadEntry) error {
	note.Kind = relais.EntryNote
	touch := newUpdate()
	touch.touch(n, threadID, note.At)
	err := s.transact(ctx,
		s.putNewItem(threadEntryToItem(clientID, n, threadID, note)),
		touch.item(s, threadKey(clientID, n, threadID), "attribute_exists(PK)"),
	)
	if failed, which := conditionFailed(err); failed && len(which) == 2 && which[1] {
		return noThread(clientID, n, threadID)
	}
	return wrap("note on thread "+threadID, err)
}

// Thread returns a thread with its entries, oldest first, in one query.
func (s *Store) Thread(ctx context.Context, clientID string, n relais.Network, threadID string) (relais.Thread, []relais.ThreadEntry, error) {
	var head item
	entries, err := underClient(ctx, s, clientID, threadPrefix(n, threadID), "the thread "+threadID, false,
		func(it item) (relais.ThreadEntry, error) {
			if strings.HasSuffix(it.s(attrSK), "#HEAD") {
				head = it
			}
			return threadEntryFromItem(it), nil
		})
	if err != nil {
		return relais.Thread{}, nil, err
	}
	if head == nil {
		return relais.Thread{}, nil, noThread(clientID, n, threadID)
	}
	entries = slices.DeleteFunc(entries, func(e relais.ThreadEntry) bool { return e.Kind == "" })
	slices.SortStableFunc(entries, func(a, b relais.ThreadEntry) int { return a.At.Compare(b.At) })
	return threadFromItem(head), entries, nil
}

// ThreadHead returns a thread without its entries, or ENOTFOUND.
func (s *Store) ThreadHead(ctx context.Context, clientID string, n relais.Network, threadID string) (relais.Thread, error) {
	it, err := s.get(ctx, threadKey(clientID, n, threadID), true)
	if err != nil {
		return relais.Thread{}, wrap("get thread "+threadID, err)
	}
	if it == nil {
		return relais.Thread{}, noThread(clientID, n, threadID)
	}
	return threadFromItem(it), nil
}

func noThread(clientID string, n relais.Network, threadID string) error {
	return relais.Errorf(relais.ENOTFOUND, "client %s has no %s thread %s", clientID, n, threadID)
}

// ThreadFilter narrows a listing of threads; zero fields do not filter.
type ThreadFilter struct {
	Status   relais.ThreadStatus
	Assignee string
	Network  relais.Network
	// Limit is how many at most; zero means 50.
	Limit int
}

// Threads lists a client's threads, latest activity first.
func (s *Store) Threads(ctx context.Context, clientID string, f ThreadFilter) ([]relais.Thread, error) {
	in := &dynamodb.QueryInput{
		IndexName:                 aws.String(indexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(threadsPK(clientID))},
		ScanIndexForward:          aws.Bool(false),
	}
	var conds []string
	names := map[string]string{}
	for attr, v := range map[string]string{"status": string(f.Status), "assignee": f.Assignee, "network": string(f.Network)} {
		if v != "" {
			names["#"+attr] = attr
			in.ExpressionAttributeValues[":"+attr] = str(v)
			conds = append(conds, "#"+attr+" = :"+attr)
		}
	}
	if len(conds) > 0 {
		slices.Sort(conds)
		in.FilterExpression = aws.String(strings.Join(conds, " AND "))
		in.ExpressionAttributeNames = names
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	items, err := s.query(ctx, in, limit)
	if err != nil {
		return nil, wrap("list the threads of "+clientID, err)
	}
	out := make([]relais.Thread, len(items))
	for i, it := range items {
		out[i] = threadFromItem(it)
	}
	return out, nil
}

// ThreadOwners returns the clients with a thread of this id on a network:
// one, unless two clients' accounts share ids on a test network.
func (s *Store) ThreadOwners(ctx context.Context, n relais.Network, threadID string) ([]string, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:                 aws.String(indexGSI2),
		KeyConditionExpression:    aws.String("GSI2PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(threadIndexPK(n, threadID))},
	}, 0)
	if err != nil {
		return nil, wrap("find thread "+threadID, err)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.s(attrGSI2SK)
	}
	return out, nil
}

func snippet(text string) string {
	const most = 140
	if r := []rune(text); len(r) > most {
		return string(r[:most-1]) + "…"
	}
	return text
}

func threadFromItem(it item) relais.Thread {
	return relais.Thread{
		ClientID:       it.s("clientId"),
		Network:        relais.Network(it.s("network")),
		ID:             it.s("threadId"),
		AccountID:      it.s("accountId"),
		Private:        it.bool("private"),
		PostID:         it.s("postId"),
		Author:         relais.Author{ID: it.s("authorId"), Name: it.s("authorName")},
		Last:           it.s("lastId"),
		Snippet:        it.s("snippet"),
		Status:         relais.ThreadStatus(it.s("status")),
		Assignee:       it.s("assignee"),
		Tags:           it.list("tags"),
		NeedsAnswer:    it.bool("needsAnswer"),
		AwaitingSince:  it.time("awaitingSince"),
		DueAt:          it.time("dueAt"),
		Target:         it.s("target"),
		LastInboundAt:  it.time("lastInboundAt"),
		WindowClosesAt: it.time("windowClosesAt"),
		FirstResponse:  it.time("firstResponseAt"),
		UpdatedAt:      it.time("updatedAt"),
		Language:       it.s("language"),
	}
}

func threadEntryToItem(clientID string, n relais.Network, threadID string, e relais.ThreadEntry) item {
	it := newItem(threadEntryKey(clientID, n, threadID, e))
	it.setS("kind", string(e.Kind))
	it.setS("entryId", e.ID)
	it.setS("at", sortable(e.At))
	it.setS("text", e.Text)
	it.setS("authorId", e.Author.ID)
	it.setS("authorName", e.Author.Name)
	it.setS("by", e.By)
	it.setBool("private", e.Private)
	it.setS("state", string(e.State))
	it.setS("networkId", e.NetworkID)
	it.setS("action", string(e.Action))
	return it
}

func threadEntryFromItem(it item) relais.ThreadEntry {
	return relais.ThreadEntry{
		Kind:      relais.EntryKind(it.s("kind")),
		ID:        it.s("entryId"),
		At:        it.time("at"),
		Text:      it.s("text"),
		Author:    relais.Author{ID: it.s("authorId"), Name: it.s("authorName")},
		By:        it.s("by"),
		Private:   it.bool("private"),
		State:     relais.AnswerState(it.s("state")),
		NetworkID: it.s("networkId"),
		Action:    relais.Action(it.s("action")),
	}
}

// ClaimOverdue claims the right to announce that a thread is overdue for
// the message waiting since a time: true once per wait, so that a check
// delivered twice announces once. A thread answered since is not claimed.
func (s *Store) ClaimOverdue(ctx context.Context, clientID string, n relais.Network, threadID string, since time.Time) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: &s.table, Key: threadKey(clientID, n, threadID).av(),
		UpdateExpression:          aws.String("SET overdueFor = :since"),
		ConditionExpression:       aws.String("awaitingSince = :since AND (attribute_not_exists(overdueFor) OR overdueFor <> :since)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":since": str(sortable(since))},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("claim the overdue notice of thread "+threadID, err)
}

// ReleaseOverdue gives back a claim whose notice did not go out, so that
// the check's retry announces it.
func (s *Store) ReleaseOverdue(ctx context.Context, clientID string, n relais.Network, threadID string, since time.Time) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: &s.table, Key: threadKey(clientID, n, threadID).av(),
		UpdateExpression:          aws.String("REMOVE overdueFor"),
		ConditionExpression:       aws.String("overdueFor = :since"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":since": str(sortable(since))},
	})
	if failed, _ := conditionFailed(err); failed {
		return nil
	}
	return wrap("release the overdue notice of thread "+threadID, err)
}
