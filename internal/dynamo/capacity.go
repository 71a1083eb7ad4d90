package dynamo

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// Reads ask DynamoDB for the capacity they consume only when someone
// listens (Store.OnRead): the benchmarks sum it to hold a report to its
// read budget.

func (s *Store) metered() types.ReturnConsumedCapacity {
	if s.OnRead == nil {
		return ""
	}
	return types.ReturnConsumedCapacityTotal
}

func (s *Store) consumed(op string, c *types.ConsumedCapacity) {
	if s.OnRead != nil && c != nil && c.CapacityUnits != nil {
		s.OnRead(op, *c.CapacityUnits)
	}
}
