package localaws

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func mustPutObject(t *testing.T, ts *testStack, key, body, contentType string) {
	t.Helper()
	_, err := ts.s3.PutObject(t.Context(), &s3.PutObjectInput{
		Bucket:      aws.String(testBucket),
		Key:         aws.String(key),
		Body:        strings.NewReader(body),
		ContentType: aws.String(contentType),
	})
	if err != nil {
		t.Fatalf("PutObject %s: %v", key, err)
	}
}

func TestS3Objects(t *testing.T) {
	ts := newTestStack(t)
	ctx := t.Context()
	const report = `{"clientId":"acme","posts":12}`
	mustPutObject(t, ts, "reports/acme/2026-W48.json", report, "application/json")
	mustPutObject(t, ts, "reports/acme/2026-W48.html", "<h1>Acme</h1>", "text/html; charset=utf-8")
	mustPutObject(t, ts, "reports/beta/2026-W48.json", `{}`, "application/json")
	mustPutObject(t, ts, "exports/acme.csv", "a,b", "text/csv")

	got, err := ts.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: aws.String("reports/acme/2026-W48.json")})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if string(body) != report || aws.ToString(got.ContentType) != "application/json" || aws.ToInt64(got.ContentLength) != int64(len(report)) {
		t.Errorf("GetObject: got %q, %s, %d bytes", body, aws.ToString(got.ContentType), aws.ToInt64(got.ContentLength))
	}

	head, err := ts.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(testBucket), Key: aws.String("reports/acme/2026-W48.html")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(head.ContentType) != "text/html; charset=utf-8" || aws.ToInt64(head.ContentLength) != int64(len("<h1>Acme</h1>")) || aws.ToString(head.ETag) == "" {
		t.Errorf("HeadObject: got %s, %d bytes, etag %s", aws.ToString(head.ContentType), aws.ToInt64(head.ContentLength), aws.ToString(head.ETag))
	}

	tests := []struct {
		name, prefix, delimiter string
		wantKeys, wantPrefixes  []string
	}{
		{"prefix", "reports/acme/", "", []string{"reports/acme/2026-W48.html", "reports/acme/2026-W48.json"}, nil},
		{"everything", "", "", []string{"exports/acme.csv", "reports/acme/2026-W48.html", "reports/acme/2026-W48.json", "reports/beta/2026-W48.json"}, nil},
		{"folders", "reports/", "/", nil, []string{"reports/acme/", "reports/beta/"}},
		{"nothing", "drafts/", "", nil, nil},
	}
	for _, tt := range tests {
		for _, pageSize := range []int32{1, 1000} {
			var keys, prefixes []string
			pages := s3.NewListObjectsV2Paginator(ts.s3, &s3.ListObjectsV2Input{
				Bucket: aws.String(testBucket), Prefix: aws.String(tt.prefix), Delimiter: aws.String(tt.delimiter), MaxKeys: aws.Int32(pageSize),
			})
			for pages.HasMorePages() {
				page, err := pages.NextPage(ctx)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				for _, o := range page.Contents {
					keys = append(keys, aws.ToString(o.Key))
				}
				for _, p := range page.CommonPrefixes {
					prefixes = append(prefixes, aws.ToString(p.Prefix))
				}
			}
			if !slices.Equal(keys, tt.wantKeys) || !slices.Equal(prefixes, tt.wantPrefixes) {
				t.Errorf("%s, pages of %d: got keys %v prefixes %v, want %v %v", tt.name, pageSize, keys, prefixes, tt.wantKeys, tt.wantPrefixes)
			}
		}
	}
}

func TestS3Errors(t *testing.T) {
	ts := newTestStack(t)
	ctx := t.Context()
	var (
		noSuchKey    *types.NoSuchKey
		noSuchBucket *types.NoSuchBucket
		notFound     *types.NotFound
		owned        *types.BucketAlreadyOwnedByYou
	)
	tests := []struct {
		name string
		call func() error
		want any
	}{
		{"get missing key", func() error {
			_, err := ts.s3.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: aws.String("nope")})
			return err
		}, &noSuchKey},
		{"head missing key", func() error {
			_, err := ts.s3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(testBucket), Key: aws.String("nope")})
			return err
		}, &notFound},
		{"list missing bucket", func() error {
			_, err := ts.s3.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("nope-bucket")})
			return err
		}, &noSuchBucket},
		{"create existing bucket", func() error {
			_, err := ts.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(testBucket)})
			return err
		}, &owned},
	}
	for _, tt := range tests {
		if err := tt.call(); !errors.As(err, tt.want) {
			t.Errorf("%s: got %v, want %T", tt.name, err, tt.want)
		}
	}

	// A put into a missing bucket fails; once created, it succeeds.
	_, err := ts.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("relais-exports"), Key: aws.String("a"), Body: strings.NewReader("x")})
	if err == nil || !strings.Contains(err.Error(), "NoSuchBucket") {
		t.Errorf("put into a missing bucket: got %v, want NoSuchBucket", err)
	}
	if _, err := ts.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("relais-exports")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.s3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("relais-exports"), Key: aws.String("a"), Body: strings.NewReader("x")}); err != nil {
		t.Errorf("put after CreateBucket: %v", err)
	}
}

