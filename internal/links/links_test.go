package links_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/ssm"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

const (
	bucketName = "relais-reports"
	keyName    = "/relais/secrets/links/signing-key"
	apiURL     = "https://console.example.com/api"
)

// reports are the report files in the bucket, by object key.
var reports = map[string]string{
	"reports/acme/2026-W47/report.html":   "<h1>Acme, week 47</h1>",
	"reports/acme/2026-W47/report.csv":    "day,posts\n",
	"reports/acme/2026-W48/report.html":   "<h1>Acme, week 48</h1>",
	"reports/globex/2026-W47/report.html": "<h1>Globex, week 47</h1>",
}

// fixture is the links of one deployment on DynamoDB Local and the local
// S3, whose functions sign with credentials the test rotates.
type fixture struct {
	aws     *localaws.Server
	issuer  *links.Issuer
	handler *links.Handler
	mux     *http.ServeMux
	// accessKey is the functions' current access key id.
	accessKey atomic.Value
	bucket    *s3.Bucket
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{aws: localaws.New(localaws.WithBuckets(bucketName))}
	f.accessKey.Store("ASIAFIRST")
	srv := httptest.NewServer(f.aws)
	t.Cleanup(func() {
		srv.Close()
		f.aws.Close()
	})
	// Not cached: each call signs with the key of the moment, as a
	// function does once Lambda has rotated its credentials.
	cfg := aws.Config{Region: localaws.DefaultRegion, Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		id := f.accessKey.Load().(string)
		return aws.Credentials{AccessKeyID: id, SecretAccessKey: "secret-" + id, SessionToken: "session-" + id}, nil
	})}
	f.bucket = s3.Connect(cfg, config.Endpoints{AWS: srv.URL}, bucketName)
	for key, body := range reports {
		must(t, f.bucket.Put(ctx, key, "text/plain", []byte(body)))
	}
	params := ssm.Connect(cfg, config.Endpoints{AWS: srv.URL})
	must(t, params.PutSecure(ctx, keyName, randomHex(32)))

	db := dynamotest.Client(t)
	table := dynamotest.TableName()
	must(t, dynamo.CreateTable(ctx, db, table))
	store := dynamo.New(db, table)

	key := links.NewKey(params, keyName)
	f.issuer = links.NewIssuer(store, key, apiURL)
	f.handler = links.NewHandler(store, key, f.bucket, slog.New(slog.DiscardHandler))
	f.mux = http.NewServeMux()
	f.mux.Handle(links.Pattern, f.handler)
	return f
}

// issue makes a link to a report file, valid for ttl.
func (f *fixture) issue(t *testing.T, r links.Report, ttl time.Duration) links.Issued {
	t.Helper()
	is, err := f.issuer.Issue(context.Background(), r, ttl)
	must(t, err)
	return is
}

// rotate makes the functions sign with a new access key and expires the
// old one, as Lambda's temporary credentials do within hours.
func (f *fixture) rotate(newKey string) {
	old := f.accessKey.Swap(newKey).(string)
	f.aws.ExpireAccessKey(old)
}

// opened is what following a link gave: the API's answer and, when it
// redirected, what the redirect downloaded.
type opened struct {
	status   int
	body     string
	download string
}

// follow opens a link's URL on the API, then follows its redirect.
func (f *fixture) follow(t *testing.T, url string) opened {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	rec := httptest.NewRecorder()
	f.mux.ServeHTTP(rec, req)
	got := opened{status: rec.Code, body: rec.Body.String()}
	for name, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"} {
		if v := rec.Header().Get(name); v != want {
			t.Errorf("%s: %s %q, want %q", url, name, v, want)
		}
	}
	if rec.Code != http.StatusFound {
		return got
	}
	got.body = ""
	resp, err := http.Get(rec.Header().Get("Location"))
	must(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("%s: the redirect answered %d %s", url, resp.StatusCode, b)
	}
	got.download = string(b)
	return got
}

// client is a plain HTTP client, which follows no redirect.
func (f *fixture) client() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func refused() opened { return opened{status: http.StatusNotFound, body: links.Refusal} }

func redirected(key string) opened { return opened{status: http.StatusFound, download: reports[key]} }

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
