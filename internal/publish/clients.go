package publish

import (
	"context"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// clientsTTL bounds how stale the clients' brands may be when a post's
// guards run again. Reading them for every post would cost a query per
// publish.
const clientsTTL = 5 * time.Minute

// clientCache keeps the agency's clients for a while.
type clientCache struct {
	mu      sync.Mutex
	clients []relais.Client
	read    time.Time
}

// get returns the cached clients, read again once clientsTTL has passed
// on the wall clock: staleness is real time, whatever clock drives the
// publisher's business.
func (c *clientCache) get(ctx context.Context, load func(context.Context) ([]relais.Client, error)) ([]relais.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := time.Now()
	if c.clients != nil && now.Sub(c.read) < clientsTTL {
		return c.clients, nil
	}
	clients, err := load(ctx)
	if err != nil {
		return nil, err
	}
	c.clients, c.read = clients, now
	return clients, nil
}
