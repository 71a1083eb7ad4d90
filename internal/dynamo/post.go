package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

func postToItem(p relais.Post) item {
	it := newItem(postKey(p.ClientID, p.ID))
	it.setS(attrGSI1PK, postIndexPK(p.ID))
	it.setS(attrGSI1SK, "POST")
	switch {
	case p.Status == relais.StatusScheduled:
		it.setS(attrGSI2PK, duePK)
		it.setS(attrGSI2SK, dueSK(p))
	case p.Status == relais.StatusPublishing && p.LeaseExpiresAt != nil:
		it.setS(attrGSI2PK, leasePK)
		it.setS(attrGSI2SK, leaseSK(p))
	}
	it.setS("id", p.ID)
	it.setS("clientId", p.ClientID)
	it.setS("network", string(p.Account.Network))
	it.setS("accountId", p.Account.ID)
	it.setS("text", p.Text)
	it.setS("imageUrl", p.ImageURL)
	it.setS("imageAlt", p.ImageAlt)
	it.setS("link", p.Link)
	it.setList("media", p.Media)
	it.setMap("options", p.Options)
	it.setS("firstComment", p.FirstComment)
	it.setS("firstCommentState", p.FirstCommentState)
	it.setS("firstCommentId", p.FirstCommentID)
	it.setS("localTime", p.LocalTime)
	it.setS("timezone", p.TimeZone)
	it.setTime("scheduledAt", p.ScheduledAt)
	it.setS("status", string(p.Status))
	it.setS("networkPostId", p.NetworkPostID)
	if p.PublishedAt != nil {
		it.setTime("publishedAt", *p.PublishedAt)
	}
	it.setS("failureReason", p.FailureReason)
	setEngagement(it, p.Engagement)
	overrides := make([]string, len(p.Overrides))
	for i, g := range p.Overrides {
		overrides[i] = string(g)
	}
	it.setList("overrides", overrides)
	it.setS("approvedBy", p.ApprovedBy)
	it.setS("leaseId", p.LeaseID)
	if p.LeaseExpiresAt != nil {
		it.setTime("leaseExpiresAt", *p.LeaseExpiresAt)
	}
	it.setS("doubt", p.Doubt)
	it.setS("createdBy", p.CreatedBy)
	it.setTime("createdAt", p.CreatedAt)
	it.setTime("updatedAt", p.UpdatedAt)
	it.setN("version", p.Version)
	return it
}

func postFromItem(it item) relais.Post {
	return relais.Post{
		ID:                it.s("id"),
		ClientID:          it.s("clientId"),
		Account:           relais.AccountRef{Network: relais.Network(it.s("network")), ID: it.s("accountId")},
		Text:              it.s("text"),
		ImageURL:          it.s("imageUrl"),
		ImageAlt:          it.s("imageAlt"),
		Link:              it.s("link"),
		Media:             it.list("media"),
		Options:           it.strMap("options"),
		FirstComment:      it.s("firstComment"),
		FirstCommentState: it.s("firstCommentState"),
		FirstCommentID:    it.s("firstCommentId"),
		LocalTime:         it.s("localTime"),
		TimeZone:          it.s("timezone"),
		ScheduledAt:       it.time("scheduledAt"),
		Status:            relais.PostStatus(it.s("status")),
		NetworkPostID:     it.s("networkPostId"),
		PublishedAt:       it.timePtr("publishedAt"),
		FailureReason:     it.s("failureReason"),
		Engagement:        engagementFromItem(it),
		Overrides:         guards(it.list("overrides")),
		ApprovedBy:        it.s("approvedBy"),
		LeaseID:           it.s("leaseId"),
		LeaseExpiresAt:    it.timePtr("leaseExpiresAt"),
		Doubt:             it.s("doubt"),
		CreatedBy:         it.s("createdBy"),
		CreatedAt:         it.time("createdAt"),
		UpdatedAt:         it.time("updatedAt"),
		Version:           it.n("version"),
	}
}

func (s *Store) auditPut(p relais.Post, t relais.Transition) types.TransactWriteItem {
	it := newItem(auditKey(p.ClientID, p.ID, t.At, p.Version))
	it.setS("postId", p.ID)
	it.setTime("at", t.At)
	it.setS("by", t.By)
	it.setS("from", string(t.From))
	it.setS("to", string(t.To))
	it.setS("why", t.Why)
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: it}}
}

