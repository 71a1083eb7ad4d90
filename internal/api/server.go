// Package api is the Relais HTTP API: JSON over HTTP under /api/, as
// described by its OpenAPI document (openapi.json), for the web console
// and the agency's integrations. Every call but the document's is signed
// in with an ID token of the agency's user pool; what a caller may do
// comes from the role and clients the token names.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/clients"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/inbox"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/posts"
	"github.com/relais-dev/relais/internal/relais"
)

// Prefix is where the API is served.
const Prefix = "/api/"

// Verifier knows callers by their bearer tokens.
type Verifier interface {
	Verify(ctx context.Context, raw string) (auth.Identity, error)
}

var _ Verifier = (*auth.Verifier)(nil)

// Server answers the API's calls.
type Server struct {
	store    *dynamo.Store
	posts    *posts.Planner
	clients  *clients.Service
	verifier Verifier
	log      *slog.Logger
	// origin is the console's, the one origin CORS lets call.
	origin string
	signIn SignIn
	links  *links.Handler
	issuer *links.Issuer
	bucket Files
	mod    Moderation
	work   *inbox.Service
	media  *media.Service
	oauth  OAuth
	limits *limiter
	mux    *http.ServeMux
	routes []route
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// route is one operation: its method and path pattern, as the OpenAPI
// document names them, and who may call it.
type route struct {
	method, pattern string
	// roles may call the route; nil means any signed-in caller, and
	// public routes need no sign-in at all.
	roles  []auth.Role
	public bool
	handle func(w http.ResponseWriter, r *http.Request, id auth.Identity) error
}

// Moderation carries out people's overrides of moderation.
type Moderation interface {
	Override(ctx context.Context, clientID string, n relais.Network, id string, o moderation.Override, by string) (relais.Decision, error)
}

var _ Moderation = (*moderation.Moderator)(nil)

// Options are what the API needs beyond its services.
type Options struct {
	// Origin is the console's origin (scheme://host[:port]), the only
	// one allowed cross-origin calls.
	Origin string
	// Rate is how many calls a second one identity may make, with Burst
	// more at once; zero takes the defaults.
	Rate  float64
	Burst int
	// Links answers report links (links.Pattern), which need no
	// sign-in, and opens review links; Issuer makes review links.
	Links  *links.Handler
	Issuer *links.Issuer
	// Bucket signs short-lived URLs of report files.
	Bucket Files
	// Moderation carries out overrides in the inbox.
	Moderation Moderation
	// Inbox carries out the team's answers.
	Inbox *inbox.Service
	// SignIn is what GET /api/config tells the console.
	SignIn SignIn
	// Media keeps the clients' uploaded images.
	Media *media.Service
	// OAuth connects accounts with their networks' consent.
	OAuth OAuth
}

// New returns the API over Relais' services.
func New(store *dynamo.Store, planner *posts.Planner, cs *clients.Service, verifier Verifier, log *slog.Logger, o Options) *Server {
	if o.Rate == 0 {
		o.Rate, o.Burst = DefaultRate, DefaultBurst
	}
	s := &Server{store: store, posts: planner, clients: cs, verifier: verifier, log: log, origin: o.Origin, signIn: o.SignIn, links: o.Links, issuer: o.Issuer, bucket: o.Bucket, mod: o.Moderation, work: o.Inbox, media: o.Media, oauth: o.OAuth,
		limits: newLimiter(o.Rate, o.Burst), mux: http.NewServeMux(), Now: time.Now}
	s.routes = append(s.table(), route{method: http.MethodGet, pattern: strings.TrimPrefix(links.Pattern, "GET "), public: true,
		handle: func(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
			o.Links.ServeHTTP(w, r)
			return nil
		}})
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.handler(rt))
	}
	return s
}

// Routes lists the method and pattern of every route, for the document's
// test.
func (s *Server) Routes() [][2]string {
	out := make([][2]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = [2]string{rt.method, rt.pattern}
	}
	return out
}

// ServeHTTP sets the headers every answer carries, answers CORS
// preflights, and hands the call to its route.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secure(w.Header())
	cors := s.cors(w, r)
	if r.Method == http.MethodOptions && cors {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// The mux sets the path's values only when it serves the call itself.
	h, pattern := s.mux.Handler(r)
	if pattern == "" {
		// No route, or not with this method: both are problems.
		rec := &statusOnly{}
		h.ServeHTTP(rec, r)
		if rec.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", rec.Header().Get("Allow"))
			writeProblem(w, fail(http.StatusMethodNotAllowed, "this path does not take "+r.Method))
			return
		}
		writeProblem(w, fail(http.StatusNotFound, "no such route"))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// handler runs a route: sign-in, role, rate limit, body cap, then the
// route's own work, whose error becomes a problem.
func (s *Server) handler(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id auth.Identity
		if !rt.public {
			var err error
			if id, err = s.identify(r); err != nil {
				s.log.Info("call refused", "route", rt.pattern, "reason", err.Error())
				w.Header().Set("WWW-Authenticate", `Bearer realm="relais"`)
				writeProblem(w, fail(http.StatusUnauthorized, "sign in: the bearer token is missing, expired or not valid"))
				return
			}
			if !s.limits.allow(id.Subject, s.Now()) {
				w.Header().Set("Retry-After", "1")
				writeProblem(w, fail(http.StatusTooManyRequests, "too many calls; slow down"))
				return
			}
			// A client the caller cannot see does not exist for it,
			// whatever its role may do.
			if c := r.PathValue("client"); c != "" && !id.Sees(c) {
				writeProblem(w, unknownClient(c))
				return
			}
			if rt.roles != nil && !slices.Contains(rt.roles, id.Role) {
				writeProblem(w, fail(http.StatusForbidden, "your role may not do this"))
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		if err := rt.handle(w, r, id); err != nil {
			if statusOf(err) == http.StatusInternalServerError {
				s.log.Error("call failed", "route", rt.pattern, "caller", id.Subject, "err", err)
			}
			writeProblem(w, err)
		}
	})
}

// statusOnly records the status the mux would answer for an unknown
// route, to answer it as a problem instead.
type statusOnly struct {
	header http.Header
	status int
}

func (s *statusOnly) Header() http.Header {
	if s.header == nil {
		s.header = http.Header{}
	}
	return s.header
}
func (s *statusOnly) Write(b []byte) (int, error) { return len(b), nil }
func (s *statusOnly) WriteHeader(status int)      { s.status = status }
