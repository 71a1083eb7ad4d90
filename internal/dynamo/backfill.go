package dynamo

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// addCounts adds amounts to one day's counters; it is false when every
// amount is zero, which DynamoDB would refuse as an empty update.
func (s *Store) addCounts(clientID, day string, n relais.Network, amounts map[string]int64) (types.TransactWriteItem, bool) {
	names := make([]string, 0, len(amounts))
	for name, v := range amounts {
		if v != 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return types.TransactWriteItem{}, false
	}
	sort.Strings(names)
	attrNames, values := map[string]string{}, map[string]types.AttributeValue{}
	adds := make([]string, len(names))
	for i, name := range names {
		k := strconv.Itoa(i)
		attrNames["#c"+k], values[":v"+k] = name, num(amounts[name])
		adds[i] = "#c" + k + " :v" + k
	}
	return types.TransactWriteItem{Update: &types.Update{
		TableName:                 &s.table,
		Key:                       counterKey(clientID, day, n).av(),
		UpdateExpression:          aws.String("ADD " + strings.Join(adds, ", ")),
		ExpressionAttributeNames:  attrNames,
		ExpressionAttributeValues: values,
	}}, true
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
