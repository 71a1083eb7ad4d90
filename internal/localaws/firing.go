package localaws

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// emptyInput is what a schedule without Input delivers.
const emptyInput = "{}"

// firing is one occurrence of a schedule on its way to its target.
type firing struct {
	key   scheduleKey
	sched *schedule
	// final says the schedule will not fire again, so that
	// ActionAfterCompletion applies once the delivery is over.
	final bool
	d     delivery
}

// RunDue fires every enabled schedule that is due by the Clock, and returns
// the number fired once each delivery succeeded or was dead-lettered.
//
// A schedule fires once per call however many occurrences the clock jumped
// over, then moves to its first occurrence after now: there is no catch-up
// storm. A one-time schedule whose time had already passed when it was
// saved fires at the first call. Retries of a firing wait RetryDelay in
// real time and stop once its occurrence is older, by the Clock, than its
// MaximumEventAgeInSeconds; the first attempt always happens.
func (s *Server) RunDue(ctx context.Context) int {
	var wg sync.WaitGroup
	n := s.fireDue(ctx, &wg)
	wg.Wait()
	return n
}

// Start fires due schedules every interval until ctx ends, for `relais
// dev`, then waits for the deliveries it started. Unlike RunDue it does not
// wait for one round's deliveries before the next tick, so a target being
// retried does not hold the other schedules back.
func (s *Server) Start(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		s.fireDue(ctx, &wg)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// fireDue starts the deliveries of the schedules due now, each counted in
// wg and in the server's in-flight deliveries.
func (s *Server) fireDue(ctx context.Context, wg *sync.WaitGroup) int {
	firings := s.takeDue(s.clock.Now())
	for _, f := range firings {
		wg.Add(1)
		s.inflight.add()
		go func() {
			defer wg.Done()
			defer s.inflight.done()
			// Close abandons schedule deliveries as well as event ones.
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			stop := context.AfterFunc(s.ctx, cancel)
			defer stop()
			s.deliver(ctx, f.d)
			s.complete(ctx, f)
		}()
	}
	return len(firings)
}

// takeDue moves every due schedule past now and returns its firing, so
// that no other round fires the same occurrence.
func (s *Server) takeDue(now time.Time) []firing {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []firing
	for key, sc := range s.schedules {
		if sc.spec.State != "ENABLED" || sc.next.IsZero() || sc.next.After(now) {
			continue
		}
		occurred := sc.next
		if sc.oneTime {
			sc.next = time.Time{}
		} else {
			sc.next = sc.occurrenceFrom(now.Add(time.Nanosecond))
		}
		out = append(out, firing{key: key, sched: sc, final: sc.next.IsZero(), d: s.scheduleDelivery(key, sc, occurred)})
	}
	return out
}

func (s *Server) scheduleDelivery(key scheduleKey, sc *schedule, occurred time.Time) delivery {
	t := sc.spec.Target
	payload := emptyInput
	if t.Input != nil {
		payload = *t.Input
	}
	return delivery{
		kind:     ScheduleDelivery,
		function: s.FunctionName(t.Arn),
		name:     key.String(),
		payload:  []byte(payload),
		attempts: 1 + *t.RetryPolicy.MaximumRetryAttempts,
		maxAge:   time.Duration(*t.RetryPolicy.MaximumEventAgeInSeconds) * time.Second,
		occurred: occurred,
	}
}

// complete applies ActionAfterCompletion DELETE after a schedule's last
// firing, unless the schedule was replaced or deleted meanwhile.
func (s *Server) complete(ctx context.Context, f firing) {
	if !f.final || f.sched.spec.ActionAfterCompletion != "DELETE" {
		return
	}
	s.mu.Lock()
	current := s.schedules[f.key]
	if current == f.sched {
		delete(s.schedules, f.key)
	}
	s.mu.Unlock()
	if current == f.sched {
		s.log.LogAttrs(ctx, slog.LevelInfo, "schedule deleted after completion", slog.String("schedule", f.key.String()))
	}
}
