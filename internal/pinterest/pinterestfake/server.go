// Package pinterestfake is a fake of Pinterest's REST API v5, for Relais'
// tests and local stack. It behaves as Pinterest's documentation says
// where Relais depends on it: people who own boards and act through
// bearer tokens, Pins made on a board from image URLs it fetches (one
// image or a carousel of 2 to 5) or from a video registered, POSTed as an
// S3 browser upload and processed, boards and their Pins listed newest
// first with bookmarks, Pin analytics, Pinterest's {"code","message"}
// errors, a per-minute rate limit, and the OAuth authorization-code flow
// with refresh and expiry on the fake's clock. It fails on demand through
// a netfake.Injector.
//
// The consent page, GET /oauth/, is Pinterest's www.pinterest.com/oauth/
// served on the fake's host. It takes the fake's own query parameters
// account, a board registered with RegisterAccount whose owner consents
// (it may be left out when one person is registered), and approve, which
// refuses when 0.
package pinterestfake

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// The app's credentials the fake's token endpoint takes unless told
// others, for the local stack.
const (
	DefaultClientID     = "relais-pinterest-app"
	DefaultClientSecret = "relais-pinterest-secret"
)

// Server is the fake API, served at its root (/v5/pins). Build it with
// New; set the exported fields before it serves requests.
type Server struct {
	// Now is the fake's clock: creation times, token expiry, the rate
	// limit's minutes and analytics' dates.
	Now func() time.Time
	// Faults fails requests on demand.
	Faults *netfake.Injector
	// Engagement holds the Pins' analytics.
	Engagement netfake.MetricsBook
	// ProcessingReads is how many reads of an uploaded video's status
	// find it still processing; zero, and it is processed once uploaded.
	ProcessingReads int
	// ClientID and ClientSecret are the app's OAuth credentials.
	ClientID, ClientSecret string
	// AccessTTL is how long the access tokens the OAuth flow issues act:
	// AccessLifetime when zero, less to have a token near its expiry.
	AccessTTL time.Duration
	// Images fetches the images a Pin names by URL, as Pinterest does.
	Images *http.Client

	mux *http.ServeMux

	mu     sync.Mutex
	users  map[string]*user  // by id
	boards map[string]*board // by id
	access map[string]*grant // access tokens
	// refresh holds the refresh tokens the OAuth flow issued.
	refresh   map[string]*grant
	codes     map[string]*consent
	pins      []Pin // in creation order
	media     map[string]*Media
	seq       int64
	perMinute int
	calls     map[usage]int
}

// user is a Pinterest person: boards are theirs, tokens act for them.
type user struct {
	id, username string
}

// board is a board and its owner.
type board struct {
	id, name, owner string
	created         time.Time
}

// grant is what a token lets its bearer do: act for a person until it
// expires or is revoked.
type grant struct {
	user  string
	scope string
	// expires is zero for the tokens RegisterAccount gives, which do not.
	expires time.Time
	revoked bool
	// pair is the other token issued with this one: a revocation takes
	// both.
	pair string
}

// usage counts one person's calls in one rate-limit category and minute.
type usage struct {
	user, category string
	minute         time.Time
}

// New returns a fake with no people, no rate limit and no faults.
func New() *Server {
	s := &Server{
		Now:          time.Now,
		Faults:       &netfake.Injector{},
		ClientID:     DefaultClientID,
		ClientSecret: DefaultClientSecret,
		Images:       &http.Client{Timeout: 10 * time.Second},
		users:        map[string]*user{},
		boards:       map[string]*board{},
		access:       map[string]*grant{},
		refresh:      map[string]*grant{},
		codes:        map[string]*consent{},
		media:        map[string]*Media{},
		calls:        map[usage]int{},
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /oauth/{$}", s.consent)
	s.mux.HandleFunc("POST /v5/oauth/token", s.token)
	s.mux.HandleFunc("POST /v5/oauth/token/revoke", s.revoke)
	s.mux.HandleFunc("POST "+uploadPath, s.upload)
	s.mux.HandleFunc("GET /v5/boards", s.api(orgRead, s.listBoards))
	s.mux.HandleFunc("GET /v5/boards/{board_id}/pins", s.api(orgRead, s.listPins))
	s.mux.HandleFunc("POST /v5/pins", s.api(orgWrite, s.createPin))
	s.mux.HandleFunc("GET /v5/pins/{pin_id}/analytics", s.api(orgAnalytics, s.analytics))
	s.mux.HandleFunc("POST /v5/media", s.api(orgWrite, s.registerMedia))
	s.mux.HandleFunc("GET /v5/media/{media_id}", s.api(orgRead, s.getMedia))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no resource at %s %s", r.Method, r.URL.Path)
	})
	return s
}

