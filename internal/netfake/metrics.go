package netfake

import (
	"hash/fnv"
	"sync"
)

// Metrics are a fake post's engagement, as its network's metrics call
// gives it.
type Metrics struct {
	Likes, Comments, Shares, Impressions int64
}

// MetricsBook holds the engagement the fakes answer for their posts. A
// post nobody set figures for has steady ones derived from its id, so
// that the local stack's reports show engagement. The zero value is ready.
type MetricsBook struct {
	mu  sync.Mutex
	set map[string]Metrics
}

// Set fixes the figures of a post.
func (b *MetricsBook) Set(postID string, m Metrics) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.set == nil {
		b.set = map[string]Metrics{}
	}
	b.set[postID] = m
}

// Get returns the figures of a post.
func (b *MetricsBook) Get(postID string) Metrics {
	b.mu.Lock()
	defer b.mu.Unlock()
	if m, ok := b.set[postID]; ok {
		return m
	}
	h := fnv.New64a()
	h.Write([]byte(postID))
	v := int64(h.Sum64() >> 1)
	return Metrics{Likes: 5 + v%120, Comments: v / 7 % 25, Shares: v / 11 % 12, Impressions: 200 + v/13%4000}
}

// IsSet reports whether figures were set for a post.
func (b *MetricsBook) IsSet(postID string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, ok := b.set[postID]
	return ok
}
