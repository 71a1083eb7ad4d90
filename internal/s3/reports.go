// Package s3 is Relais' S3 adapter: it writes report files to the
// reports bucket, signs links to objects, and signs, describes and deletes
// the uploads of the media bucket.
package s3

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/relais-dev/relais/internal/config"
)

// Bucket writes objects to one bucket.
type Bucket struct {
	client  *s3.Client
	presign *s3.PresignClient
	name    string
}

// New returns the bucket named name.
func New(client *s3.Client, name string) *Bucket {
	return &Bucket{client: client, presign: s3.NewPresignClient(client), name: name}
}

// Put writes one object.
func (b *Bucket) Put(ctx context.Context, key, contentType string, body []byte) error {
	_, err := b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: &b.name, Key: &key, ContentType: &contentType, Body: bytes.NewReader(body),
	})
	if err != nil {
		return fmt.Errorf("s3: put %s: %w", key, err)
	}
	return nil
}

// Link returns a pre-signed GET link to an object, valid for ttl.
func (b *Bucket) Link(ctx context.Context, key string, ttl time.Duration) (string, error) {
	req, err := b.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &b.name, Key: &key}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("s3: sign link to %s: %w", key, err)
	}
	return req.URL, nil
}

// Download returns a pre-signed GET link to an object, valid for ttl,
// whose answer asks the browser to save it as filename.
func (b *Bucket) Download(ctx context.Context, key, filename string, ttl time.Duration) (string, error) {
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	req, err := b.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: &b.name, Key: &key, ResponseContentDisposition: &disposition}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", fmt.Errorf("s3: sign download of %s: %w", key, err)
	}
	return req.URL, nil
}

// Connect returns the bucket named name, through a client on the endpoint
// of e. The local emulator serves buckets by path, not by host name.
func Connect(cfg aws.Config, e config.Endpoints, name string) *Bucket {
	return New(s3.NewFromConfig(cfg, func(o *s3.Options) {
		if e.AWS != "" {
			o.BaseEndpoint = aws.String(e.AWS)
			o.UsePathStyle = true
		}
	}), name)
}
