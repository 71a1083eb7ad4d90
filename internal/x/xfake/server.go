// Package xfake is a fake X API v2 server for Relais' tests, soak test and
// local stack. It posts, lists, answers and hides replies as X documents,
// takes a post's media through X's chunked media upload (up to 4 images
// with their descriptions, or one animated GIF, or one video, with the
// processing of GIFs and videos), keeps X's rules that shape Relais'
// retries (rate-limit windows, the 24-hour duplicate rule, the
// 280-character limit, the media limits and the life of an upload),
// serves X's OAuth 2.0 flow for one app (see RegisterApp) and fails on
// demand through the shared netfake faults.
package xfake

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// Server is the fake X API, served at its root (/2/...).
type Server struct {
	// Faults are applied to every API request.
	Faults *netfake.Injector
	// Now is the fake's clock, for post times, the duplicate rule and
	// rate-limit windows.
	Now func() time.Time
	// Engagement holds the posts' public metrics.
	Engagement netfake.MetricsBook
	// GIFProcessing and VideoProcessing are how long X takes to process
	// an animated GIF or a video once its upload is finalized: a post may
	// carry it only after.
	GIFProcessing, VideoProcessing time.Duration

	mux *http.ServeMux

	mu          sync.Mutex
	tokens      map[string]string // token -> user id
	users       map[string]bool
	tweets      map[string]*tweet // by id: posts and replies
	posts       map[string][]*tweet
	seq         int64
	uploads     map[string]*upload // by media id
	mediaSeq    int64
	postLimit   int
	uploadLimit int
	windows     map[windowKey]*window

	// The app's authorization server, under mu, served by oauthMux.
	oauth    *oauthfake.Server
	oauthMux *http.ServeMux
}

// New returns a fake with no users, no faults, X's default limits and
// the app DefaultClientID.
func New() *Server {
	s := &Server{
		Faults:          &netfake.Injector{},
		Now:             time.Now,
		GIFProcessing:   DefaultGIFProcessing,
		VideoProcessing: DefaultVideoProcessing,
		mux:             http.NewServeMux(),
		tokens:          map[string]string{},
		users:           map[string]bool{},
		tweets:          map[string]*tweet{},
		posts:           map[string][]*tweet{},
		uploads:         map[string]*upload{},
		postLimit:       DefaultPostLimit,
		uploadLimit:     UploadLimit,
		windows:         map[windowKey]*window{},
	}
	s.mux.HandleFunc("POST /2/tweets", s.authed(s.createTweet))
	s.mux.HandleFunc("GET /2/users/{id}/tweets", s.authed(s.timeline))
	s.mux.HandleFunc("PUT /2/tweets/{id}/hidden", s.authed(s.hide))
	s.mux.HandleFunc("GET /2/tweets/{id}", s.authed(s.metrics))
	s.mux.HandleFunc("POST /2/media/upload/initialize", s.authed(s.initUpload))
	s.mux.HandleFunc("POST /2/media/upload/{id}/append", s.authed(s.appendUpload))
	s.mux.HandleFunc("POST /2/media/upload/{id}/finalize", s.authed(s.finalizeUpload))
	s.mux.HandleFunc("GET /2/media/upload", s.authed(s.uploadStatus))
	s.mux.HandleFunc("POST /2/media/metadata", s.authed(s.mediaMetadata))
	s.mux.HandleFunc("POST "+TokenPath, s.serveOAuth)
	s.mux.HandleFunc("POST "+RevokePath, s.serveOAuth)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeProblem(w, http.StatusNotFound, "Not Found", "Sorry, that page does not exist.")
	})
	s.RegisterApp(DefaultClientID, DefaultClientSecret)
	return s
}

// ServeHTTP serves the consent page, a person's page that faults spare,
// then the API and the token endpoints, each request through the next
// fault.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == AuthPath {
		s.serveOAuth(w, r)
		return
	}
	if s.Faults == nil {
		s.mux.ServeHTTP(w, r)
		return
	}
	s.Faults.Wrap(s.mux.ServeHTTP, answers{s}).ServeHTTP(w, r)
}

// RegisterUser makes a user known, with token as its only valid access
// token: registering again revokes the previous token, as reconnecting an
// account on X does. The user may also consent to the app (RegisterApp).
func (s *Server) RegisterUser(userID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth.AddAccount(userID)
	for t, u := range s.tokens {
		if u == userID {
			delete(s.tokens, t)
		}
	}
	s.tokens[token] = userID
	s.users[userID] = true
}

// authed answers 401 unless the request carries a user's token, its
// registered one or a live one of the OAuth flow, and passes the user id
// on. X answers an expired or revoked token as an unknown one.
func (s *Server) authed(h func(w http.ResponseWriter, r *http.Request, userID string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		userID, known := s.tokens[token]
		s.mu.Unlock()
		if ok && token != "" && !known {
			userID, known = s.oauthUser(token)
		}
		if !ok || token == "" || !known {
			writeProblem(w, http.StatusUnauthorized, "Unauthorized", "Unauthorized")
			return
		}
		h(w, r, userID)
	}
}
