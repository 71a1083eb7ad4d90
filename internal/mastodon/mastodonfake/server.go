// Package mastodonfake is a fake Mastodon instance for Relais' tests. It
// serves the calls the mastodon adapter makes, answers as Mastodon does
// (its error bodies, its Idempotency-Key memory, its HTML rendering of
// statuses, its Link pagination, its media uploads of images and videos
// with their limits, background processing and cleanup, its
// notifications of mentions that tests make with Mention, its delivery
// of a status to the accounts it mentions and its hiding of
// followers-only and direct statuses from others), serves the OAuth flow
// of one app (see RegisterApp) and fails on demand through the faults
// every fake network shares.
package mastodonfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/netfake/oauthfake"
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
	// Domain is the instance's own domain (Mastodon's LOCAL_DOMAIN): a
	// mention of user@Domain names the local user.
	Domain string
	// ImageSizeLimit is the largest image the instance takes, in bytes:
	// Mastodon's 16 MB unless an instance (a fork such as glitch-soc, an
	// older version) has another.
	ImageSizeLimit int64
	// ProcessingReads is how many reads of GET /api/v1/media/{id} find a
	// new upload still processing (its upload answered 202); zero
	// processes images at once, as Mastodon 4.0 and later do.
	ProcessingReads int
	// VideoSizeLimit is the largest video the instance takes, in bytes.
	VideoSizeLimit int64
	// VideoProcessingReads is how many reads of a new video upload find
	// it still processing; its upload always answers 202.
	VideoProcessingReads int
	// FailProcessing makes new uploads fail processing: their reads
	// answer 422.
	FailProcessing bool

	mux *http.ServeMux

	mu       sync.Mutex
	lastID   int64
	accounts map[string]*account // by acct
	byID     map[string]*account
	tokens   map[string]*account
	// statuses finds a status by id, for replies and favourites.
	statuses map[string]statusRef
	// media are the uploads by id, attached or not.
	media map[string]*Media

	// The app's authorization server, under mu, served by oauthMux.
	oauth    *oauthfake.Server
	oauthMux *http.ServeMux
}

// account is an account the instance knows, local or on another instance,
// and what the instance remembers of it.
type account struct {
	id, username string
	// acct is the username of a local account and user@domain of a remote
	// one, as Mastodon spells it.
	acct        string
	displayName string
	statuses    []Status // oldest first
	// keys maps an Idempotency-Key to the index of the status it made.
	// Mastodon scopes keys to the posting account.
	keys map[string]remembered
	// notifications are oldest first.
	notifications []notification
}

// domain is the instance of a remote account, or "" for a local one.
func (a *account) domain() string {
	_, d, _ := strings.Cut(a.acct, "@")
	return d
}

// home is the base URL of the account's own instance.
func (a *account) home(base string) string {
	if d := a.domain(); d != "" {
		return "https://" + d
	}
	return base
}

type statusRef struct {
	owner *account
	index int
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
	// SpoilerText is the content warning shown before the text.
	SpoilerText string
	// InReplyToID and InReplyToAccountID are set on a reply.
	InReplyToID        string
	InReplyToAccountID string
	// Mentions are the accts of the accounts the text mentions: those a
	// direct status reaches.
	Mentions []string
	// Media are the attachments, in the order the status named them.
	Media []Media
}

