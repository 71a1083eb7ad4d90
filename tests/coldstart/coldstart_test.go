package coldstart

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/routing"
)

// functions are the Relais functions under ./functions, each built from
// function.Run; hello is the baseline they are compared with.
var functions = []string{"webhook", "publisher", "moderator", "reporter", "poller", "api"}

const (
	hello    = "hello"
	nextPath = "/2018-06-01/runtime/invocation/next"
	// initTimeout bounds one function's init in the test.
	initTimeout = 5 * time.Second
)

// workDir holds this test binary's builds and an empty HOME for the
// functions, so that no shared AWS configuration is read.
var workDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "relais-coldstart-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	workDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildSet builds every bootstrap for one platform, once per test binary.
type buildSet struct {
	goos, goarch string
	sub          string // folder under workDir

	once sync.Once
	bins map[string]string // name to bootstrap path
	err  error
}

var (
	hostBuilds  = &buildSet{goos: runtime.GOOS, goarch: runtime.GOARCH}
	arm64Builds = &buildSet{goos: "linux", goarch: "arm64", sub: "linux-arm64"}
)

// get returns the bootstrap of every function and of hello, building them
// as the Lambda deployment does on first use.
func (s *buildSet) get(tb testing.TB) map[string]string {
	tb.Helper()
	s.once.Do(func() { s.bins, s.err = s.build() })
	if s.err != nil {
		tb.Fatalf("build for %s/%s: %v", s.goos, s.goarch, s.err)
	}
	return s.bins
}

func (s *buildSet) build() (map[string]string, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	pkgs := map[string]string{hello: "./tests/coldstart/hello"}
	for _, name := range functions {
		pkgs[name] = "./functions/" + name
	}
	bins := map[string]string{}
	for name, pkg := range pkgs {
		out := filepath.Join(workDir, s.sub, name, "bootstrap")
		cmd := exec.Command("go", "build", "-tags", "lambda.norpc", "-trimpath", "-ldflags", "-s -w", "-o", out, pkg)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+s.goos, "GOARCH="+s.goarch)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("go build %s: %v: %s", pkg, err, bytes.TrimSpace(msg))
		}
		bins[name] = out
	}
	return bins, nil
}

// moduleRoot is the nearest folder above the working directory that holds
// a go.mod: the Relais module.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// runtimeAPI stands in for the Lambda Runtime API. It records when the
// first next-invocation request arrives and holds it open; any other
// request, including the HTTP proxy requests the SDK would make to reach
// AWS, is refused and recorded.
type runtimeAPI struct {
	srv     *httptest.Server
	next    chan struct{} // closed on the first next-invocation request
	release chan struct{} // closed to let held requests return

	mu        sync.Mutex
	firstNext time.Time
	early     []string // other requests before the first next
}

func newRuntimeAPI() *runtimeAPI {
	a := &runtimeAPI{next: make(chan struct{}), release: make(chan struct{})}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	return a
}

func (a *runtimeAPI) serve(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	if r.Method == http.MethodGet && r.URL.Host == "" && r.URL.Path == nextPath {
		a.mu.Lock()
		if a.firstNext.IsZero() {
			a.firstNext = now
			close(a.next)
		}
		a.mu.Unlock()
		select {
		case <-a.release:
		case <-r.Context().Done():
		}
		return
	}
	a.mu.Lock()
	if a.firstNext.IsZero() {
		a.early = append(a.early, r.Method+" "+r.RequestURI)
	}
	a.mu.Unlock()
	http.Error(w, "not the runtime API", http.StatusBadGateway)
}

func (a *runtimeAPI) close() {
	close(a.release)
	a.srv.Close()
}

