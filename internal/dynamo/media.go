package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
)

var _ media.Store = (*Store)(nil)

// pendingMediaTTL is how long the record of an image never uploaded is
// kept: well past its upload URL's life, then DynamoDB deletes it.
const pendingMediaTTL = 24 * time.Hour

// PutMedia stores a new media item, pending, under its client.
func (s *Store) PutMedia(ctx context.Context, it media.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	row := mediaToItem(it)
	if it.Status == media.Pending {
		row.setN(attrExpires, it.CreatedAt.Add(pendingMediaTTL).Unix())
	}
	_, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           &s.table,
		Item:                row,
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	return wrap("put media "+it.ID+" of "+it.ClientID, err)
}

// Media returns a client's media item; another client's, as one that does
// not exist, is ENOTFOUND.
func (s *Store) Media(ctx context.Context, clientID, id string) (media.Item, error) {
	it, err := s.get(ctx, mediaKey(clientID, id), true)
	if err != nil {
		return media.Item{}, wrap("read media "+id+" of "+clientID, err)
	}
	if it == nil {
		return media.Item{}, relais.Errorf(relais.ENOTFOUND, "unknown media %q", id)
	}
	return mediaFromItem(it), nil
}

// MarkMediaReady records a pending item as ready, which it then stays:
// its expiry goes. An item no longer pending is ECONFLICT.
func (s *Store) MarkMediaReady(ctx context.Context, m media.Item) (media.Item, error) {
	out, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                &s.table,
		Key:                      mediaKey(m.ClientID, m.ID).av(),
		UpdateExpression:         aws.String("SET #status = :ready REMOVE " + attrExpires),
		ConditionExpression:      aws.String("#status = :pending"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":ready": str(string(media.Ready)), ":pending": str(string(media.Pending)),
		},
		ReturnValues: types.ReturnValueAllNew,
	})
	if failed, _ := conditionFailed(err); failed {
		return m, relais.Errorf(relais.ECONFLICT, "media %q is not pending", m.ID)
	}
	if err != nil {
		return m, wrap("mark media "+m.ID+" of "+m.ClientID+" ready", err)
	}
	return mediaFromItem(out.Attributes), nil
}

func mediaToItem(m media.Item) item {
	it := newItem(mediaKey(m.ClientID, m.ID))
	it.setS("type", m.Type)
	it.setN("size", m.Size)
	it.setS("alt", m.Alt)
	it.setS("status", string(m.Status))
	it.setS("createdBy", m.CreatedBy)
	it.setTime("createdAt", m.CreatedAt)
	return it
}

func mediaFromItem(it item) media.Item {
	pk := it.s(attrPK)
	return media.Item{
		ID:        it.s(attrSK)[len(mediaPrefix):],
		ClientID:  pk[len(clientPK("")):],
		Type:      it.s("type"),
		Size:      it.n("size"),
		Alt:       it.s("alt"),
		Status:    media.Status(it.s("status")),
		CreatedBy: it.s("createdBy"),
		CreatedAt: it.time("createdAt"),
	}
}
