package s3

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
)

var _ media.Objects = (*Bucket)(nil)

// PresignPut signs a PUT of one object bound to its Content-Type and
// Content-Length: S3 refuses an upload of another type or size with
// SignatureDoesNotMatch. The headers to send are the signed ones a
// browser may set; it sets Content-Length from the body itself.
func (b *Bucket) PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (media.Upload, error) {
	req, err := b.presign.PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket: &b.name, Key: &key, ContentType: &contentType, ContentLength: aws.Int64(size),
	}, s3.WithPresignExpires(ttl))
	if err != nil {
		return media.Upload{}, fmt.Errorf("s3: sign an upload to %s: %w", key, err)
	}
	headers := map[string]string{}
	for name := range req.SignedHeader {
		switch http.CanonicalHeaderKey(name) {
		case "Host", "Content-Length":
		default:
			headers[http.CanonicalHeaderKey(name)] = req.SignedHeader.Get(name)
		}
	}
	return media.Upload{Method: req.Method, URL: req.URL, Headers: headers}, nil
}

// Head describes one object; a missing one is ENOTFOUND.
func (b *Bucket) Head(ctx context.Context, key string) (media.Object, error) {
	out, err := b.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &b.name, Key: &key})
	var missing *types.NotFound
	if errors.As(err, &missing) {
		return media.Object{}, relais.Errorf(relais.ENOTFOUND, "no object %s", key)
	}
	if err != nil {
		return media.Object{}, fmt.Errorf("s3: head %s: %w", key, err)
	}
	return media.Object{Size: aws.ToInt64(out.ContentLength), Type: aws.ToString(out.ContentType)}, nil
}

// Delete deletes one object; a missing one is no error, as in S3.
func (b *Bucket) Delete(ctx context.Context, key string) error {
	if _, err := b.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: &b.name, Key: &key}); err != nil {
		return fmt.Errorf("s3: delete %s: %w", key, err)
	}
	return nil
}
