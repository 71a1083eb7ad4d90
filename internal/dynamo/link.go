package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
)

var _ links.Store = (*Store)(nil)

// PutLink stores a new link, a report's or a review's, under its client,
// with its expiry as the item's TTL.
func (s *Store) PutLink(ctx context.Context, l links.Link) error {
	if err := l.Validate(); err != nil {
		return err
	}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                linkToItem(l),
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	return wrap("put link "+l.ID+" of "+l.ClientID, err)
}

// Link returns a client's link, or ENOTFOUND once revoked or deleted by
// its TTL.
func (s *Store) Link(ctx context.Context, clientID, id string) (links.Link, error) {
	it, err := s.get(ctx, linkKey(clientID, id), true)
	if err != nil {
		return links.Link{}, wrap("read link "+id+" of "+clientID, err)
	}
	if it == nil {
		return links.Link{}, relais.Errorf(relais.ENOTFOUND, "no link %s for client %s", id, clientID)
	}
	return linkFromItem(clientID, it), nil
}

// DeleteLink deletes one link.
func (s *Store) DeleteLink(ctx context.Context, clientID, id string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: linkKey(clientID, id).av()})
	return wrap("delete link "+id+" of "+clientID, err)
}

// DeleteLinks deletes every link of a client, one by one,
// and says how many it deleted.
func (s *Store) DeleteLinks(ctx context.Context, clientID string) (int, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :link)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":link": str(linkPrefix),
		},
		ProjectionExpression: aws.String("PK, SK"),
		ConsistentRead:       aws.Bool(true),
	}, 0)
	if err != nil {
		return 0, wrap("list the links of "+clientID, err)
	}
	for i, it := range items {
		k := key{it.s(attrPK), it.s(attrSK)}
		if _, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: k.av()}); err != nil {
			return i, fmt.Errorf("dynamo: delete the links of %s: %w", clientID, err)
		}
	}
	return len(items), nil
}

func linkToItem(l links.Link) item {
	it := newItem(linkKey(l.ClientID, l.ID))
	it.setS("period", l.Period)
	it.setS("format", l.Format)
	it.setS("reviewer", l.Reviewer)
	it.setTime("expires", l.Expires)
	it.setN(attrExpires, l.Expires.Unix())
	return it
}

func linkFromItem(clientID string, it item) links.Link {
	return links.Link{
		ID:       it.s(attrSK)[len(linkPrefix):],
		Report:   links.Report{ClientID: clientID, Period: it.s("period"), Format: it.s("format")},
		Reviewer: it.s("reviewer"),
		Expires:  it.time("expires"),
	}
}

// Links lists a client's links that have not expired, reports' and
// reviews' alike.
func (s *Store) Links(ctx context.Context, clientID string) ([]links.Link, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :link)"),
		FilterExpression:       aws.String(attrExpires + " > :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":link": str(linkPrefix), ":now": num(s.Now().Unix()),
		},
	}, 0)
	if err != nil {
		return nil, wrap("list the links of "+clientID, err)
	}
	out := make([]links.Link, len(items))
	for i, it := range items {
		out[i] = linkFromItem(clientID, it)
	}
	return out, nil
}
