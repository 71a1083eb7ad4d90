package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// pulseTTL is how long a minute of alarms is kept: longer than any crisis
// window.
const pulseTTL = 48 * time.Hour

// pulseSample bounds the interactions a minute keeps as evidence.
const pulseSample = 20

// Pulse counts one alarming interaction (negative or toxic) in its
// client's minute, keeping its id as evidence. Counted under the
// interaction's decision, it is counted once however often the decision is
// retried: the id set absorbs repeats, and the count is its size.
func (s *Store) Pulse(ctx context.Context, clientID string, at time.Time, n relais.Network, interactionID string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:        &s.table,
		Key:              pulseKey(clientID, at).av(),
		UpdateExpression: aws.String("ADD ids :id SET " + attrExpires + " = :exp"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":id":  &types.AttributeValueMemberSS{Value: []string{string(n) + "/" + interactionID}},
			":exp": num(at.Add(pulseTTL).Unix()),
		},
	})
	return wrap("count alarm of "+clientID, err)
}

// Window is what a client's alarming interactions were over a time span.
type Window struct {
	Count int
	// Samples names some of them as network/id.
	Samples []string
}

// AlarmWindow adds up a client's alarming interactions over the minutes
// from..to, in one query.
func (s *Store) AlarmWindow(ctx context.Context, clientID string, from, to time.Time) (Window, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   str(clientPK(clientID)),
			":from": str(pulseKey(clientID, from).sk),
			":to":   str(pulseKey(clientID, to).sk),
		},
		ConsistentRead: aws.Bool(true),
	}, 0)
	if err != nil {
		return Window{}, wrap("read alarms of "+clientID, err)
	}
	var w Window
	for _, it := range items {
		ids, _ := it["ids"].(*types.AttributeValueMemberSS)
		if ids == nil {
			continue
		}
		w.Count += len(ids.Value)
		for _, id := range ids.Value {
			if len(w.Samples) < pulseSample {
				w.Samples = append(w.Samples, id)
			}
		}
	}
	return w, nil
}
