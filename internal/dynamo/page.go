package dynamo

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// Page is one page of a client's list and the cursor of the next page,
// empty after the last.
type Page[T any] struct {
	Items []T
	Next  string
}

// MaxPage bounds a page.
const MaxPage = 200

// errCursor refuses a cursor this list did not give: a cursor is opaque,
// and one made for another list or client leads nowhere.
var errCursor = relais.Errorf(relais.EINVALID, "the cursor is not one this list gave; start again without it")

// encodeCursor writes where a query stopped as an opaque cursor. The
// client's partition is left out and put back from the request, so that
// a cursor cannot move a query to another client.
func encodeCursor(last map[string]types.AttributeValue, drop ...string) string {
	if len(last) == 0 {
		return ""
	}
	plain := map[string]string{}
	for k, v := range last {
		if s, ok := v.(*types.AttributeValueMemberS); ok && !slices.Contains(drop, k) {
			plain[k] = s.Value
		}
	}
	b, _ := json.Marshal(plain)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor back into a start key, with the fixed
// attributes set from the request; check says whether each other
// attribute may start this list.
func decodeCursor(cursor string, fixed map[string]string, check func(attr, value string) bool) (map[string]types.AttributeValue, error) {
	if cursor == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) > 2048 {
		return nil, errCursor
	}
	var plain map[string]string
	if json.Unmarshal(b, &plain) != nil {
		return nil, errCursor
	}
	out := map[string]types.AttributeValue{}
	for k, v := range plain {
		if _, isFixed := fixed[k]; isFixed || !check(k, v) {
			return nil, errCursor
		}
		out[k] = str(v)
	}
	for k, v := range fixed {
		out[k] = str(v)
	}
	return out, nil
}

// pageLimit is a page's size: 50 by default, at most MaxPage.
func pageLimit(n int) int32 {
	switch {
	case n <= 0:
		return 50
	case n > MaxPage:
		return MaxPage
	}
	return int32(n)
}

// PostsPage lists a client's posts, newest first, a page at a time: one
// query per page.
func (s *Store) PostsPage(ctx context.Context, clientID, cursor string, limit int) (Page[relais.Post], error) {
	pk := clientPK(clientID)
	start, err := decodeCursor(cursor, map[string]string{attrPK: pk}, func(attr, v string) bool {
		return attr == attrSK && strings.HasPrefix(v, postPrefix)
	})
	if err != nil {
		return Page[relais.Post]{}, err
	}
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:              &s.table,
		KeyConditionExpression: aws.String("PK = :pk AND begins_with(SK, :sk)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(pk), ":sk": str(postPrefix),
		},
		ScanIndexForward:  aws.Bool(false),
		Limit:             aws.Int32(pageLimit(limit)),
		ExclusiveStartKey: start,
	})
	if err != nil {
		return Page[relais.Post]{}, wrap("list posts of "+clientID, err)
	}
	page := Page[relais.Post]{Items: make([]relais.Post, len(out.Items)), Next: encodeCursor(out.LastEvaluatedKey, attrPK)}
	for i, it := range out.Items {
		page.Items[i] = postFromItem(it)
	}
	return page, nil
}

// maxInboxQueries bounds the queries behind one inbox page: filters that
// keep few interactions give a short page and a cursor, not a slow one.
const maxInboxQueries = 2

// InboxPage lists a client's interactions, newest first, a page at a
// time, in at most two queries: a page may hold fewer than limit entries
// and still have a next one when the filters leave many out.
func (s *Store) InboxPage(ctx context.Context, clientID string, f InboxFilter, cursor string) (Page[InboxEntry], error) {
	pk, gpk := clientPK(clientID), inboxPK(clientID)
	start, err := decodeCursor(cursor, map[string]string{attrPK: pk, attrGSI1PK: gpk}, func(attr, v string) bool {
		return (attr == attrSK && strings.HasPrefix(v, "INTERACTION#")) || attr == attrGSI1SK
	})
	if err != nil {
		return Page[InboxEntry]{}, err
	}
	limit := pageLimit(f.Limit)
	cond := "GSI1PK = :pk"
	values := map[string]types.AttributeValue{":pk": str(gpk)}
	if !f.Since.IsZero() {
		cond += " AND GSI1SK >= :since"
		values[":since"] = str(f.Since.UTC().Format(time.RFC3339Nano))
	}
	names := map[string]string{}
	var filter *string
	if c := f.condition(names, values); c != "" {
		filter = aws.String(c)
	} else {
		names = nil
	}
	var page Page[InboxEntry]
	for q := 0; q < maxInboxQueries; q++ {
		out, err := s.db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 &s.table,
			IndexName:                 aws.String(indexGSI1),
			KeyConditionExpression:    aws.String(cond),
			FilterExpression:          filter,
			ExpressionAttributeNames:  names,
			ExpressionAttributeValues: values,
			ScanIndexForward:          aws.Bool(false),
			// Each query reads at most what the page has room for (the
			// limit counts items read, before the filter), so the cursor
			// never skips an entry.
			Limit:             aws.Int32(limit - int32(len(page.Items))),
			ExclusiveStartKey: start,
		})
		if err != nil {
			return Page[InboxEntry]{}, wrap("inbox of "+clientID, err)
		}
		for _, it := range out.Items {
			page.Items = append(page.Items, inboxEntryFromItem(it))
		}
		start = out.LastEvaluatedKey
		if len(start) == 0 || int32(len(page.Items)) >= limit {
			break
		}
	}
	page.Next = encodeCursor(start, attrPK, attrGSI1PK)
	return page, nil
}
