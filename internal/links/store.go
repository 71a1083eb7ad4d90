package links

import (
	"context"
	"time"
)

// Store keeps the links, each under its client, until it expires or is
// revoked. internal/dynamo implements it.
type Store interface {
	// PutReportLink stores a new link, expiring with it.
	PutReportLink(ctx context.Context, l Link) error
	// ReportLink returns a client's link, or ENOTFOUND once revoked.
	ReportLink(ctx context.Context, clientID, id string) (Link, error)
	// DeleteReportLink revokes one link; revoking it again is no error.
	DeleteReportLink(ctx context.Context, clientID, id string) error
	// DeleteReportLinks revokes every link of a client and says how many
	// there were.
	DeleteReportLinks(ctx context.Context, clientID string) (int, error)
}

// Bucket signs short-lived links to the reports bucket's objects with the
// caller's current credentials. internal/s3 implements it.
type Bucket interface {
	Link(ctx context.Context, key string, ttl time.Duration) (string, error)
}