// ServeHTTP serves the API, the consent page, the token endpoint and the
// upload URL, each request first meeting the injected fault.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Faults.Wrap(s.mux.ServeHTTP, answers{}).ServeHTTP(w, r)
}

// Rate-limit categories, as the API reference files each operation.
const (
	orgRead      = "org_read"
	orgWrite     = "org_write"
	orgAnalytics = "org_analytics"
)

// apiHandler serves an API request for the person whose token it bears.
type apiHandler func(w http.ResponseWriter, r *http.Request, userID string)

// api checks a request's bearer token, then counts it against the
// person's rate limit in its category.
func (s *Server) api(category string, h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		userID, ok := s.bearer(r)
		switch {
		case !ok:
			writeCoded(w, http.StatusUnauthorized, codeAuthentication, "Authentication failed.")
		case !s.spend(userID, category):
			writeError(w, http.StatusTooManyRequests, "You have exceeded your rate limit. Try again later.")
		default:
			h(w, r, userID)
		}
	}
}

// RegisterAccount makes boardID a board of the person whose token is
// token, making that person if the token is new; the token never
// expires. A person's boards are named "Board <id>".
func (s *Server) RegisterAccount(boardID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.access[token]
	if !ok {
		s.seq++
		u := &user{id: newID(s.seq), username: fmt.Sprintf("person%d", s.seq)}
		s.users[u.id] = u
		g = &grant{user: u.id, scope: strings.Join(Scopes, ",")}
		s.access[token] = g
	}
	s.boards[boardID] = &board{id: boardID, name: "Board " + boardID, owner: g.user, created: s.Now().UTC()}
}

// SetRateLimit lets each person make n calls a minute in each rate-limit
// category (org_read, org_write, org_analytics), as Standard access
// counts them; past it, calls get 429 until the next minute. Zero or less
// means no limit.
func (s *Server) SetRateLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perMinute = n
}

// bearer returns the person a request's token acts for, if the token is
// one the fake knows, unexpired and unrevoked.
func (s *Server) bearer(r *http.Request) (string, bool) {
	t, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || t == "" {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for known, g := range s.access {
		if subtle.ConstantTimeCompare([]byte(known), []byte(t)) == 1 {
			return g.user, s.valid(g)
		}
	}
	return "", false
}

// valid reports whether a grant still acts. Callers hold mu.
func (s *Server) valid(g *grant) bool {
	return !g.revoked && (g.expires.IsZero() || s.Now().Before(g.expires))
}

// spend counts a call against the person's minute, refusing it past the
// limit.
func (s *Server) spend(userID, category string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perMinute <= 0 {
		return true
	}
	u := usage{user: userID, category: category, minute: s.Now().UTC().Truncate(time.Minute)}
	if s.calls[u] >= s.perMinute {
		return false
	}
	s.calls[u]++
	return true
}

// ownBoard returns a board of the person, or answers as Pinterest does
// and returns false: 404 for a board that is not there, 403 for one of
// another person.
func (s *Server) ownBoard(w http.ResponseWriter, boardID, userID string) (board, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.boards[boardID]
	switch {
	case b == nil:
		writeError(w, http.StatusNotFound, "Board not found.")
		return board{}, false
	case b.owner != userID:
		writeError(w, http.StatusForbidden, "Not authorized to access board or Pin.")
		return board{}, false
	}
	return *b, true
}

// secret is a random token or code.
func secret(prefix string) string { return prefix + rand.Text() }
