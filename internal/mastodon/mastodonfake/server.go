// Package mastodonfake is a fake Mastodon instance for Relais' tests. It
// serves the calls the mastodon adapter makes, answers as Mastodon does
// (its error bodies, its Idempotency-Key memory, its HTML rendering of
// statuses, its Link pagination) and fails on demand through the faults
// every fake network shares.
package mastodonfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	// DefaultMaxCharacters is a Mastodon instance's default status length.
	DefaultMaxCharacters = 500
	// IdempotencyTTL is how long Mastodon remembers an Idempotency-Key.
	IdempotencyTTL = time.Hour
	// RateLimitWindow is when a rate-limited caller may call again; it is
	// Mastodon's default window (300 calls per 5 minutes).
	RateLimitWindow = 5 * time.Minute
	rateLimitCalls  = 300
)

// Server is one fake Mastodon instance. It is an http.Handler serving
// /api/; it is safe for concurrent use.
type Server struct {
	// Faults fail API requests on demand.
	Faults *netfake.Injector
	// Now is the instance's clock; it defaults to time.Now.
	Now func() time.Time
	// MaxCharacters is the instance's status length limit; instances can
	// raise it.
	MaxCharacters int
	// Engagement holds the statuses' counts.
	Engagement netfake.MetricsBook

	mux *http.ServeMux

	mu       sync.Mutex
	lastID   int64
	accounts map[string]*account // by username
	byID     map[string]*account
	tokens   map[string]*account
}

// account is one local account and what the instance remembers of it.
type account struct {
	id, username string
	statuses     []Status // oldest first
	// keys maps an Idempotency-Key to the index of the status it made.
	// Mastodon scopes keys to the posting account.
	keys map[string]remembered
}

type remembered struct {
	index int
	at    time.Time
}

// Status is a status as the instance stores it.
type Status struct {
	ID string
	// Text is what the client sent; Content is the HTML the API lists.
	Text           string
	Content        string
	Visibility     string
	IdempotencyKey string
	CreatedAt      time.Time
}

// New returns an instance with no accounts.
func New() *Server {
	s := &Server{
		Faults:        &netfake.Injector{},
		Now:           time.Now,
		MaxCharacters: DefaultMaxCharacters,
		mux:           http.NewServeMux(),
		// Mastodon's ids are large time-ordered numbers sent as strings.
		lastID:   110000000000000000,
		accounts: map[string]*account{},
		byID:     map[string]*account{},
		tokens:   map[string]*account{},
	}
	s.mux.HandleFunc("GET /api/v1/accounts/verify_credentials", s.verifyCredentials)
	s.mux.HandleFunc("GET /api/v1/accounts/{id}/statuses", s.listStatuses)
	s.mux.HandleFunc("POST /api/v1/statuses", s.postStatus)
	s.mux.HandleFunc("GET /api/v1/statuses/{id}", s.statusMetrics)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "Record not found")
	})
	return s
}

// ServeHTTP serves the API, each request after the next fault.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Faults.Wrap(s.mux.ServeHTTP, answers{s}).ServeHTTP(w, r)
}

// RegisterAccount creates the account username if it is new, gives it the
// access token, and returns the account's id.
func (s *Server) RegisterAccount(username, token string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[username]
	if !ok {
		a = &account{id: s.nextID(), username: username, keys: map[string]remembered{}}
		s.accounts[username] = a
		s.byID[a.id] = a
	}
	s.tokens[token] = a
	return a.id
}

// Statuses returns an account's statuses, oldest first.
func (s *Server) Statuses(username string) []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[username]
	if !ok {
		return nil
	}
	return append([]Status(nil), a.statuses...)
}

// Post makes a public status as the account's owner would by hand, without
// an API call or a fault. It panics on an unknown username, a test's
// mistake.
func (s *Server) Post(username, text string) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[username]
	if !ok {
		panic(fmt.Sprintf("mastodonfake: unknown account %q", username))
	}
	return s.create(a, text, "public", "")
}

// create stores a status; s.mu is held.
func (s *Server) create(a *account, text, visibility, key string) Status {
	st := Status{
		ID:             s.nextID(),
		Text:           text,
		Content:        Render(text),
		Visibility:     visibility,
		IdempotencyKey: key,
		CreatedAt:      s.Now().UTC(),
	}
	a.statuses = append(a.statuses, st)
	if key != "" {
		a.keys[key] = remembered{index: len(a.statuses) - 1, at: st.CreatedAt}
	}
	return st
}

func (s *Server) nextID() string {
	s.lastID++
	return strconv.FormatInt(s.lastID, 10)
}

// caller returns the account whose token the request bears, or answers 401
// as Mastodon does; s.mu is held.
func (s *Server) caller(w http.ResponseWriter, r *http.Request) *account {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	a := s.tokens[token]
	if !ok || a == nil {
		writeError(w, http.StatusUnauthorized, "The access token is invalid")
		return nil
	}
	return a
}

// verifyCredentials handles GET /api/v1/accounts/verify_credentials.
func (s *Server) verifyCredentials(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.caller(w, r)
	if a == nil {
		return
	}
	writeJSON(w, http.StatusOK, accountEntity(baseURL(r), a))
}

// answers writes Mastodon's answers to injected faults.
type answers struct{ s *Server }

func (answers) ServerError(w http.ResponseWriter) {
	writeError(w, http.StatusServiceUnavailable, "Service Unavailable")
}

// RateLimited answers as Mastodon's rate limiter does, with the reset as an
// ISO 8601 time.
func (a answers) RateLimited(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(rateLimitCalls))
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", a.s.Now().Add(RateLimitWindow).UTC().Format("2006-01-02T15:04:05.000000Z07:00"))
	writeError(w, http.StatusTooManyRequests, "Too many requests")
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// baseURL is the instance's URL as the request reached it, for the URLs
// that answers carry.
func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
