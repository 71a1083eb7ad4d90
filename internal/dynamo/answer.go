package dynamo

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// ClaimAnswer stores a new answer as sending, the right to send it once.
// When that answer was claimed before, it returns the stored one and
// false, and writes nothing.
func (s *Store) ClaimAnswer(ctx context.Context, a relais.Answer) (relais.Answer, bool, error) {
	a.State = relais.AnswerSending
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                answerToItem(a),
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	if failed, _ := conditionFailed(err); failed {
		it, err := s.get(ctx, answerKey(a), true)
		if err != nil || it == nil {
			// Released between the two calls: the caller may claim again.
			return a, false, wrap("read answer "+a.ID+" to "+a.InteractionID, err)
		}
		return answerFromItem(a.ClientID, it), false, nil
	}
	return a, err == nil, wrap("claim answer "+a.ID+" to "+a.InteractionID, err)
}

// ReleaseAnswer gives up a claimed answer that the network surely did not
// take, so that it may be sent again.
func (s *Store) ReleaseAnswer(ctx context.Context, a relais.Answer) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 &s.table,
		Key:                       answerKey(a).av(),
		ConditionExpression:       aws.String("#s = :sending"),
		ExpressionAttributeNames:  map[string]string{"#s": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":sending": str(string(relais.AnswerSending))},
	})
	if failed, _ := conditionFailed(err); failed {
		return nil
	}
	return wrap("release answer "+a.ID+" to "+a.InteractionID, err)
}

// SettleAnswer records how a claimed answer ended, sent or unknown, with
// an audit entry naming its author; a sent answer counts as a reply in
// the client's day, in zone.
func (s *Store) SettleAnswer(ctx context.Context, a relais.Answer, zone string) error {
	items := []types.TransactWriteItem{
		{Update: &types.Update{
			TableName:                 &s.table,
			Key:                       answerKey(a).av(),
			UpdateExpression:          aws.String("SET #s = :s, networkId = :id"),
			ConditionExpression:       aws.String("#s = :sending"),
			ExpressionAttributeNames:  map[string]string{"#s": "state"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":s": str(string(a.State)), ":id": str(a.NetworkID), ":sending": str(string(relais.AnswerSending))},
		}},
		s.moderationAudit(relais.Decision{ClientID: a.ClientID, Network: a.Network, InteractionID: a.InteractionID}, "answer:"+string(a.State), a.NetworkID, a.By),
	}
	if a.State == relais.AnswerSent {
		items = append(items, s.count(a.ClientID, a.At, zone, a.Network, relais.CountReplied))
	}
	err := s.transact(ctx, items...)
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ECONFLICT, "answer %s to %s was settled already", a.ID, a.InteractionID)
	}
	return wrap("settle answer "+a.ID+" to "+a.InteractionID, err)
}

// Answers lists the answers sent from Relais to one interaction, oldest
// first.
func (s *Store) Answers(ctx context.Context, clientID string, n relais.Network, interactionID string) ([]relais.Answer, error) {
	out, err := underClient(ctx, s, clientID, answerPrefix(n, interactionID), "the answers to "+interactionID, false,
		func(it item) (relais.Answer, error) { return answerFromItem(clientID, it), nil })
	// Keys sort by id, a digest; people read answers in time order.
	slices.SortStableFunc(out, func(a, b relais.Answer) int { return a.At.Compare(b.At) })
	return out, err
}

func answerToItem(a relais.Answer) item {
	it := newItem(answerKey(a))
	it.setS("network", string(a.Network))
	it.setS("interactionId", a.InteractionID)
	it.setS("id", a.ID)
	it.setS("text", a.Text)
	it.setS("by", a.By)
	it.setS("state", string(a.State))
	it.setS("networkId", a.NetworkID)
	it.setBool("private", a.Private)
	it.setTime("at", a.At)
	return it
}

func answerFromItem(clientID string, it item) relais.Answer {
	return relais.Answer{
		ClientID: clientID, Network: relais.Network(it.s("network")), InteractionID: it.s("interactionId"),
		ID: it.s("id"), Text: it.s("text"), By: it.s("by"), State: relais.AnswerState(it.s("state")),
		NetworkID: it.s("networkId"), Private: it.bool("private"), At: it.time("at"),
	}
}
