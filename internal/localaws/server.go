// Package localaws is the local stand-in for the AWS services Relais calls
// besides DynamoDB: EventBridge PutEvents, EventBridge Scheduler, S3 objects
// and SSM parameters. It speaks their wire protocols, so Relais runs the
// real AWS SDK clients against it with only BaseEndpoint changed.
//
// Events are routed with internal/routing, the rules infra deploys;
// schedules fire by a Clock that tests control; both reach the functions
// through an Invoker, with knobs (Faults) that inject the duplicates and
// delays AWS is allowed to produce.
package localaws

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// Defaults of a Server, matching what the local stack configures.
const (
	DefaultRegion  = "eu-west-3"
	DefaultAccount = "000000000000"
	DefaultBus     = "relais"
	// DefaultFunctionPrefix is stripped from Lambda function names to find
	// the Relais function a schedule targets.
	DefaultFunctionPrefix = "relais-"
)

// Server is the local AWS endpoint, an http.Handler. Build it with New.
type Server struct {
	// FunctionName maps a schedule target's ARN to the name the Invoker
	// knows. The default keeps the function name of a Lambda ARN and strips
	// DefaultFunctionPrefix. Set it before the server handles requests.
	FunctionName func(arn string) string
	// RetryDelay is the wait before the first retry of a failed delivery.
	// It doubles at each retry, up to 16 times its value, far shorter than
	// AWS's backoff so that tests stay fast. Set it before use.
	RetryDelay time.Duration

	clock   Clock
	log     *slog.Logger
	invoker Invoker
	region  string
	account string
	bus     string
	faults  Faults
	sealKey []byte

	// ctx outlives requests: event deliveries run after PutEvents answers.
	ctx      context.Context
	cancel   context.CancelFunc
	inflight inflight

	mu            sync.Mutex
	schedules     map[scheduleKey]*schedule
	replays       map[string]replay
	buckets       map[string]*bucket
	parameters    map[string]*parameter
	expiredKeys   map[string]bool
	secrets       map[string]string
	notifications []events.EventBridgeEvent
	archive       []events.EventBridgeEvent
	deadLetters   []DeadLetter
}

// Option configures a Server.
type Option func(*Server)

// WithClock sets the clock schedules and expiries follow.
func WithClock(c Clock) Option { return func(s *Server) { s.clock = c } }

// WithLogger sets the logger deliveries are reported to.
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithInvoker sets what runs the functions targeted by events and schedules.
func WithInvoker(inv Invoker) Option { return func(s *Server) { s.invoker = inv } }

// WithBus sets the name of the one event bus.
func WithBus(name string) Option { return func(s *Server) { s.bus = name } }

// WithRegion sets the region used in ARNs and events.
func WithRegion(region string) Option { return func(s *Server) { s.region = region } }

// WithAccount sets the account id used in ARNs and events.
func WithAccount(account string) Option { return func(s *Server) { s.account = account } }

// WithBuckets creates S3 buckets up front, as infra would.
func WithBuckets(names ...string) Option {
	return func(s *Server) {
		for _, name := range names {
			if s.buckets[name] == nil {
				s.buckets[name] = newBucket()
			}
		}
	}
}

// New builds a Server. Without options it uses the wall clock, discards
// logs, and knows no function, so every delivery is dead-lettered.
func New(opts ...Option) *Server {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		RetryDelay:  time.Second,
		clock:       SystemClock{},
		log:         slog.New(slog.DiscardHandler),
		invoker:     Functions{},
		region:      DefaultRegion,
		account:     DefaultAccount,
		bus:         DefaultBus,
		sealKey:     randomBytes(32),
		ctx:         ctx,
		cancel:      cancel,
		schedules:   map[scheduleKey]*schedule{},
		replays:     map[string]replay{},
		buckets:     map[string]*bucket{},
		parameters:  map[string]*parameter{},
		expiredKeys: map[string]bool{},
		secrets:     maps.Clone(localSecrets),
	}
	s.FunctionName = func(arn string) string { return FunctionFromARN(arn, DefaultFunctionPrefix) }
	for _, opt := range opts {
		opt(s)
	}
	return s
}

// ServeHTTP dispatches a request to the service it is meant for: JSON 1.1
// services name their operation in X-Amz-Target, Scheduler is told apart by
// the service its request was signed for, and everything else is S3.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Header.Get("X-Amz-Target") != "":
		s.serveJSON(w, r)
	case signingService(r) == "scheduler":
		s.serveScheduler(w, r)
	default:
		s.serveS3(w, r)
	}
}

// Faults returns the fault knobs, which may be turned at any time.
func (s *Server) Faults() *Faults { return &s.faults }

// Drain waits until every delivery under way has succeeded or been
// dead-lettered, including those that deliveries start in turn.
func (s *Server) Drain(ctx context.Context) error {
	if err := s.inflight.wait(ctx); err != nil {
		return fmt.Errorf("localaws: drain deliveries: %w", err)
	}
	return nil
}

// Close abandons the deliveries under way, which are dead-lettered, and
// waits for them to stop.
func (s *Server) Close() {
	s.cancel()
	_ = s.inflight.wait(context.Background())
}

// Notifications returns the events routed to the notifications topic, oldest
// first.
func (s *Server) Notifications() []events.EventBridgeEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]events.EventBridgeEvent(nil), s.notifications...)
}

// Archive returns the events routed to the audit log group, oldest first.
func (s *Server) Archive() []events.EventBridgeEvent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]events.EventBridgeEvent(nil), s.archive...)
}

// DeadLetters returns the deliveries that never succeeded, oldest first.
func (s *Server) DeadLetters() []DeadLetter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]DeadLetter(nil), s.deadLetters...)
}

// FunctionFromARN returns the function name in a Lambda ARN, without any
// version or alias qualifier, and with prefix stripped: with prefix
// "relais-", arn:aws:lambda:eu-west-3:000000000000:function:relais-publisher
// gives "publisher". It returns "" for an ARN that names no function.
func FunctionFromARN(arn, prefix string) string {
	_, name, ok := strings.Cut(arn, ":function:")
	if !ok {
		return ""
	}
	name, _, _ = strings.Cut(name, ":")
	return strings.TrimPrefix(name, prefix)
}

// newID returns a random UUID, the shape of AWS event and request ids.
func newID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never fails on supported platforms.
	_, _ = rand.Read(b)
	return b
}