func TestS3PresignedGet(t *testing.T) {
	ts := newTestStack(t)
	// The SDK signs with the wall clock; the server checks expiry by its own.
	ts.clock.Set(time.Now())
	mustPutObject(t, ts, "reports/acme/2026-W48.html", "<h1>Acme</h1>", "text/html")

	presigned, err := s3.NewPresignClient(ts.s3).PresignGetObject(t.Context(), &s3.GetObjectInput{
		Bucket:                     aws.String(testBucket),
		Key:                        aws.String("reports/acme/2026-W48.html"),
		ResponseContentDisposition: aws.String(`attachment; filename="report.html"`),
	}, s3.WithPresignExpires(15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}

	get := func(url string) (int, string, http.Header) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}

	status, body, header := get(presigned.URL)
	if status != http.StatusOK || body != "<h1>Acme</h1>" || header.Get("Content-Disposition") != `attachment; filename="report.html"` {
		t.Errorf("presigned GET: got %d %q %v", status, body, header)
	}

	unsigned, _, _ := strings.Cut(presigned.URL, "?")
	noSignature := strings.Replace(presigned.URL, "X-Amz-Signature=", "X-Amz-Unsigned=", 1)
	tests := []struct {
		name     string
		url      string
		advance  time.Duration
		wantCode int
		wantBody string
	}{
		{"anonymous", unsigned, 0, http.StatusForbidden, "<Code>AccessDenied</Code>"},
		{"no signature", noSignature, 0, http.StatusBadRequest, "<Code>AuthorizationQueryParametersError</Code>"},
		{"still valid", presigned.URL, 14 * time.Minute, http.StatusOK, "<h1>Acme</h1>"},
		{"expired", presigned.URL, 2 * time.Minute, http.StatusForbidden, "Request has expired"},
	}
	for _, tt := range tests {
		ts.clock.Advance(tt.advance)
		status, body, _ := get(tt.url)
		if status != tt.wantCode || !strings.Contains(body, tt.wantBody) {
			t.Errorf("%s: got %d %q, want %d with %q", tt.name, status, body, tt.wantCode, tt.wantBody)
		}
	}
}

// TestS3ExpiredCredentials rotates credentials as Lambda does: once a
// key has expired, neither its signed calls nor the URLs it pre-signed
// work, and the new key's do.
func TestS3ExpiredCredentials(t *testing.T) {
	ts := newTestStack(t)
	ts.clock.Set(time.Now())
	mustPutObject(t, ts, "reports/acme/2026-W48.html", "<h1>Acme</h1>", "text/html")
	client := func(key string) *s3.Client {
		return s3.New(s3.Options{
			Region: DefaultRegion, Credentials: credentials.NewStaticCredentialsProvider(key, "secret-"+key, "session-"+key),
			BaseEndpoint: aws.String(ts.url), UsePathStyle: true,
		})
	}
	presign := func(key string) string {
		t.Helper()
		req, err := s3.NewPresignClient(client(key)).PresignGetObject(t.Context(), &s3.GetObjectInput{
			Bucket: aws.String(testBucket), Key: aws.String("reports/acme/2026-W48.html"),
		}, s3.WithPresignExpires(7*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return req.URL
	}
	old, current := presign("ASIAOLD"), presign("ASIANEW")
	ts.srv.ExpireAccessKey("ASIAOLD")

	tests := []struct {
		name     string
		url      string
		wantCode int
		wantBody string
	}{
		{"pre-signed with the expired key", old, http.StatusBadRequest, "<Code>ExpiredToken</Code>"},
		{"pre-signed with the current key", current, http.StatusOK, "<h1>Acme</h1>"},
	}
	for _, tt := range tests {
		resp, err := http.Get(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.StatusCode; got != tt.wantCode || !strings.Contains(string(body), tt.wantBody) {
			t.Errorf("%s: got %d %q, want %d with %q", tt.name, got, body, tt.wantCode, tt.wantBody)
		}
	}
	_, err := client("ASIAOLD").GetObject(t.Context(), &s3.GetObjectInput{Bucket: aws.String(testBucket), Key: aws.String("reports/acme/2026-W48.html")})
	if got, want := err, "ExpiredToken"; got == nil || !strings.Contains(got.Error(), want) {
		t.Errorf("GetObject signed with the expired key: got %v, want %s", got, want)
	}
}
