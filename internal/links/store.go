package links

import (
	"context"
	"time"
)

// Store keeps the links, each under its client, until it expires or is
// revoked. internal/dynamo implements it.
type Store interface {
	// PutLink stores a new link, expiring with it.
	PutLink(ctx context.Context, l Link) error
	// Link returns a client's link, or ENOTFOUND once revoked.
	Link(ctx context.Context, clientID, id string) (Link, error)
	// DeleteLink revokes one link; revoking it again is no error.
	DeleteLink(ctx context.Context, clientID, id string) error
	// DeleteLinks revokes every link of a client and says how many
	// there were.
	DeleteLinks(ctx context.Context, clientID string) (int, error)
}

// Bucket signs short-lived links to the reports bucket's objects with the
// caller's current credentials. internal/s3 implements it.
type Bucket interface {
	Link(ctx context.Context, key string, ttl time.Duration) (string, error)
}
