package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// IdempotencyTTL is how long a call under an idempotency key is
// remembered.
const IdempotencyTTL = 24 * time.Hour

// Idempotent is what the first call under an idempotency key was, and
// once done, what it answered.
type Idempotent struct {
	// Hash is the digest of the first call's request, which every call
	// under the key must repeat.
	Hash     string
	Done     bool
	Status   int
	Location string
	Body     string
}

// idempotencyKey keeps a key under the partition of what it creates (a
// client's, or the agency's for a new client) and its caller.
func idempotencyKey(partition, caller, name string) key {
	return key{partition + "#IDEM", caller + "#" + name}
}

// IdempotencyPartition is the partition of a client's idempotency keys,
// or the agency's when clientID is empty.
func IdempotencyPartition(clientID string) string {
	if clientID == "" {
		return "AGENCY"
	}
	return clientPK(clientID)
}

// ClaimIdempotent records that a call under a caller's key has begun. It
// reports false, with the first call's record, when the key was used
// already.
func (s *Store) ClaimIdempotent(ctx context.Context, partition, caller, name, hash string) (Idempotent, bool, error) {
	k := idempotencyKey(partition, caller, name)
	it := newItem(k)
	it.setS("hash", hash)
	it.setN(attrExpires, s.Now().Add(IdempotencyTTL).Unix())
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                it,
		ConditionExpression: aws.String("attribute_not_exists(PK) OR " + attrExpires + " < :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":now": num(s.Now().Unix()),
		},
	})
	if failed, _ := conditionFailed(err); !failed {
		return Idempotent{}, err == nil, wrap("claim an idempotency key", err)
	}
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: k.av(), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return Idempotent{}, false, wrap("read an idempotency key", err)
	}
	got := item(out.Item)
	return Idempotent{Hash: got.s("hash"), Done: got.n("status") != 0, Status: int(got.n("status")),
		Location: got.s("location"), Body: got.s("body")}, false, nil
}

// CompleteIdempotent records what the call under a key answered.
func (s *Store) CompleteIdempotent(ctx context.Context, partition, caller, name string, r Idempotent) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:        &s.table,
		Key:              idempotencyKey(partition, caller, name).av(),
		UpdateExpression: aws.String("SET #status = :status, #location = :location, #body = :body"),
		ExpressionAttributeNames: map[string]string{
			"#status": "status", "#location": "location", "#body": "body",
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":status": num(int64(r.Status)), ":location": str(r.Location), ":body": str(r.Body),
		},
	})
	return wrap("complete an idempotency key", err)
}

// ReleaseIdempotent forgets a key whose call failed, so that a retry runs
// it again.
func (s *Store) ReleaseIdempotent(ctx context.Context, partition, caller, name string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: &s.table, Key: idempotencyKey(partition, caller, name).av()})
	return wrap("release an idempotency key", err)
}
