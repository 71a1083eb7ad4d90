package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// addCounts adds amounts to one day's counters; it is false when every
// amount is zero, which DynamoDB would refuse as an empty update.
func (s *Store) addCounts(clientID, day string, n relais.Network, amounts map[string]int64) (types.TransactWriteItem, bool) {
	counts := make(map[string]int64, len(amounts))
	for name, v := range amounts {
		if v != 0 {
			counts[name] = v
		}
	}
	if len(counts) == 0 {
		return types.TransactWriteItem{}, false
	}
	return s.add(counterKey(clientID, day, n), counts), true
}

// AddCounters adds to a client's counters of one day and network. It is
// for imports of history and for the demo and benchmarks: unlike the
// counting done with each event, it is not idempotent.
func (s *Store) AddCounters(ctx context.Context, clientID string, dc relais.DayCounters) error {
	add, ok := s.addCounts(clientID, dc.Day, dc.Network, dc.Counts)
	if !ok {
		return nil
	}
	u := add.Update
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: u.TableName, Key: u.Key, UpdateExpression: u.UpdateExpression,
		ExpressionAttributeNames: u.ExpressionAttributeNames, ExpressionAttributeValues: u.ExpressionAttributeValues,
	})
	return wrap("add counters of "+clientID+" on "+dc.Day, err)
}
