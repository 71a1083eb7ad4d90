// Package netfake holds what every fake network server shares: the faults
// it can be told to inject, in each network's own error shapes. The fakes
// behave as the networks' documentation says; the faults make them fail as
// networks do.
package netfake

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
)

// Fault is a failure a fake injects into one API request.
type Fault string

const (
	// None lets the request through.
	None Fault = ""
	// ServerError answers a 5xx; the request had no effect.
	ServerError Fault = "5xx"
	// Timeout never answers; the request had no effect.
	Timeout Fault = "timeout"
	// TimeoutAfterEffect does the request, then never answers: the caller
	// cannot tell that its post was made.
	TimeoutAfterEffect Fault = "timeout_after_effect"
	// RateLimit answers 429 with the network's rate-limit headers.
	RateLimit Fault = "rate_limit"
	// StaleListing answers a listing of an account's posts without the
	// newest one, as a network's listings lag behind its writes: a post
	// made a moment ago is not listed yet. Other requests go through.
	StaleListing Fault = "stale_listing"
)

// Answers writes a network's own error answers for injected faults.
type Answers interface {
	ServerError(w http.ResponseWriter)
	RateLimited(w http.ResponseWriter)
}

// Injector hands out faults: queued ones first, then at random by rate.
// It is safe for concurrent use.
type Injector struct {
	mu    sync.Mutex
	queue []Fault
	rates []rate
	rnd   *rand.Rand
}

type rate struct {
	fault Fault
	p     float64
}

// FailNext makes the next n requests fail with f.
func (in *Injector) FailNext(n int, f Fault) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for i := 0; i < n; i++ {
		in.queue = append(in.queue, f)
	}
}

// SetRate makes each request fail with f with probability p, drawn from a
// seeded source so that a run can be repeated.
func (in *Injector) SetRate(f Fault, p float64, seed uint64) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.rnd == nil {
		in.rnd = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	}
	for i := range in.rates {
		if in.rates[i].fault == f {
			in.rates[i].p = p
			return
		}
	}
	in.rates = append(in.rates, rate{f, p})
}

// Next returns the fault for the next request.
func (in *Injector) Next() Fault {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.queue) > 0 {
		f := in.queue[0]
		in.queue = in.queue[1:]
		return f
	}
	if in.rnd != nil {
		x := in.rnd.Float64()
		for _, r := range in.rates {
			if x < r.p {
				return r.fault
			}
			x -= r.p
		}
	}
	return None
}

// Wrap applies the next fault to each request h serves.
func (in *Injector) Wrap(h http.HandlerFunc, a Answers) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch in.Next() {
		case ServerError:
			a.ServerError(w)
		case RateLimit:
			a.RateLimited(w)
		case Timeout:
			hang(r)
		case TimeoutAfterEffect:
			h(discard{header: http.Header{}}, r)
			hang(r)
		case StaleListing:
			h(w, r.WithContext(context.WithValue(r.Context(), staleKey{}, true)))
		default:
			h(w, r)
		}
	}
}

type staleKey struct{}

// Stale reports whether a listing request is to leave out the account's
// newest post (StaleListing).
func Stale(r *http.Request) bool {
	stale, _ := r.Context().Value(staleKey{}).(bool)
	return stale
}

// hang waits until the caller gives up. The body is read first: the
// server only notices a client that hung up once the body is consumed.
func hang(r *http.Request) {
	io.Copy(io.Discard, r.Body)
	<-r.Context().Done()
}

// discard takes an answer nobody will read.
type discard struct{ header http.Header }

func (d discard) Header() http.Header       { return d.header }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}
