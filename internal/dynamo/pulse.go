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

// pulse counts a decision's interaction in its client's minute and, when
// it is alarming, keeps its id as evidence. It is part of the decision's
// transaction, so an interaction is counted once, with its first decision.
func (s *Store) pulse(d relais.Decision) types.TransactWriteItem {
	update := "ADD seen :one SET " + attrExpires + " = :exp"
	values := map[string]types.AttributeValue{":one": num(1), ":exp": num(d.DecidedAt.Add(pulseTTL).Unix())}
	if d.Alarming {
		update = "ADD seen :one, ids :id SET " + attrExpires + " = :exp"
		values[":id"] = &types.AttributeValueMemberSS{Value: []string{string(d.Network) + "/" + d.InteractionID}}
	}
	return types.TransactWriteItem{Update: &types.Update{
		TableName:                 &s.table,
		Key:                       pulseKey(d.ClientID, d.DecidedAt).av(),
		UpdateExpression:          aws.String(update),
		ExpressionAttributeValues: values,
	}}
}

// Window is what a client's moderated interactions were over a time span.
type Window struct {
	// Total counts every moderated interaction, Count the alarming ones.
	Total int
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
		w.Total += int(it.n("seen"))
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
