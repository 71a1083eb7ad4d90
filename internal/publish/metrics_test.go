package publish_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

// metricsScheduler records the posts whose engagement schedules it was
// asked for, and fails when told to.
type metricsScheduler struct {
	mu    sync.Mutex
	posts []string
	fail  bool
}

func (m *metricsScheduler) ScheduleMetrics(_ context.Context, p relais.Post) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.posts = append(m.posts, p.ID)
	if m.fail {
		return errors.New("scheduler: create schedule metrics-p1-24h: throttled")
	}
	return nil
}

// TestEngagementSchedules: a published post gets its engagement schedules
// once; a scheduler that fails loses the figures, never the publish.
func TestEngagementSchedules(t *testing.T) {
	for _, fail := range []bool{false, true} {
		ctx := context.Background()
		f := newFixture(t)
		m := &metricsScheduler{fail: fail}
		f.publisher = publish.New(f.store, f.bus, f.params, f.adapters.Publishers, settings, f.logs.Logger(), publish.WithMetricsSchedules(m))
		f.publisher.Now = func() time.Time { return now }
		for range 2 {
			relaistest.MustOK(t, f.handle(ctx))
		}
		if got, want := f.stored(t).Status, relais.StatusPublished; got != want {
			t.Errorf("scheduler failing %v: status: got %s, want %s", fail, got, want)
		}
		if got, want := len(m.posts), 1; got != want {
			t.Errorf("scheduler failing %v: engagement schedules asked: got %d, want %d", fail, got, want)
		}
	}
}
