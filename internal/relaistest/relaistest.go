// Package relaistest holds the fakes and fixtures Relais' handler tests share.
package relaistest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/dynamotest"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// MustOK ends the test on an error the test cannot go on without.
func MustOK(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// errUnavailable names eventbridge so that tests can check no answer
// shows an internal error.
var errUnavailable = errors.New("eventbridge: put events: service unavailable")

// Bus is a fake relais.Bus that records the events it accepts. Handlers
// put from many goroutines, so it is safe for concurrent use.
type Bus struct {
	// PutFn, when set, runs before the events are recorded and may
	// refuse them, or hold them to force an interleaving.
	PutFn func(ctx context.Context, events ...relais.Event) error

	mu     sync.Mutex
	fails  int
	events []relais.Event
}

// Put records events unless a failure set by FailNext or PutFn refuses
// them.
func (b *Bus) Put(ctx context.Context, events ...relais.Event) error {
	b.mu.Lock()
	if b.fails > 0 {
		b.fails--
		b.mu.Unlock()
		return errUnavailable
	}
	b.mu.Unlock()
	if b.PutFn != nil {
		if err := b.PutFn(ctx, events...); err != nil {
			return err
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events = append(b.events, events...)
	return nil
}

// FailNext makes the next n puts fail as an unavailable EventBridge does.
// The error names eventbridge, which no answer may show.
func (b *Bus) FailNext(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fails = n
}

// Events returns the events put so far.
func (b *Bus) Events() []relais.Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]relais.Event(nil), b.events...)
}

// Parameters is a fake relais.Parameters backed by a map. Tests change it
// while a handler may read it, so it is safe for concurrent use. The zero
// value holds no parameter.
type Parameters struct {
	mu     sync.Mutex
	values map[string]string
}

// NewParameters returns parameters holding a copy of values.
func NewParameters(values map[string]string) *Parameters {
	return &Parameters{values: maps.Clone(values)}
}

// Get returns the parameter name, or ENOTFOUND as the real store does.
func (p *Parameters) Get(_ context.Context, name string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.values[name]
	if !ok {
		return "", relais.Errorf(relais.ENOTFOUND, "parameter %s not found", name)
	}
	return v, nil
}

// Set stores value under name.
func (p *Parameters) Set(name, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.values == nil {
		p.values = map[string]string{}
	}
	p.values[name] = value
}

// PutSecure stores value under name, as the parameter store keeps a
// SecureString.
func (p *Parameters) PutSecure(_ context.Context, name, value string) error {
	p.Set(name, value)
	return nil
}

// Clear removes every parameter.
func (p *Parameters) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.values)
}

// RegisterToken gives account a the token on the network and stores it in
// params under the name Relais reads it from, as account connect does.
func RegisterToken(network *sandboxfake.Network, params *Parameters, settings config.Settings, a relais.Account, token string) {
	network.RegisterAccount(a.ID, token)
	params.Set(settings.AccountTokenParameter(a), token)
}

// LogBuffer collects a handler's logs, which it writes from many
// goroutines, so that tests can check what they leak.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write appends p.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns what was written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Logger returns a JSON logger writing to l at debug level, so that even
// debug lines are checked for leaks.
func (l *LogBuffer) Logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// NewStore returns a store on a fresh table of the package's DynamoDB
// Local (see dynamotest.Main), its clock stopped at now, holding clients
// and the accounts connected to them.
func NewStore(tb testing.TB, now time.Time, clients []relais.Client, accounts ...relais.Account) *dynamo.Store {
	tb.Helper()
	ctx := context.Background()
	db := dynamotest.Client(tb)
	name := dynamotest.TableName()
	MustOK(tb, dynamo.CreateTable(ctx, db, name))
	s := dynamo.New(db, name)
	s.Now = func() time.Time { return now }
	for _, c := range clients {
		MustOK(tb, s.CreateClient(ctx, c))
	}
	for _, a := range accounts {
		MustOK(tb, s.ConnectAccount(ctx, a))
	}
	return s
}

// Counts returns a client's counters summed over day (YYYY-MM-DD).
func Counts(tb testing.TB, s *dynamo.Store, clientID, day string) map[string]int64 {
	tb.Helper()
	days, err := s.Counters(context.Background(), clientID, day, day)
	MustOK(tb, err)
	out := map[string]int64{}
	for _, d := range days {
		for k, v := range d.Counts {
			out[k] += v
		}
	}
	return out
}

// Serve serves h over HTTP until the test ends and returns its URL.
func Serve(tb testing.TB, h http.Handler) string {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// Counted returns a store on the same table as s whose DynamoDB requests
// calls counts.
func Counted(s *dynamo.Store, calls *sdkconfig.Calls) *dynamo.Store {
	db := dynamodb.New(s.DB().Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, calls.Middleware)
	})
	c := dynamo.New(db, s.Table())
	c.Now = s.Now
	return c
}
