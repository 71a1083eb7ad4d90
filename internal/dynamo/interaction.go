package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// InboxEntry is an interaction with what moderation made of it so far.
type InboxEntry struct {
	relais.Interaction
	Emitted bool          `json:"emitted"`
	Action  relais.Action `json:"action,omitempty"`
	Labels  []string      `json:"labels,omitempty"`
	Applied bool          `json:"applied"`
}

func interactionToItem(in relais.Interaction) item {
	it := newItem(interactionKey(in.ClientID, in.Network, in.ID))
	it.setS(attrGSI1PK, inboxPK(in.ClientID))
	it.setS(attrGSI1SK, inboxSK(in))
	it.setS("clientId", in.ClientID)
	it.setS("network", string(in.Network))
	it.setS("accountId", in.AccountID)
	it.setS("id", in.ID)
	it.setS("parentId", in.ParentID)
	it.setS("postId", in.PostID)
	it.setS("kind", string(in.Kind))
	it.setS("authorId", in.Author.ID)
	it.setS("authorName", in.Author.Name)
	it.setS("text", in.Text)
	it.setTime("createdAt", in.CreatedAt)
	it.setTime("receivedAt", in.ReceivedAt)
	it.setBool("private", in.Private)
	it.setBool("emitted", false)
	// The delivery that creates the interaction holds the claim to emit it.
	it.setTime("emitClaimedAt", in.ReceivedAt)
	return it
}

func inboxEntryFromItem(it item) InboxEntry {
	return InboxEntry{
		Interaction: relais.Interaction{
			ClientID:   it.s("clientId"),
			Network:    relais.Network(it.s("network")),
			AccountID:  it.s("accountId"),
			ID:         it.s("id"),
			ParentID:   it.s("parentId"),
			PostID:     it.s("postId"),
			Kind:       relais.InteractionKind(it.s("kind")),
			Author:     relais.Author{ID: it.s("authorId"), Name: it.s("authorName")},
			Text:       it.s("text"),
			CreatedAt:  it.time("createdAt"),
			ReceivedAt: it.time("receivedAt"),
			Private:    it.bool("private"),
		},
		Emitted: it.bool("emitted"),
		Action:  relais.Action(it.s("action")),
		Labels:  it.list("labels"),
		Applied: it.bool("applied"),
	}
}

// SaveInteraction stores a new interaction and counts it, in one
// transaction keyed on the network's own id. A second delivery of the same
// interaction stores nothing and returns the stored one with created false.
func (s *Store) SaveInteraction(ctx context.Context, in relais.Interaction, zone string) (InboxEntry, bool, error) {
	err := s.transact(ctx,
		s.putNewItem(interactionToItem(in)),
		s.count(in.ClientID, in.ReceivedAt, zone, in.Network, relais.CountInteractions),
	)
	if failed, _ := conditionFailed(err); failed {
		stored, err := s.Interaction(ctx, in.ClientID, in.Network, in.ID)
		return stored, false, err
	}
	if err != nil {
		return InboxEntry{}, false, wrap("save interaction "+in.ID, err)
	}
	return InboxEntry{Interaction: in}, true, nil
}

// ClaimEmit lets one delivery among concurrent duplicates emit an
// interaction that was stored but not emitted: the claim holds while a
// delivery emits, and is taken over only once released or stale.
func (s *Store) ClaimEmit(ctx context.Context, clientID string, n relais.Network, id string, staleAfter time.Duration) (bool, error) {
	now := s.Now().UTC()
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           &s.table,
		Key:                 interactionKey(clientID, n, id).av(),
		UpdateExpression:    aws.String("SET emitClaimedAt = :now"),
		ConditionExpression: aws.String("emitted = :f AND (attribute_not_exists(emitClaimedAt) OR emitClaimedAt < :stale)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":now":   str(now.Format(time.RFC3339Nano)),
			":stale": str(now.Add(-staleAfter).Format(time.RFC3339Nano)),
			":f":     &types.AttributeValueMemberBOOL{Value: false},
		},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("claim emit of interaction "+id, err)
}

// ReleaseEmit gives up a claim after a failed emit, so that the network's
// retry of the delivery emits at once.
func (s *Store) ReleaseEmit(ctx context.Context, clientID string, n relais.Network, id string) error {
	return s.setEmit(ctx, clientID, n, id, "REMOVE emitClaimedAt", nil)
}

// MarkEmitted records that an interaction's event reached the bus.
func (s *Store) MarkEmitted(ctx context.Context, clientID string, n relais.Network, id string) error {
	return s.setEmit(ctx, clientID, n, id, "SET emitted = :t REMOVE emitClaimedAt",
		map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}})
}

func (s *Store) setEmit(ctx context.Context, clientID string, n relais.Network, id, update string, values map[string]types.AttributeValue) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       interactionKey(clientID, n, id).av(),
		UpdateExpression:          aws.String(update),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: values,
	})
	return wrap("update emit state of interaction "+id, err)
}

// Interaction returns one interaction of a client, or ENOTFOUND.
func (s *Store) Interaction(ctx context.Context, clientID string, n relais.Network, id string) (InboxEntry, error) {
	it, err := s.get(ctx, interactionKey(clientID, n, id), true)
	if err != nil {
		return InboxEntry{}, wrap("get interaction "+id, err)
	}
	if it == nil {
		return InboxEntry{}, relais.Errorf(relais.ENOTFOUND, "client %s has no %s interaction %s", clientID, n, id)
	}
	return inboxEntryFromItem(it), nil
}

// InboxFilter narrows an inbox listing. Zero fields do not filter.
type InboxFilter struct {
	// Limit is how many entries at most; zero means 50.
	Limit   int
	Network relais.Network
	// Since keeps interactions received at or after it.
	Since time.Time
	// Pending keeps interactions not moderated yet; Action keeps those
	// moderation decided so.
	Pending bool
	Action  relais.Action
}

func (f InboxFilter) keep(e InboxEntry) bool {
	return (f.Network == "" || e.Network == f.Network) &&
		(!f.Pending || e.Action == "") &&
		(f.Action == "" || e.Action == f.Action)
}

// Inbox lists a client's latest interactions, newest first. The time bound
// is part of the index query; the other filters apply while paging.
func (s *Store) Inbox(ctx context.Context, clientID string, f InboxFilter) ([]InboxEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	cond := "GSI1PK = :pk"
	values := map[string]types.AttributeValue{":pk": str(inboxPK(clientID))}
	if !f.Since.IsZero() {
		cond += " AND GSI1SK >= :since"
		values[":since"] = str(f.Since.UTC().Format(time.RFC3339Nano))
	}
	var out []InboxEntry
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                 &s.table,
		IndexName:                 aws.String(indexGSI1),
		KeyConditionExpression:    aws.String(cond),
		ExpressionAttributeValues: values,
		ScanIndexForward:          aws.Bool(false),
	})
	for p.HasMorePages() && len(out) < f.Limit {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, wrap("inbox of "+clientID, err)
		}
		for _, it := range page.Items {
			if e := inboxEntryFromItem(it); f.keep(e) && len(out) < f.Limit {
				out = append(out, e)
			}
		}
	}
	return out, nil
}
