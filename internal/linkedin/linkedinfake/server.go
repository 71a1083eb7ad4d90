// Package linkedinfake is a fake of LinkedIn's REST API for organization
// pages, for Relais' tests, soak test and local stack. It behaves as
// LinkedIn's documentation says where Relais depends on it: versioned
// Rest.li headers, bearer tokens tied to pages, 201 with the post's URN in
// x-restli-id, refusal of duplicate posts, images uploaded through the
// Images API and videos through the Videos API (4 MB parts, each answered
// with an ETag, then finalized) and processed before a post carries them,
// one as content.media or 2 to 20 images as content.multiImage, comments
// that pages answer and delete, daily call limits reset at midnight UTC,
// the OAuth flow of one app (see RegisterApp) with its tokens' expiry and
// revocation; and it fails on demand through a netfake.Injector, upload
// URLs included.
package linkedinfake

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// Server is the fake API, served at its root (/rest/posts). Build it with
// New; set the exported fields before it serves requests.
type Server struct {
	// Now is the fake's clock: creation times, the duplicate window and
	// the daily reset.
	Now func() time.Time
	// Faults fails API requests on demand.
	Faults *netfake.Injector
	// Engagement holds the posts' statistics.
	Engagement netfake.MetricsBook
	// ProcessingReads is how many reads of an uploaded image's or a
	// finalized video's status find it still PROCESSING; zero, and it is
	// processed once uploaded.
	ProcessingReads int

	mux *http.ServeMux

	mu         sync.Mutex
	orgs       map[string]string // organization id -> token
	posts      []Post            // in creation order
	images     map[string]*Image // by URN
	imageOrder []string          // URNs, as initialized
	videos     map[string]*Video // by URN
	videoOrder []string          // URNs, as initialized
	comments   []*Comment        // in creation order
	seq        int64
	dailyLimit int
	calls      map[usage]int

	// The app's authorization server, under mu, served by oauthHandler.
	oauth        *oauthfake.Server
	oauthHandler http.Handler
}

// usage counts one member's calls on one UTC day.
type usage struct {
	token string
	day   string
}

// New returns a fake with no organizations, no limit, no faults and the
// app DefaultClientID.
func New() *Server {
	s := &Server{
		Now:    time.Now,
		Faults: &netfake.Injector{},
		orgs:   map[string]string{},
		images: map[string]*Image{},
		videos: map[string]*Video{},
		calls:  map[usage]int{},
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /rest/posts", s.createPost)
	s.mux.HandleFunc("GET /rest/posts", s.listPosts)
	s.mux.HandleFunc("POST /rest/images", s.initializeUpload)
	s.mux.HandleFunc("GET /rest/images/{urn}", s.getImage)
	s.mux.HandleFunc("POST /rest/videos", s.videoAction)
	s.mux.HandleFunc("GET /rest/videos/{urn}", s.getVideo)
	s.mux.HandleFunc("POST /rest/socialActions/{target}/comments", limitComment(s.createComment))
	s.mux.HandleFunc("GET /rest/socialActions/{target}/comments", s.listComments)
	s.mux.HandleFunc("DELETE /rest/socialActions/{target}/comments/{id}", s.deleteComment)
	s.mux.HandleFunc("GET /rest/organizationalEntityShareStatistics", s.shareStatistics)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no resource at %s %s", r.Method, r.URL.Path)
	})
	s.RegisterApp(DefaultClientID, DefaultClientSecret)
	return s
}

// ServeHTTP serves the API, the upload URLs and the OAuth endpoints. An
// API request meets, in order, the injected fault, the version headers,
// the token and the daily limit; an upload, which is no API call, the
// injected fault, then its URL's signature and expiry, and for an image
// the token; a token or revocation request the injected fault. The
// consent page, a person's page, is spared the faults.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == AuthPath {
		s.serveOAuth(w, r)
		return
	}
	s.Faults.Wrap(s.serve, answers{}).ServeHTTP(w, r)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, uploadPrefix):
		s.upload(w, r)
	case strings.HasPrefix(r.URL.Path, oauthPaths):
		s.serveOAuth(w, r)
	default:
		s.serveAPI(w, r)
	}
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Header.Get("LinkedIn-Version") == "":
		writeError(w, http.StatusBadRequest, "VERSION_MISSING", "a LinkedIn-Version header (YYYYMM) is required")
	case r.Header.Get("X-Restli-Protocol-Version") != "2.0.0":
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the X-Restli-Protocol-Version header must be 2.0.0")
	case !s.knownToken(bearer(r)):
		s.writeBadToken(w, bearer(r))
	case !s.spend(bearer(r)):
		writeError(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "daily call limit reached for this member")
	default:
		s.mux.ServeHTTP(w, r)
	}
}

// RegisterOrganization lets token act for the organization (its numeric
// id or its URN), replacing the token it had. A member who administers it
// may also consent to the app for it (RegisterApp).
func (s *Server) RegisterOrganization(orgID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	orgID = strings.TrimPrefix(orgID, orgPrefix)
	s.orgs[orgID] = token
	s.oauth.AddAccount(orgID)
}

// SetDailyLimit lets each member (token) make n API calls per UTC day,
// reads included, as LinkedIn counts them; past it, calls get 429 until
// midnight UTC. Zero or less means no limit.
func (s *Server) SetDailyLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dailyLimit = n
}

func bearer(r *http.Request) string {
	t, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return t
}

// knownToken reports whether token is an organization's registered
// token or a live one of the OAuth flow.
func (s *Server) knownToken(token string) bool {
	if token == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.orgs {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
			return true
		}
	}
	return s.oauthActsFor(token, "")
}

// canAct reports whether token may act for the organization.
func (s *Server) canAct(token, orgID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.actsFor(token, orgID)
}

// actsFor reports whether token may act for the organization: its
// registered token, or a live token its member's consent gave; s.mu is
// held.
func (s *Server) actsFor(token, orgID string) bool {
	t, ok := s.orgs[orgID]
	if ok && subtle.ConstantTimeCompare([]byte(t), []byte(token)) == 1 {
		return true
	}
	return ok && token != "" && s.oauthActsFor(token, orgID)
}

// spend counts a call against the member's day, refusing it past the limit.
func (s *Server) spend(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dailyLimit <= 0 {
		return true
	}
	u := usage{token: token, day: s.Now().UTC().Format(time.DateOnly)}
	if s.calls[u] >= s.dailyLimit {
		return false
	}
	s.calls[u]++
	return true
}
