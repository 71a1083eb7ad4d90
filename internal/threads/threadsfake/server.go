// Package threadsfake is a fake of the Threads API (graph.threads.net) for
// Relais' tests, soak test and local stack. It behaves as Threads'
// documentation says where Relais depends on it: media containers (text,
// image, video, carousel) processed over a few status reads and published
// once, the account's post listing, the publishing limits of 250 posts
// and 1,000 replies in 24 hours, replies and their hiding, insights, and
// the OAuth flow (consent, code exchange, long-lived exchange, refresh)
// with token lifetimes on the fake's clock. It answers in Graph's error
// shapes and fails on demand through a netfake.Injector.
//
// It serves the API with or without its version segment (/v1.0/me/threads
// and /me/threads alike) and the OAuth paths at the root: the consent
// page threads.net serves at /oauth/authorize, and the token endpoints
// /oauth/access_token, /access_token and /refresh_access_token of
// graph.threads.net.
package threadsfake

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
	"github.com/relais-dev/relais/internal/netfake"
)

// Threads' documented limits the fake applies.
const (
	// PostLimit and ReplyLimit are what one account publishes in a
	// rolling 24 hours.
	PostLimit  = 250
	ReplyLimit = 1000
	window     = 24 * time.Hour
	// Token lifetimes: a code, and the short-lived token it gives, last an
	// hour; a long-lived token 60 days, refreshable once a day old.
	codeLife   = time.Hour
	shortLife  = time.Hour
	longLife   = 60 * 24 * time.Hour
	refreshAge = 24 * time.Hour
)

// Server is the fake Threads API. Build it with New and set its exported
// fields before it serves requests.
type Server struct {
	// Now is the fake's clock: publishing times, container and token
	// expiry, the publishing limits' window.
	Now func() time.Time
	// Faults fails requests on demand, in Graph's shapes; the consent
	// page, a person's browser page, is spared.
	Faults *netfake.Injector
	// Engagement holds the posts' insights.
	Engagement netfake.MetricsBook
	// ProcessingReads is how many status reads a new video container
	// answers IN_PROGRESS before it is FINISHED; text and images are
	// FINISHED at once.
	ProcessingReads int
	// PostLimit and ReplyLimit are the accounts' publishing limits.
	PostLimit, ReplyLimit int
	// MaxLimit caps a listing's page, whatever limit the caller asks
	// (100, as Threads does).
	MaxLimit int
	// ClientID and ClientSecret are the app's Threads App ID and secret,
	// which the OAuth endpoints check.
	ClientID, ClientSecret string

	mu         sync.Mutex
	accounts   map[string]*account
	tokens     map[string]*grant
	codes      map[string]*authCode
	containers map[string]*container
	media      []*Media // in publishing order
	failNext   []string // error_message of the next containers that end in ERROR
	seq        int
}

type account struct{ id, username string }

// New returns a fake with no accounts, an app with id "threads-app-id" and
// secret "threads-app-secret", and the documented limits.
func New() *Server {
	return &Server{
		Now:             time.Now,
		Faults:          &netfake.Injector{},
		ProcessingReads: 2,
		PostLimit:       PostLimit,
		ReplyLimit:      ReplyLimit,
		MaxLimit:        100,
		ClientID:        "threads-app-id",
		ClientSecret:    "threads-app-secret",
		accounts:        map[string]*account{},
		tokens:          map[string]*grant{},
		codes:           map[string]*authCode{},
		containers:      map[string]*container{},
	}
}

// RegisterAccount creates a Threads account (its user id) whose token,
// granted every permission, never expires; registering it again adds
// another token. Its username is user<id>.
func (s *Server) RegisterAccount(id, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.accounts[id] == nil {
		s.accounts[id] = &account{id: id, username: "user" + id}
	}
	s.tokens[token] = &grant{account: id, life: longLived, issued: s.Now()}
}

// Deauthorize is the person removing the app from their Threads
// settings: every token of the account is refused from then on (code
// 190, subcode 458). Threads offers apps no revocation call.
func (s *Server) Deauthorize(accountID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.tokens {
		if g.account == accountID {
			g.revoked = true
		}
	}
}

// FailNextContainers makes the next n image, video or carousel containers
// end in ERROR with errorMessage (FAILED_DOWNLOADING_VIDEO, INVALID_DURATION,
// UNKNOWN...) instead of FINISHED.
func (s *Server) FailNextContainers(n int, errorMessage string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failNext = append(s.failNext, errorMessage)
	}
}

// nextID returns a fresh numeric id, as long as Threads'. Callers hold mu.
func (s *Server) nextID() string {
	s.seq++
	return strconv.Itoa(18050000000000000 + s.seq)
}

