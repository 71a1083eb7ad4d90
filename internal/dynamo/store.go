// Package dynamo is Relais' store: one DynamoDB table in a single-table
// design, written through the AWS SDK v2 client.
package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/relais"
)

// Store reads and writes Relais items in one table.
type Store struct {
	db    *dynamodb.Client
	table string
	// Now stamps writes; tests replace it.
	Now func() time.Time
}

// New returns a store on table.
func New(db *dynamodb.Client, table string) *Store {
	return &Store{db: db, table: table, Now: time.Now}
}

// Table is the table's name.
func (s *Store) Table() string { return s.table }

func (s *Store) get(ctx context.Context, k key, consistent bool) (item, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &s.table,
		Key:            k.av(),
		ConsistentRead: aws.Bool(consistent),
	})
	if err != nil {
		return nil, err
	}
	if out.Item == nil {
		return nil, nil
	}
	return out.Item, nil
}

// putNew writes an item that must not exist yet.
func (s *Store) putNewItem(it item) types.TransactWriteItem {
	return types.TransactWriteItem{Put: &types.Put{
		TableName:           &s.table,
		Item:                it,
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	}}
}

// query pages through a key condition, up to limit items (0: all).
func (s *Store) query(ctx context.Context, in *dynamodb.QueryInput, limit int) ([]item, error) {
	in.TableName = &s.table
	var out []item
	p := dynamodb.NewQueryPaginator(s.db, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			out = append(out, it)
			if limit > 0 && len(out) == limit {
				return out, nil
			}
		}
	}
	return out, nil
}

// conditionFailed reports whether err is a failed condition, alone or
// inside a cancelled transaction, and which transaction items failed.
func conditionFailed(err error) (bool, []bool) {
	var cc *types.ConditionalCheckFailedException
	if errors.As(err, &cc) {
		return true, nil
	}
	var tc *types.TransactionCanceledException
	if errors.As(err, &tc) {
		failed := make([]bool, len(tc.CancellationReasons))
		any := false
		for i, r := range tc.CancellationReasons {
			if r.Code != nil && *r.Code == "ConditionalCheckFailed" {
				failed[i], any = true, true
			}
		}
		return any, failed
	}
	return false, nil
}

func (s *Store) transact(ctx context.Context, items ...types.TransactWriteItem) error {
	_, err := s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	return err
}

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var domain *relais.Error
	if errors.As(err, &domain) {
		return err
	}
	return fmt.Errorf("dynamo: %s: %w", op, err)
}

// Connect returns a store on table, through a client on the DynamoDB
// endpoint of e.
func Connect(cfg aws.Config, e config.Endpoints, table string) *Store {
	return New(dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
		if e.DynamoDB != "" {
			o.BaseEndpoint = aws.String(e.DynamoDB)
			// DynamoDB Local's CRC32 header does not match some of its
			// error bodies; AWS's own endpoint keeps the check.
			o.DisableValidateResponseChecksum = true
		}
	}), table)
}

// DB is the store's DynamoDB client.
func (s *Store) DB() *dynamodb.Client { return s.db }

// underClient lists a client's items whose sort key starts with prefix,
// in key order or newest first, each decoded by from; what names them in
// errors.
func underClient[T any](ctx context.Context, s *Store, clientID, prefix, what string, newestFirst bool, from func(item) (T, error)) ([]T, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :prefix)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(clientPK(clientID)), ":prefix": str(prefix),
		},
		ScanIndexForward: aws.Bool(!newestFirst),
		ConsistentRead:   aws.Bool(true),
	}, 0)
	if err != nil {
		return nil, wrap("list "+what+" of "+clientID, err)
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		v, err := from(it)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