// CreatePost stores a new post with the first entry of its audit trail and
// counts it. The post's account must be connected to the post's client: the
// check is part of the same transaction.
func (s *Store) CreatePost(ctx context.Context, p relais.Post, by, why string) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := s.Now().UTC()
	p.CreatedAt, p.UpdatedAt, p.CreatedBy, p.Version = now, now, by, 1
	items := []types.TransactWriteItem{
		{ConditionCheck: &types.ConditionCheck{
			TableName:           &s.table,
			Key:                 accountKey(p.ClientID, p.Account).av(),
			ConditionExpression: aws.String("attribute_exists(PK)"),
		}},
		s.putNewItem(postToItem(p)),
		s.auditPut(p, relais.Transition{At: now, By: by, To: p.Status, Why: why}),
	}
	if p.Status == relais.StatusScheduled {
		items = append(items, s.count(p.ClientID, p.ScheduledAt, p.TimeZone, p.Account.Network, relais.CountPostsScheduled))
	}
	err := s.transact(ctx, items...)
	if failed, which := conditionFailed(err); failed {
		if len(which) > 0 && which[0] {
			return relais.Errorf(relais.ENOTFOUND, "client %s has no account %s; connect it first", p.ClientID, p.Account)
		}
		return relais.Errorf(relais.ECONFLICT, "post %s already exists", p.ID)
	}
	return wrap("create post "+p.ID, err)
}

// Transition writes p, read at version p.Version and in status p.Status,
// with status to, and appends the move to its audit trail, in one
// transaction that fails with ECONFLICT when someone else changed the post
// first. counter, when set, is counted on the day of the change.
func (s *Store) Transition(ctx context.Context, p relais.Post, to relais.PostStatus, by, why, counter string) (relais.Post, error) {
	return s.transition(ctx, p, to, by, why, counter, nil)
}

// TakeLease moves p to publishing, holding the lease set on it, in the
// same transaction as a check that the post's account still belongs to the
// post's client. A lost race is ECONFLICT; an account that is not the
// client's is EUNAUTHORIZED.
func (s *Store) TakeLease(ctx context.Context, p relais.Post, by, why string) (relais.Post, error) {
	owner := types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName:                 &s.table,
		Key:                       ownerKey(p.Account).av(),
		ConditionExpression:       aws.String("clientId = :c"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":c": str(p.ClientID)},
	}}
	return s.transition(ctx, p, relais.StatusPublishing, by, why, "", &owner)
}

func (s *Store) transition(ctx context.Context, p relais.Post, to relais.PostStatus, by, why, counter string, check *types.TransactWriteItem) (relais.Post, error) {
	if !relais.CanTransition(p.Status, to) {
		return p, relais.Errorf(relais.ECONFLICT, "post %s cannot go from %s to %s", p.ID, p.Status, to)
	}
	now := s.Now().UTC()
	from, read := p.Status, p.Version
	p.Status, p.UpdatedAt, p.Version = to, now, p.Version+1
	items := []types.TransactWriteItem{
		{Put: &types.Put{
			TableName:                 &s.table,
			Item:                      postToItem(p),
			ConditionExpression:       aws.String("version = :v AND #s = :s"),
			ExpressionAttributeNames:  map[string]string{"#s": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": num(read), ":s": str(string(from))},
		}},
		s.auditPut(p, relais.Transition{At: now, By: by, From: from, To: to, Why: why}),
	}
	if counter != "" {
		items = append(items, s.count(p.ClientID, now, p.TimeZone, p.Account.Network, counter))
	}
	if check != nil {
		items = append(items, *check)
	}
	err := s.transact(ctx, items...)
	if failed, which := conditionFailed(err); failed {
		if check != nil && len(which) == len(items) && which[len(items)-1] {
			return p, relais.Errorf(relais.EUNAUTHORIZED, "account %s is not connected to client %s (another client or none owns it); refusing to publish", p.Account, p.ClientID)
		}
		return p, relais.Errorf(relais.ECONFLICT, "post %s changed since it was read", p.ID)
	}
	return p, wrap("update post "+p.ID, err)
}

// Post returns one post of a client, read consistently, or ENOTFOUND.
func (s *Store) Post(ctx context.Context, clientID, postID string) (relais.Post, error) {
	it, err := s.get(ctx, postKey(clientID, postID), true)
	if err != nil {
		return relais.Post{}, wrap("get post "+postID, err)
	}
	if it == nil {
		return relais.Post{}, relais.Errorf(relais.ENOTFOUND, "client %s has no post %s", clientID, postID)
	}
	return postFromItem(it), nil
}

// FindPost returns a post by its id alone, for commands given only an id.
func (s *Store) FindPost(ctx context.Context, postID string) (relais.Post, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:                 aws.String(indexGSI1),
		KeyConditionExpression:    aws.String("GSI1PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(postIndexPK(postID))},
	}, 1)
	if err != nil {
		return relais.Post{}, wrap("find post "+postID, err)
	}
	if len(items) == 0 {
		return relais.Post{}, relais.Errorf(relais.ENOTFOUND, "unknown post %q", postID)
	}
	// The index is eventually consistent: read the post itself.
	return s.Post(ctx, items[0].s("clientId"), postID)
}