// initTime execs bin as the Lambda function name and returns the time from
// just before exec to its first next-invocation request. start and stop
// bracket that span, for a benchmark's timer.
func initTime(bin, name string, timeout time.Duration, start, stop func()) (time.Duration, error) {
	home := filepath.Join(workDir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return 0, err
	}
	api := newRuntimeAPI()
	defer api.close()
	addr := strings.TrimPrefix(api.srv.URL, "http://")

	cmd := exec.Command(bin)
	cmd.Dir = home
	cmd.Env = []string{
		"AWS_LAMBDA_RUNTIME_API=" + addr,
		"AWS_LAMBDA_FUNCTION_NAME=relais-" + name,
		"AWS_REGION=eu-west-3",
		"AWS_ACCESS_KEY_ID=AKIDCOLDSTART",
		"AWS_SECRET_ACCESS_KEY=coldstart",
		"RELAIS_TABLE=relais",
		"RELAIS_BUS=relais",
		"RELAIS_BUCKET=relais-reports",
		// The API and the publisher sign URLs of the clients' images.
		"RELAIS_MEDIA_BUCKET=relais-media",
		// The publisher schedules engagement fetches on the reporter.
		"RELAIS_SCHEDULE_GROUP=relais",
		"RELAIS_REPORTER_ARN=arn:aws:lambda:eu-west-3:000000000000:function:relais-reporter",
		"RELAIS_SCHEDULER_ROLE_ARN=arn:aws:iam::000000000000:role/relais-scheduler",
		// The moderator schedules the threads' overdue checks on itself.
		"RELAIS_MODERATOR_ARN=arn:aws:lambda:eu-west-3:000000000000:function:relais-moderator",
		// The API schedules posts on the publisher and signs in with
		// the user pool, whose keys it reads on first use only.
		"RELAIS_PUBLISHER_ARN=arn:aws:lambda:eu-west-3:000000000000:function:relais-publisher",
		"RELAIS_ISSUER=https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_coldstart",
		"RELAIS_APP_CLIENT_ID=coldstart",
		"HOME=" + home,
		// Any HTTP call to AWS goes through the stand-in, which refuses it.
		"HTTP_PROXY=" + api.srv.URL,
		"HTTPS_PROXY=" + api.srv.URL,
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	exited := make(chan error, 1)
	timer := time.NewTimer(timeout)
	defer timer.Stop()

	start()
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		stop()
		return 0, err
	}
	go func() { exited <- cmd.Wait() }()
	select {
	case <-api.next:
		stop()
	case err := <-exited:
		stop()
		return 0, fmt.Errorf("exited before asking for an invocation (%v); output:\n%s", err, out.Bytes())
	case <-timer.C:
		stop()
		cmd.Process.Kill()
		<-exited
		return 0, fmt.Errorf("no %s within %v; output:\n%s", nextPath, timeout, out.Bytes())
	}
	cmd.Process.Kill()
	<-exited

	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.early) > 0 {
		return 0, fmt.Errorf("called %s before %s", strings.Join(api.early, ", "), nextPath)
	}
	return api.firstNext.Sub(begin), nil
}

func size(tb testing.TB, path string) int64 {
	tb.Helper()
	info, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return info.Size()
}

// TestInitReachesRuntimeAPI checks that each function gets through init to
// the Runtime API without calling anything else, and fits in a Lambda
// bootstrap of at most 10 MB on arm64.
func TestInitReachesRuntimeAPI(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(filepath.Join(root, "functions"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !slices.Contains(functions, e.Name()) {
			t.Errorf("functions/%s is not measured here", e.Name())
		}
	}

	host := hostBuilds.get(t)
	arm64 := arm64Builds.get(t)
	for _, name := range append([]string{hello}, functions...) {
		t.Run(name, func(t *testing.T) {
			d, err := initTime(host[name], name, initTimeout, func() {}, func() {})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got := size(t, arm64[name])
			t.Logf("init %v; bootstrap %d bytes on %s/%s, %d on linux/arm64",
				d, size(t, host[name]), runtime.GOOS, runtime.GOARCH, got)
			if limit := routing.MaxBootstrap(name); got > limit {
				t.Errorf("linux/arm64 bootstrap is %d bytes, want at most %d", got, limit)
			}
		})
	}
}

// BenchmarkInit measures each function's cold start: ns/op and init-ms are
// the time from exec to the first next-invocation request.
func BenchmarkInit(b *testing.B) {
	bins := hostBuilds.get(b)
	for _, name := range append([]string{hello}, functions...) {
		b.Run(name, func(b *testing.B) {
			var total time.Duration
			b.ResetTimer()
			b.StopTimer()
			for range b.N {
				d, err := initTime(bins[name], name, initTimeout, b.StartTimer, b.StopTimer)
				if err != nil {
					b.Fatalf("%s: %v", name, err)
				}
				total += d
			}
			// The timer also counts waking up after the request; report
			// the span the stand-in measured.
			perOp := float64(total.Nanoseconds()) / float64(b.N)
			b.ReportMetric(perOp, "ns/op")
			b.ReportMetric(perOp/1e6, "init-ms")
			b.ReportMetric(float64(size(b, bins[name])), "bootstrap-bytes")
		})
	}
}
