package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
)

// MaxBody caps a request body: a rules file is the largest thing sent.
const MaxBody = 256 << 10

// Defaults of the per-identity rate limit.
const (
	DefaultRate  = 10
	DefaultBurst = 40
)

// secure sets the headers every answer carries: JSON is never sniffed,
// framed, cached or sent with a referrer.
func secure(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
}

// cors allows the console's origin, and no other, to call; it reports
// whether the call came from that origin.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	o := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if o == "" || s.origin == "" || o != s.origin {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", o)
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, Idempotency-Key")
	h.Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After")
	h.Set("Access-Control-Max-Age", "600")
	return true
}

// identify reads the caller from the bearer token: an ID token of the
// user pool, or a review link, which makes its bearer the reviewer it
// names of its one client.
func (s *Server) identify(r *http.Request) (auth.Identity, error) {
	raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || raw == "" {
		return auth.Identity{}, errors.New("no bearer token")
	}
	if !links.IsToken(raw) {
		return s.verifier.Verify(r.Context(), raw)
	}
	if s.links == nil {
		return auth.Identity{}, errors.New("review links are not served here")
	}
	l, err := s.links.Open(r.Context(), raw)
	if err == nil && !l.IsReview() {
		err = errors.New("a report link, not a review link")
	}
	if err != nil {
		return auth.Identity{}, err
	}
	return auth.Identity{Subject: "link:" + l.ID, Name: l.Reviewer, Role: auth.Reviewer, Clients: []string{l.ClientID}}, nil
}

// limiter bounds each identity's calls, per instance of the function: a
// burst, then a steady rate.
type limiter struct {
	mu      sync.Mutex
	rate    rate.Limit
	burst   int
	buckets map[string]*bucket
}

type bucket struct {
	l    *rate.Limiter
	seen time.Time
}

func newLimiter(r float64, burst int) *limiter {
	return &limiter{rate: rate.Limit(r), burst: burst, buckets: map[string]*bucket{}}
}

// idleBucket is how long an identity's bucket outlives its last call.
const idleBucket = 10 * time.Minute

func (l *limiter) allow(who string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[who]
	if b == nil {
		if len(l.buckets) > 10000 {
			for k, v := range l.buckets {
				if now.Sub(v.seen) > idleBucket {
					delete(l.buckets, k)
				}
			}
		}
		b = &bucket{l: rate.NewLimiter(l.rate, l.burst)}
		l.buckets[who] = b
	}
	b.seen = now
	return b.l.AllowN(now, 1)
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// readJSON decodes a request body into v, refusing unknown fields, a body
// over MaxBody and anything after the value.
func readJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fail(http.StatusUnsupportedMediaType, "send application/json")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return fail(http.StatusRequestEntityTooLarge, "the body is over "+strconv.Itoa(MaxBody)+" bytes")
		}
		// json's messages name fields, never quote values at length.
		return relais.Errorf(relais.EINVALID, "the body is not the JSON this call takes: %s", jsonReason(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return relais.Errorf(relais.EINVALID, "the body holds more than one JSON value")
	}
	return nil
}

// jsonReason says what is wrong with a body without quoting it.
func jsonReason(err error) string {
	var typ *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &typ) && typ.Field != "":
		return "field " + typ.Field + " has the wrong type"
	case errors.As(err, &syntax):
		return "not JSON"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "not a JSON object of the expected shape"
}

// etag is an entity tag: a post's or a client's version.
func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// matches checks an update's If-Match against the current version: an
// update without one is refused, so that no one overwrites what they
// have not seen.
func matches(r *http.Request, version int64) error {
	m := r.Header.Get("If-Match")
	switch {
	case m == "":
		return fail(http.StatusPreconditionRequired, "send If-Match with the ETag you read")
	case m != "*" && m != etag(version):
		return errStale
	}
	return nil
}

// errStale answers an update over a version someone changed meanwhile.
var errStale = fail(http.StatusPreconditionFailed, "it changed since you read it; read it again")

// limitParam reads a page size, 50 by default.
func limitParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > dynamo.MaxPage {
		return 0, relais.Errorf(relais.EINVALID, "limit must be a number from 1 to %d", dynamo.MaxPage)
	}
	return n, nil
}

// unknownClient is the answer for a client that does not exist or that
// the caller may not see, alike.
func unknownClient(id string) error { return relais.Errorf(relais.ENOTFOUND, "unknown client %q", id) }
