package localaws

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
)

// testStart is where the manual clock of a test stack starts.
var testStart = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

const testBucket = "relais-reports"

// testStack is a Server behind httptest, with the real SDK clients pointed
// at it and a recording invoker.
type testStack struct {
	srv       *Server
	url       string
	clock     *ManualClock
	inv       *recorder
	events    *eventbridge.Client
	scheduler *scheduler.Client
	s3        *s3.Client
	ssm       *ssm.Client
}

func newTestStack(t *testing.T, opts ...Option) *testStack {
	t.Helper()
	clock := NewManualClock(testStart)
	inv := &recorder{}
	srv := New(append([]Option{WithClock(clock), WithInvoker(inv), WithBuckets(testBucket)}, opts...)...)
	srv.RetryDelay = time.Millisecond
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})

	cfg := aws.Config{
		Region:      DefaultRegion,
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
	}
	return &testStack{
		srv:       srv,
		url:       hs.URL,
		clock:     clock,
		inv:       inv,
		events:    eventbridge.NewFromConfig(cfg, func(o *eventbridge.Options) { o.BaseEndpoint = aws.String(hs.URL) }),
		scheduler: scheduler.NewFromConfig(cfg, func(o *scheduler.Options) { o.BaseEndpoint = aws.String(hs.URL) }),
		s3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			o.BaseEndpoint = aws.String(hs.URL)
			o.UsePathStyle = true
		}),
		ssm: ssm.NewFromConfig(cfg, func(o *ssm.Options) { o.BaseEndpoint = aws.String(hs.URL) }),
	}
}

// mustDrain waits for the deliveries under way, failing the test after a
// few seconds.
func (ts *testStack) mustDrain(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := ts.srv.Drain(ctx); err != nil {
		t.Fatal(err)
	}
}

// call is one invocation seen by the recorder.
type call struct {
	function string
	payload  string
}

// recorder is a hand-written Invoker fake: it records every call and fails
// those fail says to; n counts the calls to that function, from 1.
type recorder struct {
	mu    sync.Mutex
	calls []call
	fail  func(function string, n int) error
}

func (r *recorder) Invoke(_ context.Context, function string, payload []byte) error {
	r.mu.Lock()
	r.calls = append(r.calls, call{function: function, payload: string(payload)})
	n := 0
	for _, c := range r.calls {
		if c.function == function {
			n++
		}
	}
	fail := r.fail
	r.mu.Unlock()
	if fail != nil {
		return fail(function, n)
	}
	return nil
}

func (r *recorder) setFail(fail func(function string, n int) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = fail
}

func (r *recorder) Calls() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

func TestFunctionFromARN(t *testing.T) {
	tests := []struct {
		arn, prefix, want string
	}{
		{"arn:aws:lambda:eu-west-3:000000000000:function:relais-publisher", "relais-", "publisher"},
		{"arn:aws:lambda:eu-west-3:000000000000:function:relais-reporter:live", "relais-", "reporter"},
		{"arn:aws:lambda:eu-west-3:000000000000:function:acme-publisher", "relais-", "acme-publisher"},
		{"arn:aws:lambda:eu-west-3:000000000000:function:acme-publisher", "acme-", "publisher"},
		{"arn:aws:sqs:eu-west-3:000000000000:queue", "relais-", ""},
	}
	for _, tt := range tests {
		if got := FunctionFromARN(tt.arn, tt.prefix); got != tt.want {
			t.Errorf("FunctionFromARN(%q, %q): got %q, want %q", tt.arn, tt.prefix, got, tt.want)
		}
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(testStart)
	if got := c.Advance(90 * time.Minute); !got.Equal(testStart.Add(90 * time.Minute)) {
		t.Errorf("Advance: got %s", got)
	}
	c.Set(testStart)
	if got := c.Now(); !got.Equal(testStart) {
		t.Errorf("Set: got %s, want %s", got, testStart)
	}
}
