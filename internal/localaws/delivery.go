package localaws

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// DeliveryKind says what produced a delivery.
type DeliveryKind string

const (
	// EventDelivery is a bus event routed to a function.
	EventDelivery DeliveryKind = "event"
	// ScheduleDelivery is a schedule firing its target.
	ScheduleDelivery DeliveryKind = "schedule"
)

// eventAttempts mirrors Lambda's asynchronous invocation, which EventBridge
// uses: one attempt and two retries.
const eventAttempts = 3

// maxDoublings caps the backoff at 16 times RetryDelay.
const maxDoublings = 4

// DeadLetter is a delivery that never succeeded; in AWS it would land in the
// target's dead-letter queue.
type DeadLetter struct {
	Kind     DeliveryKind
	Function string
	// Name is the detail type of an event, or the group/name of a schedule.
	Name     string
	Payload  []byte
	Attempts int
	// Err is the last error, wrapped with why delivery stopped.
	Err error
	// At is when it was given up, by the server's Clock.
	At time.Time
}

// delivery is one payload on its way to one function.
type delivery struct {
	kind     DeliveryKind
	function string
	name     string
	payload  []byte
	// attempts is the most attempts allowed, the first included.
	attempts int
	// maxAge stops retries once the occurrence is older; zero means no limit.
	maxAge   time.Duration
	occurred time.Time
}

// deliver runs d through the fault knobs and the retry policy, and returns
// once every copy succeeded or was dead-lettered.
func (s *Server) deliver(ctx context.Context, d delivery) {
	copies := 1
	if s.faults.DuplicateDeliveries() {
		copies = 2
	}
	var wg sync.WaitGroup
	for c := range copies {
		wg.Go(func() { s.deliverCopy(ctx, d, c+1) })
	}
	wg.Wait()
}

// goDeliver delivers d in the background, as EventBridge invokes its targets
// after PutEvents has answered. Drain waits for it.
func (s *Server) goDeliver(d delivery) {
	s.inflight.add()
	go func() {
		defer s.inflight.done()
		s.deliver(s.ctx, d)
	}()
}

func (s *Server) deliverCopy(ctx context.Context, d delivery, replica int) {
	if delay := s.faults.DeliveryDelay(); delay > 0 {
		if err := sleep(ctx, delay); err != nil {
			s.deadLetter(ctx, d, 0, fmt.Errorf("abandoned before the first attempt: %w", err))
			return
		}
	}
	for attempt := 1; ; attempt++ {
		err := s.invoke(ctx, d)
		s.logAttempt(ctx, d, replica, attempt, err)
		if err == nil {
			return
		}
		var unknown *UnknownFunctionError
		switch {
		case errors.As(err, &unknown):
			s.deadLetter(ctx, d, attempt, err)
			return
		case attempt >= d.attempts:
			s.deadLetter(ctx, d, attempt, fmt.Errorf("retries exhausted: %w", err))
			return
		case d.maxAge > 0 && s.clock.Now().Sub(d.occurred) > d.maxAge:
			s.deadLetter(ctx, d, attempt, fmt.Errorf("older than the maximum event age %s: %w", d.maxAge, err))
			return
		}
		if serr := sleep(ctx, s.backoff(attempt)); serr != nil {
			s.deadLetter(ctx, d, attempt, fmt.Errorf("abandoned while retrying (%w): %w", serr, err))
			return
		}
	}
}

func (s *Server) invoke(ctx context.Context, d delivery) error {
	if d.function == "" {
		return &UnknownFunctionError{}
	}
	return s.invoker.Invoke(ctx, d.function, d.payload)
}

// backoff is the wait after the given failed attempt.
func (s *Server) backoff(attempt int) time.Duration {
	return s.RetryDelay << min(attempt-1, maxDoublings)
}

func (s *Server) deadLetter(ctx context.Context, d delivery, attempts int, err error) {
	s.mu.Lock()
	s.deadLetters = append(s.deadLetters, DeadLetter{
		Kind:     d.kind,
		Function: d.function,
		Name:     d.name,
		Payload:  d.payload,
		Attempts: attempts,
		Err:      err,
		At:       s.clock.Now(),
	})
	s.mu.Unlock()
	s.log.LogAttrs(ctx, slog.LevelError, "delivery dead-lettered", d.attrs(slog.Int("attempts", attempts), slog.Any("error", err))...)
}

// logAttempt reports one attempt. Payloads are never logged: they carry
// client data.
func (s *Server) logAttempt(ctx context.Context, d delivery, replica, attempt int, err error) {
	level, outcome := slog.LevelInfo, "delivered"
	attrs := []slog.Attr{slog.Int("attempt", attempt), slog.Int("copy", replica)}
	if err != nil {
		level, outcome = slog.LevelWarn, "failed"
		attrs = append(attrs, slog.Any("error", err))
	}
	attrs = append(attrs, slog.String("outcome", outcome))
	s.log.LogAttrs(ctx, level, "delivery", d.attrs(attrs...)...)
}

func (d delivery) attrs(more ...slog.Attr) []slog.Attr {
	nameKey := "detail_type"
	if d.kind == ScheduleDelivery {
		nameKey = "schedule"
	}
	return append([]slog.Attr{
		slog.String("kind", string(d.kind)),
		slog.String("function", d.function),
		slog.String(nameKey, d.name),
	}, more...)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// inflight counts deliveries under way, like a sync.WaitGroup that can be
// waited on with a context and reused once idle.
type inflight struct {
	mu   sync.Mutex
	n    int
	idle chan struct{}
}

func (f *inflight) add() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
}

func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 {
		close(f.idle)
	}
}

func (f *inflight) wait(ctx context.Context) error {
	f.mu.Lock()
	if f.n == 0 {
		f.mu.Unlock()
		return nil
	}
	idle := f.idle
	f.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
