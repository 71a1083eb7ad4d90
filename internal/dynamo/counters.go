package dynamo

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// count adds one to a day counter. It is always part of the transaction
// that records what it counts, so a duplicate delivery, whose record fails
// its condition, never counts twice.
func (s *Store) count(clientID string, at time.Time, zone string, n relais.Network, name string) types.TransactWriteItem {
	return s.add(counterKey(clientID, dayIn(at, zone), n), map[string]int64{name: 1})
}

// add adds to several counters of one counter item at once, since a
// transaction may touch an item only once.
func (s *Store) add(k key, counts map[string]int64) types.TransactWriteItem {
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	sort.Strings(names)
	expr := make([]string, len(names))
	attrNames := make(map[string]string, len(names))
	values := make(map[string]types.AttributeValue, len(names))
	for i, name := range names {
		n, v := "#c"+strconv.Itoa(i), ":v"+strconv.Itoa(i)
		expr[i] = n + " " + v
		attrNames[n] = name
		values[v] = num(counts[name])
	}
	return types.TransactWriteItem{Update: &types.Update{
		TableName:                 &s.table,
		Key:                       k.av(),
		UpdateExpression:          aws.String("ADD " + strings.Join(expr, ", ")),
		ExpressionAttributeNames:  attrNames,
		ExpressionAttributeValues: values,
	}}
}

// Counters returns a client's day counters for the days from..to included
// (YYYY-MM-DD), one entry per day and network that has any, adding up the
// day's shards.
func (s *Store) Counters(ctx context.Context, clientID, from, to string) ([]relais.DayCounters, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   str(clientPK(clientID)),
			":from": str(counterPrefix + from),
			// "~" sorts after every network name.
			":to": str(counterPrefix + to + "#~"),
		},
	}, 0)
	if err != nil {
		return nil, wrap("read counters of "+clientID, err)
	}
	var out []relais.DayCounters
	index := map[string]int{}
	for _, it := range items {
		rest := strings.TrimPrefix(it.s(attrSK), counterPrefix)
		day, rest, _ := strings.Cut(rest, "#")
		network, _, _ := strings.Cut(rest, "#")
		i, ok := index[day+"#"+network]
		if !ok {
			i = len(out)
			index[day+"#"+network] = i
			out = append(out, relais.DayCounters{Day: day, Network: relais.Network(network), Counts: map[string]int64{}})
		}
		dc := out[i]
		for name := range it {
			if name != attrPK && name != attrSK {
				dc.Counts[name] += it.n(name)
			}
		}
	}
	return out, nil
}
