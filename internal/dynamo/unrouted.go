package dynamo

import (
	"context"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// Unrouted returns the interactions kept for an account while no client
// owned it: creations first, then edits and removals, each by reception.
func (s *Store) Unrouted(ctx context.Context, ref relais.AccountRef) ([]relais.Interaction, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(unroutedPK(ref))},
		ConsistentRead:            aws.Bool(true),
	}, 0)
	if err != nil {
		return nil, wrap("list unrouted interactions of "+ref.String(), err)
	}
	out := make([]relais.Interaction, len(items))
	change := make([]bool, len(items))
	for i, it := range items {
		out[i] = interactionFromItem(it)
		change[i] = strings.HasPrefix(it.s(attrSK), unroutedChangePrefix)
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if change[idx[a]] != change[idx[b]] {
			return !change[idx[a]]
		}
		return out[idx[a]].ReceivedAt.Before(out[idx[b]].ReceivedAt)
	})
	sorted := make([]relais.Interaction, len(idx))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted, nil
}

// ForgetUnrouted deletes unrouted interactions once replayed into their
// client.
func (s *Store) ForgetUnrouted(ctx context.Context, ins []relais.Interaction) error {
	for start := 0; start < len(ins); start += 25 {
		reqs := make([]types.WriteRequest, 0, 25)
		for _, in := range ins[start:min(start+25, len(ins))] {
			reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: unroutedKey(in).av()}})
		}
		pending := map[string][]types.WriteRequest{s.table: reqs}
		for round := 0; len(pending) > 0; round++ {
			if round > 0 {
				if err := sleep(ctx, backoff(round)); err != nil {
					return err
				}
			}
			res, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
			if err != nil {
				return wrap("forget unrouted interactions", err)
			}
			pending = res.UnprocessedItems
		}
	}
	return nil
}
