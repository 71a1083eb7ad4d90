package netcall

import (
	"net/url"
	"sync"
	"time"
)

// Reuse remembers, in an adapter's memory, what attempts at posts
// uploaded, by post and attachment, so that a retry uses it rather than
// uploading it again: each until a time the network's lifetimes set, and
// at most Max of them (past it, the expired go first, then the one
// expiring first; zero keeps no bound). Nothing is kept across
// processes: a retry elsewhere uploads again. It is safe for concurrent
// use.
type Reuse[K comparable, V any] struct {
	Max int

	mu sync.Mutex
	m  map[K]reused[V]
}

type reused[V any] struct {
	v     V
	until time.Time
}

// Get returns what is remembered of k, unless it expired at now; an
// expired one is forgotten.
func (r *Reuse[K, V]) Get(k K, now time.Time) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.m[k]
	if ok && !now.Before(e.until) {
		delete(r.m, k)
		var zero V
		return zero, false
	}
	return e.v, ok
}

// Put remembers v for k until then.
func (r *Reuse[K, V]) Put(k K, v V, until, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[K]reused[V]{}
	}
	if _, known := r.m[k]; !known && r.Max > 0 && len(r.m) >= r.Max {
		var soonest K
		var at time.Time
		for name, e := range r.m {
			if !now.Before(e.until) {
				delete(r.m, name)
			} else if at.IsZero() || e.until.Before(at) {
				soonest, at = name, e.until
			}
		}
		if len(r.m) >= r.Max {
			delete(r.m, soonest)
		}
	}
	r.m[k] = reused[V]{v: v, until: until}
}

// Forget forgets keys.
func (r *Reuse[K, V]) Forget(keys ...K) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range keys {
		delete(r.m, k)
	}
}

// ForgetAll forgets every key of which match is true: a post's uploads,
// once it is made or refused for good.
func (r *Reuse[K, V]) ForgetAll(match func(K) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.m {
		if match(k) {
			delete(r.m, k)
		}
	}
}

// Len is how many are remembered, expired or not.
func (r *Reuse[K, V]) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.m)
}

// Unsigned is the object a media URL names without its query and
// fragment: a URL signed anew at each attempt names the same upload.
func Unsigned(mediaURL string) string {
	u, err := url.Parse(mediaURL)
	if err != nil {
		return mediaURL
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
