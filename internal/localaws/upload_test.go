package localaws

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

const consoleOrigin = "http://127.0.0.1:8787"

// mediaCORS is the media bucket's rule, as infra and the local stack set
// it.
var mediaCORS = CORSRule{AllowedOrigins: []string{consoleOrigin}, AllowedMethods: []string{"PUT", "GET"},
	AllowedHeaders: []string{"Content-Type"}, ExposeHeaders: []string{"ETag"}, MaxAgeSeconds: 600}

// presignPut signs an upload as the media service does: bound to a type
// and a length.
func presignPut(t *testing.T, ts *testStack, key, contentType string, size int64) string {
	t.Helper()
	req, err := s3.NewPresignClient(ts.s3).PresignPutObject(t.Context(), &s3.PutObjectInput{
		Bucket: aws.String(testBucket), Key: aws.String(key), ContentType: aws.String(contentType), ContentLength: aws.Int64(size),
	}, s3.WithPresignExpires(15*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(req.URL, "content-length") || !strings.Contains(req.URL, "content-type") {
		t.Fatalf("the URL %s does not sign the type and length", req.URL)
	}
	return req.URL
}

func send(t *testing.T, method, url string, body []byte, header ...string) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// TestS3PresignedPut: a browser's upload to a pre-signed URL is stored
// with the type it was signed for; another type, another length, a
// tampered or an expired URL is refused as S3 refuses it.
func TestS3PresignedPut(t *testing.T) {
	ts := newTestStack(t)
	ts.clock.Set(time.Now())
	png := []byte("\x89PNG\r\n\x1a\nimage")
	const key = "media/acme/m1"
	url := presignPut(t, ts, key, "image/png", int64(len(png)))

	tests := []struct {
		name     string
		url      string
		body     []byte
		ctype    string
		advance  time.Duration
		wantCode int
		wantBody string
	}{
		{"another type", url, png, "image/gif", 0, http.StatusForbidden, "<Code>SignatureDoesNotMatch</Code>"},
		{"another length", url, append(png, 'x'), "image/png", 0, http.StatusForbidden, "<Code>SignatureDoesNotMatch</Code>"},
		{"tampered key", strings.Replace(url, "/m1?", "/m2?", 1), png, "image/png", 0, http.StatusForbidden, "<Code>SignatureDoesNotMatch</Code>"},
		{"tampered expiry", strings.Replace(url, "X-Amz-Expires=900", "X-Amz-Expires=901", 1), png, "image/png", 0, http.StatusForbidden, "<Code>SignatureDoesNotMatch</Code>"},
		{"as signed", url, png, "image/png", 0, http.StatusOK, ""},
		{"expired", url, png, "image/png", 16 * time.Minute, http.StatusForbidden, "Request has expired"},
	}
	for _, tt := range tests {
		ts.clock.Advance(tt.advance)
		status, body, _ := send(t, http.MethodPut, tt.url, tt.body, "Content-Type", tt.ctype)
		if status != tt.wantCode || !strings.Contains(body, tt.wantBody) {
			t.Errorf("%s: got %d %q, want %d with %q", tt.name, status, body, tt.wantCode, tt.wantBody)
		}
	}
	head, err := ts.s3.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: aws.String(testBucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(head.ContentType); got != "image/png" || aws.ToInt64(head.ContentLength) != int64(len(png)) {
		t.Errorf("stored: got %s, %d bytes, want image/png, %d", got, aws.ToInt64(head.ContentLength), len(png))
	}
	if _, err := ts.s3.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: aws.String(testBucket), Key: aws.String("media/acme/m2")}); err == nil {
		t.Error("the tampered URL stored an object")
	}
}

// TestS3DeleteObject: a deleted object is gone; deleting it again is no
// error, as in S3.
func TestS3DeleteObject(t *testing.T) {
	ts := newTestStack(t)
	mustPutObject(t, ts, "media/acme/m1", "x", "image/png")
	for range 2 {
		if _, err := ts.s3.DeleteObject(t.Context(), &s3.DeleteObjectInput{Bucket: aws.String(testBucket), Key: aws.String("media/acme/m1")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ts.s3.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: aws.String(testBucket), Key: aws.String("media/acme/m1")}); err == nil {
		t.Error("the deleted object is still there")
	}
}

// TestS3CORS: the bucket answers the console's preflight and lets its
// page read the upload's answer; another origin, method or header is
// refused, and gets no CORS header on its answers.
func TestS3CORS(t *testing.T) {
	ts := newTestStack(t, WithBucketCORS(testBucket, mediaCORS))
	ts.clock.Set(time.Now())
	object := ts.url + "/" + testBucket + "/media/acme/m1"
	tests := []struct {
		name, origin, method, headers string
		wantCode                      int
		wantAllow                     string
	}{
		{"the console's upload", consoleOrigin, "PUT", "content-type", http.StatusOK, consoleOrigin},
		{"the console's read", consoleOrigin, "GET", "", http.StatusOK, consoleOrigin},
		{"another origin", "https://evil.example", "PUT", "content-type", http.StatusForbidden, ""},
		{"a method not allowed", consoleOrigin, "DELETE", "", http.StatusForbidden, ""},
		{"a header not allowed", consoleOrigin, "PUT", "content-type, x-amz-acl", http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		h := []string{"Origin", tt.origin, "Access-Control-Request-Method", tt.method}
		if tt.headers != "" {
			h = append(h, "Access-Control-Request-Headers", tt.headers)
		}
		status, body, header := send(t, http.MethodOptions, object, nil, h...)
		if status != tt.wantCode || header.Get("Access-Control-Allow-Origin") != tt.wantAllow {
			t.Errorf("%s: got %d, allow-origin %q (%s), want %d, %q", tt.name, status, header.Get("Access-Control-Allow-Origin"), body, tt.wantCode, tt.wantAllow)
		}
		if status == http.StatusOK && (!strings.Contains(header.Get("Access-Control-Allow-Methods"), tt.method) || header.Get("Access-Control-Max-Age") != "600") {
			t.Errorf("%s: got methods %q, max age %q", tt.name, header.Get("Access-Control-Allow-Methods"), header.Get("Access-Control-Max-Age"))
		}
	}

	png := []byte("image")
	url := presignPut(t, ts, "media/acme/m1", "image/png", int64(len(png)))
	for _, tt := range []struct{ origin, want string }{{consoleOrigin, consoleOrigin}, {"https://evil.example", ""}} {
		status, body, header := send(t, http.MethodPut, url, png, "Content-Type", "image/png", "Origin", tt.origin)
		if status != http.StatusOK || header.Get("Access-Control-Allow-Origin") != tt.want || (tt.want != "" && header.Get("Access-Control-Expose-Headers") != "ETag") {
			t.Errorf("upload from %s: got %d %s, allow-origin %q, want 200, %q", tt.origin, status, body, header.Get("Access-Control-Allow-Origin"), tt.want)
		}
	}
}