// newSecret returns a fresh token or code with Threads' prefix.
func newSecret(prefix string) string { return prefix + rand.Text() }

// ServeHTTP serves the consent page, then everything else behind the
// injected faults.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/authorize" {
		s.consent(w, r)
		return
	}
	s.Faults.Wrap(s.route, answers{})(w, r)
}

// request is one API request: its node, edge, parameters and token, and
// the grant the token carries once authorized.
type request struct {
	r          *http.Request
	node, edge string
	params     url.Values
	token      string
	grant      *grant
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	params, err := graphfake.ReadParams(r, param)
	if err != nil {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) cannot read the parameters")
		return
	}
	switch r.URL.Path {
	case "/oauth/access_token":
		s.exchangeCode(w, r, params)
		return
	case "/access_token":
		s.exchangeToken(w, params)
		return
	case "/refresh_access_token":
		s.refreshToken(w, params)
		return
	}
	node, edge, ok := graphfake.Path(r.URL.Path)
	q := &request{r: r, node: node, edge: edge, params: params, token: graphfake.TokenOf(r, params)}
	if !ok {
		unsupported(w, r.Method, q.node)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q) {
		return
	}
	if q.node == "me" {
		q.node = q.grant.account
	}
	switch {
	case r.Method == http.MethodPost && q.edge == "threads":
		s.createContainer(w, q)
	case r.Method == http.MethodPost && q.edge == "threads_publish":
		s.publish(w, q)
	case r.Method == http.MethodGet && q.edge == "threads":
		s.listPosts(w, q)
	case r.Method == http.MethodGet && q.edge == "threads_publishing_limit":
		s.publishingLimit(w, q)
	case r.Method == http.MethodGet && q.edge == "insights":
		s.insights(w, q)
	case r.Method == http.MethodPost && q.edge == "manage_reply":
		s.manageReply(w, q)
	case r.Method == http.MethodGet && q.edge == "":
		s.readObject(w, q)
	default:
		unsupported(w, r.Method, q.node)
	}
}

// param spells a JSON body's value as a parameter: a list (children) as
// Graph reads its comma-separated form.
func param(x any) (string, bool) {
	if list, ok := x.([]any); ok {
		parts := make([]string, len(list))
		for i, p := range list {
			parts[i] = fmt.Sprint(p)
		}
		x = strings.Join(parts, ",")
	}
	return fmt.Sprint(x), true
}

// lookup returns the grant of a live token, or answers why the token is
// refused. Callers hold mu.
func (s *Server) lookup(w http.ResponseWriter, token string) (*grant, bool) {
	if token == "" {
		writeError(w, http.StatusBadRequest, codeToken, 0, "An active access token must be used to query information about the current user.")
		return nil, false
	}
	var g *grant
	for t, x := range s.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			g = x
		}
	}
	now := s.Now()
	switch {
	case g == nil:
		writeError(w, http.StatusBadRequest, codeToken, 0, "Invalid OAuth access token - Cannot parse access token")
	case g.revoked:
		writeError(w, http.StatusBadRequest, codeToken, subcodeNotAuthorized, "Error validating access token: The user has not authorized application "+s.ClientID+".")
	case g.expired(now):
		writeError(w, http.StatusBadRequest, codeToken, subcodeExpired, fmt.Sprintf(
			"Error validating access token: Session has expired on %s. The current time is %s.", g.expires.UTC().Format(time.RFC1123), now.UTC().Format(time.RFC1123)))
	default:
		return g, true
	}
	return nil, false
}

// authorize checks the request's token and, for a user node, that it is
// the token's account. Callers hold mu.
func (s *Server) authorize(w http.ResponseWriter, q *request) bool {
	g, ok := s.lookup(w, q.token)
	if !ok {
		return false
	}
	q.grant = g
	if s.accounts[q.node] != nil && q.node != g.account {
		// Graph answers alike for an object that does not exist and one
		// the token cannot see.
		unsupported(w, q.r.Method, q.node)
		return false
	}
	return true
}

// allowed answers Graph's permission error unless the request's token
// carries every scope. Callers hold mu.
func allowed(w http.ResponseWriter, q *request, scopes ...string) bool {
	for _, sc := range scopes {
		if !q.grant.has(sc) {
			writeError(w, http.StatusForbidden, codePermission, 0, "(#10) Application does not have permission for this action: "+sc+" is required")
			return false
		}
	}
	return true
}

// graphTime formats a time as Threads does: 2026-11-20T09:00:00+0000.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

// validURL reports whether s is an absolute http(s) URL, as Threads
// fetches media from.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// ids lists the registered accounts' ids, sorted.
func (s *Server) ids() []string {
	var out []string
	for id := range s.accounts {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}
