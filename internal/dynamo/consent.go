package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// PutConsent keeps an OAuth consent under way until it is taken or
// expires (DynamoDB's TTL deletes it).
func (s *Store) PutConsent(ctx context.Context, c relais.Consent) error {
	it := newItem(consentKey(c.State))
	it.setS("clientId", c.ClientID)
	it.setS("network", string(c.Network))
	it.setS("accountId", c.AccountID)
	it.setS("verifier", c.Verifier)
	it.setS("by", c.By)
	it.setTime("until", c.ExpiresAt)
	it.setN(attrExpires, c.ExpiresAt.Unix())
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: &s.table, Item: it, ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	return wrap("keep a consent", err)
}

// TakeConsent returns the consent of state and forgets it, so that a
// network's answer is used once; an unknown, taken or expired state is
// ENOTFOUND.
func (s *Store) TakeConsent(ctx context.Context, state string) (relais.Consent, error) {
	out, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName: &s.table, Key: consentKey(state).av(), ReturnValues: types.ReturnValueAllOld,
	})
	if err != nil {
		return relais.Consent{}, wrap("take a consent", err)
	}
	it := item(out.Attributes)
	c := relais.Consent{State: state, ClientID: it.s("clientId"), Network: relais.Network(it.s("network")), AccountID: it.s("accountId"),
		Verifier: it.s("verifier"), By: it.s("by"), ExpiresAt: it.time("until")}
	if len(out.Attributes) == 0 || !s.Now().Before(c.ExpiresAt) {
		return relais.Consent{}, relais.Errorf(relais.ENOTFOUND, "this consent is unknown, was already used, or expired; start again")
	}
	return c, nil
}
