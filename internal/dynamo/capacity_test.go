package dynamo_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
)

// TestDynamoDBLocalChargesAsAWS holds DynamoDB Local's consumed capacity,
// which the cost benchmark prices, to the rules AWS bills on-demand tables
// by (the DynamoDB developer guide's "Read and write request units"):
// writes per 1 KB of item, rounded up; reads per 4 KB, half for eventually
// consistent; a query per 4 KB of all the items it returns; transactional
// items at twice the units; an update at the larger of the item before and
// after.
func TestDynamoDBLocalChargesAsAWS(t *testing.T) {
	ctx := context.Background()
	db := dynamotest.Client(t)
	table := dynamotest.TableName()
	mustOK(t, dynamo.CreateTable(ctx, db, table))
	capacity := dynamo.Capacity{LocalTransactions: true}
	o := db.Options()
	o.APIOptions = append(o.APIOptions, capacity.Middleware)
	db = dynamodb.New(o)

	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	// item is an item of about size bytes, as DynamoDB counts them
	// (attribute names and values).
	item := func(pk, sk string, size int) map[string]types.AttributeValue {
		base := len("PK") + len(pk) + len("SK") + len(sk) + len("pad")
		return map[string]types.AttributeValue{"PK": s(pk), "SK": s(sk), "pad": s(strings.Repeat("x", max(1, size-base)))}
	}
	key := func(pk, sk string) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{"PK": s(pk), "SK": s(sk)}
	}
	put := func(it map[string]types.AttributeValue) func() error {
		return func() error {
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: &table, Item: it})
			return err
		}
	}
	withIndex := item("c#1", "idx", 200)
	withIndex["GSI1PK"], withIndex["GSI1SK"] = s("clients"), s("1")
	tests := []struct {
		name        string
		call        func() error
		read, write float64
	}{
		{"put of 200 bytes", put(item("c#1", "small", 200)), 0, 1},
		{"put of 1.5 KB", put(item("c#1", "mid", 1536)), 0, 2},
		{"put of 5 KB", put(item("c#1", "big", 5*1024)), 0, 5},
		{"eventually consistent get of 1.5 KB", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, Key: key("c#1", "mid")})
			return err
		}, 0.5, 0},
		{"strongly consistent get of 5 KB", func() error {
			_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, Key: key("c#1", "big"), ConsistentRead: aws.Bool(true)})
			return err
		}, 2, 0},
		{"eventually consistent query of 200 B + 1.5 KB + 5 KB", func() error {
			_, err := db.Query(ctx, &dynamodb.QueryInput{TableName: &table, KeyConditionExpression: aws.String("PK = :pk"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("c#1")}})
			return err
		}, 1, 0},
		{"update of one attribute of a 1.5 KB item", func() error {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: &table, Key: key("c#1", "mid"),
				UpdateExpression: aws.String("ADD n :one"), ExpressionAttributeValues: map[string]types.AttributeValue{":one": &types.AttributeValueMemberN{Value: "1"}}})
			return err
		}, 0, 2},
		{"transaction of two 200-byte puts", func() error {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &table, Item: item("c#2", "a", 200)}},
				{Put: &types.Put{TableName: &table, Item: item("c#2", "b", 200)}},
			}})
			return err
		}, 0, 4},
		{"transaction of one 1.5 KB put", func() error {
			_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
				{Put: &types.Put{TableName: &table, Item: item("c#3", "a", 1536)}},
			}})
			return err
		}, 0, 4},
		{"transactional get of two items under 4 KB", func() error {
			_, err := db.TransactGetItems(ctx, &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{
				{Get: &types.Get{TableName: &table, Key: key("c#2", "a")}}, {Get: &types.Get{TableName: &table, Key: key("c#1", "mid")}},
			}})
			return err
		}, 4, 0},
		{"put of 200 bytes with an index entry", put(withIndex), 0, 2},
	}
	for _, tt := range tests {
		capacity.Reset()
		if err := tt.call(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got := capacity.Total()
		if got.Read != tt.read || got.Write != tt.write {
			t.Errorf("%s: got %v read, %v write units, want %v, %v", tt.name, got.Read, got.Write, tt.read, tt.write)
		}
	}
}

// TestDynamoDBLocalUnderReportsTransactions: DynamoDB Local reports a
// transaction of two small puts at 2 units, where AWS bills 4. Once it
// reports them as AWS bills them, Capacity.LocalTransactions can go.
func TestDynamoDBLocalUnderReportsTransactions(t *testing.T) {
	ctx := context.Background()
	db := dynamotest.Client(t)
	table := dynamotest.TableName()
	mustOK(t, dynamo.CreateTable(ctx, db, table))
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	out, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{TableName: &table, Item: map[string]types.AttributeValue{"PK": s("a"), "SK": s("a")}}},
			{Put: &types.Put{TableName: &table, Item: map[string]types.AttributeValue{"PK": s("a"), "SK": s("b")}}},
		},
	})
	mustOK(t, err)
	if len(out.ConsumedCapacity) != 1 || out.ConsumedCapacity[0].CapacityUnits == nil {
		t.Fatalf("consumed capacity: got %+v, want one table's", out.ConsumedCapacity)
	}
	if got, want := *out.ConsumedCapacity[0].CapacityUnits, 2.0; got != want {
		t.Errorf("units of a two-item transaction on DynamoDB Local: got %v, want %v (AWS bills 4)", got, want)
	}
}