// Posts lists a client's posts in id order, which is creation order.
func (s *Store) Posts(ctx context.Context, clientID string) ([]relais.Post, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":sk": str(postPrefix),
		},
	}, 0)
	if err != nil {
		return nil, wrap("list posts of "+clientID, err)
	}
	out := make([]relais.Post, len(items))
	for i, it := range items {
		out[i] = postFromItem(it)
	}
	return out, nil
}

// Audit returns a post's audit trail, oldest first.
func (s *Store) Audit(ctx context.Context, clientID, postID string) ([]relais.Transition, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":sk": str(auditPrefix(postID)),
		},
		ConsistentRead: aws.Bool(true),
	}, 0)
	if err != nil {
		return nil, wrap("audit of post "+postID, err)
	}
	out := make([]relais.Transition, len(items))
	for i, it := range items {
		out[i] = relais.Transition{
			PostID: postID, At: it.time("at"), By: it.s("by"),
			From: relais.PostStatus(it.s("from")), To: relais.PostStatus(it.s("to")), Why: it.s("why"),
		}
	}
	return out, nil
}

// dayIn is the calendar day of t in the named zone, UTC when it is unknown.
func dayIn(t time.Time, zone string) string {
	loc, err := relais.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format(relais.DayLayout)
}

// DuePosts returns scheduled posts due before a time, oldest first, from
// every client: the safety sweep publishes those a schedule missed.
func (s *Store) DuePosts(ctx context.Context, before time.Time, limit int) ([]relais.Post, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:              aws.String(indexGSI2),
		KeyConditionExpression: aws.String("GSI2PK = :pk AND GSI2SK < :before"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(duePK), ":before": str(before.UTC().Format(time.RFC3339Nano)),
		},
	}, limit)
	if err != nil {
		return nil, wrap("list due posts", err)
	}
	out := make([]relais.Post, len(items))
	for i, it := range items {
		out[i] = postFromItem(it)
	}
	return out, nil
}

// ExpiredLeases returns posts still publishing whose lease expired before
// a time, the oldest lease first, from every client: an attempt died
// holding them (a Lambda timeout, a crash), and the sweep takes them over.
func (s *Store) ExpiredLeases(ctx context.Context, before time.Time, limit int) ([]relais.Post, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:              aws.String(indexGSI2),
		KeyConditionExpression: aws.String("GSI2PK = :pk AND GSI2SK < :before"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(leasePK), ":before": str(before.UTC().Format(leaseLayout)),
		},
	}, limit)
	if err != nil {
		return nil, wrap("list expired leases", err)
	}
	out := make([]relais.Post, len(items))
	for i, it := range items {
		out[i] = postFromItem(it)
	}
	return out, nil
}

func guards(names []string) []relais.Guard {
	if len(names) == 0 {
		return nil
	}
	out := make([]relais.Guard, len(names))
	for i, n := range names {
		out[i] = relais.Guard(n)
	}
	return out
}

// ClaimFirstComment takes the right to send a published post's first
// comment, once: it reports false when it was claimed before, whatever
// became of it.
func (s *Store) ClaimFirstComment(ctx context.Context, p relais.Post) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       postKey(p.ClientID, p.ID).av(),
		UpdateExpression:          aws.String("SET firstCommentState = :sending"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(firstCommentState)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":sending": str(relais.FirstCommentSending)},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("claim the first comment of "+p.ID, err)
}

// SetFirstComment records what became of a post's claimed first comment,
// with its network id once sent.
func (s *Store) SetFirstComment(ctx context.Context, p relais.Post, state, id string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           &s.table,
		Key:                 postKey(p.ClientID, p.ID).av(),
		UpdateExpression:    aws.String("SET firstCommentState = :state, firstCommentId = :id"),
		ConditionExpression: aws.String("firstCommentState = :sending"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":state": str(state), ":id": str(id), ":sending": str(relais.FirstCommentSending)},
	})
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ECONFLICT, "the first comment of %s is not being sent", p.ID)
	}
	return wrap("record the first comment of "+p.ID, err)
}
