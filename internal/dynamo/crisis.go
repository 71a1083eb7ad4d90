package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// SaveCrisis records a suspected crisis and counts it on the day its window
// started in the client's zone, in one transaction keyed on the client and
// the window's start: the same crisis suspected twice is recorded and
// counted once, and created is false the second time.
func (s *Store) SaveCrisis(ctx context.Context, c relais.CrisisSuspected, zone string) (created bool, err error) {
	it := newItem(crisisKey(c.ClientID, c.WindowStart))
	// The whole evidence is kept, as the alert carried it.
	if err := it.setJSON("crisis", c); err != nil {
		return false, err
	}
	err = s.transact(ctx, s.putNewItem(it), s.count(c.ClientID, c.WindowStart, zone, c.Network, relais.CountCrisisAlerts))
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("save crisis of "+c.ClientID, err)
}

// CrisisRecorded reports whether a client's crisis for the window that
// starts at windowStart is already recorded: one read, so that every
// alarming comment of a crisis under way need not gather its evidence again.
func (s *Store) CrisisRecorded(ctx context.Context, clientID string, windowStart time.Time) (bool, error) {
	it, err := s.get(ctx, crisisKey(clientID, windowStart), true)
	if err != nil {
		return false, wrap("read crisis of "+clientID, err)
	}
	return it != nil, nil
}

// Crises returns a client's crises whose window started in [from, to),
// oldest first.
func (s *Store) Crises(ctx context.Context, clientID string, from, to time.Time) ([]relais.CrisisSuspected, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   str(clientPK(clientID)),
			":from": str(crisisKey(clientID, from).sk),
			// The last nanosecond before to: BETWEEN includes both ends.
			":to": str(crisisKey(clientID, to.Add(-time.Nanosecond)).sk),
		},
	}, 0)
	if err != nil {
		return nil, wrap("read crises of "+clientID, err)
	}
	out := make([]relais.CrisisSuspected, len(items))
	for i, it := range items {
		if err := it.json("crisis", &out[i]); err != nil {
			return nil, fmt.Errorf("dynamo: read crisis of %s: %w", clientID, err)
		}
	}
	return out, nil
}
