// Package gbpfake is a fake of Google Business Profile for Relais' tests
// and local stack: the My Business API v4's local posts and reviews, and
// Google's OAuth 2.0 endpoints, on one host. It behaves as Google's
// documentation says where Relais depends on it: locations named
// accounts/{accountId}/locations/{locationId}, local posts validated as
// the LocalPost reference describes them, reviews listed newest change
// first and answered once, bearer tokens tied to the locations their
// consent named and expiring after an hour, Google's error bodies, and a
// per-minute quota answered with 429 RESOURCE_EXHAUSTED. It fails on
// demand through a netfake.Injector.
//
// Paths: /v4/… (the API), /v1/accounts (the Account Management API's
// accounts.list) and /v1/accounts/{accountId}/locations (the Business
// Information API's accounts.locations.list), /o/oauth2/v2/auth
// (consent), /token (code exchange and refresh), /revoke.
package gbpfake

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// Scope is the scope a token needs for the API.
const Scope = "https://www.googleapis.com/auth/business.manage"

// Server is the fake. Build it with New; set the exported fields before
// it serves requests.
type Server struct {
	// Now is the fake's clock: creation times, token expiry and the
	// per-minute quota.
	Now func() time.Time
	// Faults fails API requests (not OAuth ones) on demand.
	Faults *netfake.Injector
	// ReplyTouchesReview makes an answer move its review's updateTime.
	// Google does not document whether it does; tests try both.
	ReplyTouchesReview bool

	mux *http.ServeMux

	mu        sync.Mutex
	locations map[string]bool      // registered location names
	titles    map[string]string    // location name -> its title
	access    map[string]*access   // access token -> what it grants
	refresh   map[string]*grant    // refresh token -> its grant
	clients   map[string]string    // OAuth client id -> secret
	codes     map[string]*authCode // authorization code -> what it grants
	posts     []LocalPost          // in creation order
	reviews   []*Review            // in creation order
	seq       int64
	perMinute int
	calls     map[int64]int // API calls per minute since the epoch
}

// New returns a fake with no locations, no OAuth client, no quota and no
// faults.
func New() *Server {
	s := &Server{
		Now:       time.Now,
		Faults:    &netfake.Injector{},
		locations: map[string]bool{},
		titles:    map[string]string{},
		access:    map[string]*access{},
		refresh:   map[string]*grant{},
		clients:   map[string]string{},
		codes:     map[string]*authCode{},
		calls:     map[int64]int{},
	}
	s.mux = http.NewServeMux()
	const loc = "/v4/accounts/{account}/locations/{location}"
	s.mux.HandleFunc("POST "+loc+"/localPosts", s.createPost)
	s.mux.HandleFunc("GET "+loc+"/localPosts", s.listPosts)
	s.mux.HandleFunc("GET "+loc+"/reviews", s.listReviews)
	s.mux.HandleFunc("GET "+loc+"/reviews/{review}", s.getReview)
	s.mux.HandleFunc("PUT "+loc+"/reviews/{review}/reply", s.putReply)
	s.mux.HandleFunc("DELETE "+loc+"/reviews/{review}/reply", s.deleteReply)
	s.mux.HandleFunc("GET "+AccountsPath, s.listAccounts)
	s.mux.HandleFunc("GET /v1/accounts/{account}/locations", s.listLocations)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "The requested URL "+r.URL.Path+" was not found on this server.")
	})
	return s
}

// ServeHTTP serves the OAuth endpoints, and the API behind the injected
// fault, the token and the quota, in that order.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case AuthPath:
		s.consent(w, r)
	case TokenPath:
		s.token(w, r)
	case RevokePath:
		s.revoke(w, r)
	default:
		s.Faults.Wrap(s.serveAPI, answers{}).ServeHTTP(w, r)
	}
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	a, ok := s.authorized(r)
	switch {
	case !ok:
		w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.")
	case !a.grant.scoped:
		writeError(w, http.StatusForbidden, "PERMISSION_DENIED", "Request had insufficient authentication scopes.")
	case !s.spend():
		writeQuota(w)
	default:
		s.mux.ServeHTTP(w, r.WithContext(withAccess(r.Context(), a)))
	}
}

// RegisterAccount registers a location, accounts/{accountId}/locations/
// {locationId}, and lets token act for it without expiring, as a token
// Relais was handed would. One token may act for several locations, as a
// Google account manages several; an empty token registers the location
// alone, for OAuth consents to name.
func (s *Server) RegisterAccount(location, token string) {
	location = strings.Trim(location, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.locations[location] = true
	if _, ok := s.titles[location]; !ok {
		s.titles[location] = "Location " + location[strings.LastIndex(location, "/")+1:]
	}
	if token == "" {
		return
	}
	a, ok := s.access[token]
	if !ok {
		a = &access{grant: &grant{locations: map[string]bool{}, scoped: true}}
		s.access[token] = a
	}
	a.grant.locations[location] = true
}

// SetPerMinuteQuota lets the project make n API calls per clock minute,
// as Google's default quotas are counted; past it, calls get 429 until
// the next minute. Zero or less means no quota.
func (s *Server) SetPerMinuteQuota(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perMinute = n
}

// spend counts a call against the minute, refusing it past the quota.
func (s *Server) spend() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perMinute <= 0 {
		return true
	}
	m := s.Now().Unix() / 60
	if s.calls[m] >= s.perMinute {
		return false
	}
	s.calls[m]++
	return true
}

// location answers for a request naming a location: false, with the
// answer written, when there is none or the token may not act for it.
func (s *Server) location(w http.ResponseWriter, r *http.Request) (string, bool) {
	name := "accounts/" + r.PathValue("account") + "/locations/" + r.PathValue("location")
	s.mu.Lock()
	known, allowed := s.locations[name], accessOf(r.Context()).grant.locations[name]
	s.mu.Unlock()
	switch {
	case !known:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "Requested entity was not found.")
		return "", false
	case !allowed:
		writeError(w, http.StatusForbidden, "PERMISSION_DENIED", "The caller does not have permission")
		return "", false
	}
	return name, true
}
