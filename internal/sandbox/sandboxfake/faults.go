package sandboxfake

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Fault is a failure the network injects on demand.
type Fault string

const (
	// Fail5xx answers 503 without doing anything.
	Fail5xx Fault = "5xx"
	// Timeout never answers and does nothing.
	Timeout Fault = "timeout"
	// TimeoutAfterPost does the work (makes the post, hides the comment)
	// and then never answers, as when a network's answer is lost.
	TimeoutAfterPost Fault = "timeout_after_post"
	// RateLimit answers 429 with a Retry-After header.
	RateLimit Fault = "rate_limit"
	// StaleListing answers a listing of an account's posts without the
	// newest one, as a network's listings lag behind its writes: a post
	// made a moment ago is not listed yet. Other requests go through.
	StaleListing Fault = "stale_listing"
	// DuplicateWebhooks sends a webhook delivery twice. Unlike the other
	// faults, which API requests consume, webhook deliveries consume it.
	DuplicateWebhooks Fault = "duplicate_webhooks"
)

// Faults lists every fault.
var Faults = []Fault{Fail5xx, Timeout, TimeoutAfterPost, RateLimit, StaleListing, DuplicateWebhooks}

// RateLimitRetryAfter is the wait the network asks for when it rate limits.
const RateLimitRetryAfter = 60 * time.Second

// maxFaultCount bounds one control request, so a typo cannot break the
// network for good.
const maxFaultCount = 1000

type pendingFault struct {
	fault Fault
	left  int
}

// FailNext makes the next count API requests fail with f, after the faults
// already pending; for DuplicateWebhooks, the next count deliveries are
// sent twice. It panics on a fault that is not one of Faults.
func (n *Network) FailNext(count int, f Fault) {
	if !f.known() {
		panic(fmt.Sprintf("sandbox: unknown fault %q", f))
	}
	if count <= 0 {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if f == DuplicateWebhooks {
		n.duplicates += count
		return
	}
	n.faults = append(n.faults, pendingFault{fault: f, left: count})
}

func (f Fault) known() bool {
	for _, k := range Faults {
		if f == k {
			return true
		}
	}
	return false
}

// takeFault consumes the next pending request fault, or returns "".
func (n *Network) takeFault() Fault {
	n.mu.Lock()
	defer n.mu.Unlock()
	if len(n.faults) == 0 {
		return ""
	}
	f := n.faults[0].fault
	if n.faults[0].left--; n.faults[0].left == 0 {
		n.faults = n.faults[1:]
	}
	return f
}

// takeDuplicate reports whether the next delivery is to be sent twice.
func (n *Network) takeDuplicate() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.duplicates == 0 {
		return false
	}
	n.duplicates--
	return true
}

// withFaults applies the next pending fault to an API request.
func (n *Network) withFaults(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch n.takeFault() {
		case Fail5xx:
			writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "the sandbox network is temporarily unavailable")
		case RateLimit:
			w.Header().Set("Retry-After", strconv.Itoa(int(RateLimitRetryAfter/time.Second)))
			writeError(w, http.StatusTooManyRequests, CodeRateLimited, "too many calls; retry later")
		case Timeout:
			hang(r)
		case TimeoutAfterPost:
			h(discardWriter{header: http.Header{}}, r)
			hang(r)
		case StaleListing:
			h(w, r.WithContext(context.WithValue(r.Context(), staleKey{}, true)))
		default:
			h(w, r)
		}
	}
}

type staleKey struct{}

// stale reports whether a listing is to leave out the newest post.
func stale(r *http.Request) bool {
	s, _ := r.Context().Value(staleKey{}).(bool)
	return s
}

// hang keeps a request unanswered until the client gives up. The server
// only notices a client hanging up once the request body has been read to
// its end, so hang reads what remains first.
func hang(r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxRequestBody))
	<-r.Context().Done()
}

// discardWriter swallows an answer that a fault keeps from the client.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header       { return d.header }
func (discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (discardWriter) WriteHeader(int)             {}

// setFaults handles POST /sandbox/faults, the control the CLI and the demo
// use: {"fault":"timeout_after_post","count":1}.
func (n *Network) setFaults(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Fault Fault `json:"fault"`
		Count int   `json:"count"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if !req.Fault.known() {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "unknown fault %q (want one of %v)", req.Fault, Faults)
		return
	}
	if req.Count < 1 || req.Count > maxFaultCount {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "count %d: want 1 to %d", req.Count, maxFaultCount)
		return
	}
	n.FailNext(req.Count, req.Fault)
	w.WriteHeader(http.StatusNoContent)
}