// New returns an instance with no accounts, and the app DefaultClientID.
func New() *Server {
	s := &Server{
		Faults:         &netfake.Injector{},
		Now:            time.Now,
		MaxCharacters:  DefaultMaxCharacters,
		ImageSizeLimit: DefaultImageSizeLimit,
		VideoSizeLimit: DefaultVideoSizeLimit,
		mux:            http.NewServeMux(),
		// Mastodon's ids are large time-ordered numbers sent as strings.
		lastID:   110000000000000000,
		accounts: map[string]*account{},
		byID:     map[string]*account{},
		tokens:   map[string]*account{},
		statuses: map[string]statusRef{},
		media:    map[string]*Media{},
	}
	s.mux.HandleFunc("GET /api/v1/accounts/verify_credentials", s.verifyCredentials)
	s.mux.HandleFunc("GET /api/v1/accounts/{id}/statuses", s.listStatuses)
	s.mux.HandleFunc("GET /api/v1/notifications", s.listNotifications)
	s.mux.HandleFunc("POST /api/v1/statuses", s.postStatus)
	s.mux.HandleFunc("POST /api/v2/media", s.uploadMedia)
	s.mux.HandleFunc("GET /api/v1/media/{id}", s.getMedia)
	s.mux.HandleFunc("GET /api/v1/statuses/{id}", s.getStatus)
	s.mux.HandleFunc("GET /api/v1/statuses/{id}/context", s.statusContext)
	s.mux.HandleFunc("POST "+TokenPath, s.serveOAuth)
	s.mux.HandleFunc("POST "+RevokePath, s.serveOAuth)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "Record not found")
	})
	s.RegisterApp(DefaultClientID, DefaultClientSecret)
	return s
}

// ServeHTTP serves the consent page, a person's page that faults spare,
// then the API and the token endpoints, each request after the next
// fault.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == AuthPath {
		s.serveOAuth(w, r)
		return
	}
	s.Faults.Wrap(s.mux.ServeHTTP, answers{s}).ServeHTTP(w, r)
}

// RegisterAccount creates the account username if it is new, gives it the
// access token, and returns the account's id. Its person may also
// consent to the app (RegisterApp).
func (s *Server) RegisterAccount(username, token string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.known(username)
	s.tokens[token] = a
	s.oauth.AddAccount(username)
	return a.id
}

// known returns the account with an acct (a local username, or
// user@domain for another instance's account), first seen now if new;
// s.mu is held.
func (s *Server) known(acct string) *account {
	if a, ok := s.accounts[acct]; ok {
		return a
	}
	username, _, _ := strings.Cut(acct, "@")
	a := &account{
		id: s.nextID(), username: username, acct: acct,
		displayName: strings.ToUpper(username[:1]) + username[1:],
		keys:        map[string]remembered{},
	}
	s.accounts[acct] = a
	s.byID[a.id] = a
	return a
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
	return s.create(a, Status{Text: text, Visibility: "public"})
}

// create stores st as a's status, with its id, content, time and the
// accounts its text mentions besides those st names, and attaches its
// media; s.mu is held.
func (s *Server) create(a *account, st Status) Status {
	for _, acct := range s.mentioned(st.Text) {
		if !slices.Contains(st.Mentions, acct) {
			st.Mentions = append(st.Mentions, acct)
		}
	}
	st.ID = s.nextID()
	for i := range st.Media {
		st.Media[i].StatusID = st.ID
		s.media[st.Media[i].ID].StatusID = st.ID
	}
	st.Content = Render(st.Text)
	st.CreatedAt = s.Now().UTC()
	a.statuses = append(a.statuses, st)
	s.statuses[st.ID] = statusRef{owner: a, index: len(a.statuses) - 1}
	if st.IdempotencyKey != "" {
		a.keys[st.IdempotencyKey] = remembered{index: len(a.statuses) - 1, at: st.CreatedAt}
	}
	return st
}

func (s *Server) nextID() string {
	s.lastID++
	return strconv.FormatInt(s.lastID, 10)
}

// caller returns the account whose token the request bears, its
// registered one or a live one of the OAuth flow, or answers 401 as
// Mastodon documents it, for an unknown token and a revoked one alike;
// s.mu is held.
func (s *Server) caller(w http.ResponseWriter, r *http.Request) *account {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	a := s.tokens[token]
	if ok && token != "" && a == nil {
		if username, live := s.oauth.Valid(token); live {
			a = s.accounts[username]
		}
	}
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
