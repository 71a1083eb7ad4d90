package dynamo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// ExamplesPerDay caps the moderation examples kept per client and day: a
// report shows a few, and reading a month of them stays a few kilobytes.
const ExamplesPerDay = 3

// SaveModerationExample keeps an interaction moderation hid or flagged as
// an example for reports, in the one item of its day in the client's zone,
// with its text cut to relais.MaxExampleText characters. Once the day holds
// ExamplesPerDay examples, or already holds this interaction, nothing is
// written and kept is false.
func (s *Store) SaveModerationExample(ctx context.Context, ex relais.ModerationExample, zone string) (kept bool, err error) {
	if r := []rune(ex.Text); len(r) > relais.MaxExampleText {
		ex.Text = string(r[:relais.MaxExampleText-1]) + "…"
	}
	b, err := json.Marshal(ex)
	if err != nil {
		return false, fmt.Errorf("dynamo: encode moderation example %s: %w", ex.InteractionID, err)
	}
	id := string(ex.Network) + "#" + ex.InteractionID
	_, err = s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           &s.table,
		Key:                 examplesKey(ex.ClientID, dayIn(ex.At, zone)).av(),
		UpdateExpression:    aws.String("SET examples = list_append(if_not_exists(examples, :none), :one) ADD ids :ids"),
		ConditionExpression: aws.String("attribute_not_exists(ids) OR (NOT contains(ids, :id) AND size(examples) < :cap)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":none": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
			":one":  &types.AttributeValueMemberL{Value: []types.AttributeValue{str(string(b))}},
			":ids":  &types.AttributeValueMemberSS{Value: []string{id}},
			":id":   str(id),
			":cap":  num(ExamplesPerDay),
		},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("save moderation example "+ex.InteractionID, err)
}

// ModerationExamples returns a client's moderation examples kept on the
// days from..to included (YYYY-MM-DD), oldest day first.
func (s *Store) ModerationExamples(ctx context.Context, clientID, from, to string) ([]relais.ModerationExample, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND SK BETWEEN :from AND :to"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":from": str(examplesKey(clientID, from).sk), ":to": str(examplesKey(clientID, to).sk),
		},
	}, 0)
	if err != nil {
		return nil, wrap("read moderation examples of "+clientID, err)
	}
	var out []relais.ModerationExample
	for _, it := range items {
		for _, raw := range it.list("examples") {
			var ex relais.ModerationExample
			if err := json.Unmarshal([]byte(raw), &ex); err != nil {
				return nil, fmt.Errorf("dynamo: decode moderation example of %s: %w", clientID, err)
			}
			out = append(out, ex)
		}
	}
	return out, nil
}
