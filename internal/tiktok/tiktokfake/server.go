// Package tiktokfake is a fake of TikTok's Content Posting API, Display
// API and OAuth v2 endpoints, for Relais' tests, soak test and local
// stack. It behaves as TikTok's documentation says where Relais depends
// on it: the {"data","error":{"code","message","log_id"}} envelope (with
// the errors creator_info answers with HTTP 200), creator info and its
// privacy options, direct posts of a video or of photos pulled from
// verified URLs and checked against TikTok's media restrictions, the
// status of a post until it is complete or failed, the audit that keeps
// an unaudited app's posts private, per-token rate limits, public videos
// listed and measured through the Display API, and the authorization-code
// flow with PKCE, refresh-token rotation and revocation on the fake's
// clock. It fails on demand through a netfake.Injector.
package tiktokfake

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// Scopes TikTok grants; each API call needs one.
const (
	ScopeUserInfo = "user.info.basic"
	ScopePublish  = "video.publish"
	ScopeUpload   = "video.upload"
	ScopeList     = "video.list"
)

// defaultMaxSeconds is a registered creator's longest video: the most
// TikTok lets any creator post.
const defaultMaxSeconds = 600

// Server is the fake, served at its root: the API's paths
// (/v2/post/publish/..., /v2/video/..., /v2/oauth/...) and the consent
// page's (/v2/auth/authorize/). Build it with New; set the exported
// fields before it serves requests.
type Server struct {
	// Now is the fake's clock: token expiry, rate-limit windows, the
	// 24-hour caps and the posts' times.
	Now func() time.Time
	// Faults fails requests on demand.
	Faults *netfake.Injector
	// Engagement holds the public videos' figures.
	Engagement netfake.MetricsBook
	// ProcessingReads is how many status reads find a post still
	// PROCESSING_DOWNLOAD before its outcome; ModerationReads is how many
	// more find a public post PUBLISH_COMPLETE without its public id, as
	// TikTok's moderation holds it. Zero: at once.
	ProcessingReads, ModerationReads int
	// DailyPostCap is how many posts an account may make through the API
	// in 24 hours; zero: no cap. TikTok has one and does not publish it.
	DailyPostCap int
	// MediaClient fetches the media a post names (PULL_FROM_URL); the
	// fake follows no redirect, as TikTok does not.
	MediaClient *http.Client
	// AllowHTTP lets media come from http URLs, for a local stack with no
	// TLS; TikTok takes https only.
	AllowHTTP bool
	// AccessTTL and RefreshTTL are how long the OAuth flow's tokens last.
	AccessTTL, RefreshTTL time.Duration

	mux *http.ServeMux

	mu       sync.Mutex
	accounts map[string]*account // by open id
	tokens   map[string]access   // by access token
	refresh  map[string]*grant   // by refresh token
	codes    map[string]*authCode
	app      app
	audited  bool
	verified []string // URL prefixes
	posts    []*Post  // in creation order
	calls    map[limitKey][]time.Time
	seq      int64
}

// The OAuth tokens' lifetimes, as TikTok's token guide gives them (24
// hours and 365 days; a newer revision of it says 2 hours and 180 days:
// Relais reads expires_in, so either works).
const (
	DefaultAccessTTL  = 24 * time.Hour
	DefaultRefreshTTL = 365 * 24 * time.Hour
)

// account is a TikTok creator.
type account struct {
	openID  string
	creator Creator
}

// Creator is what creator_info tells of an account, and what its posts
// may be.
type Creator struct {
	Username, Nickname string
	// Private is a private account, whose posts cannot be
	// PUBLIC_TO_EVERYONE and which takes no duets or stitches.
	Private bool
	// CommentDisabled, DuetDisabled and StitchDisabled are the creator's
	// own settings ("No one").
	CommentDisabled, DuetDisabled, StitchDisabled bool
	// MaxVideoPostDurationSec is the longest video the creator may post.
	MaxVideoPostDurationSec int
	// Banned accounts may not post (spam_risk_user_banned_from_posting).
	Banned bool
}

// grant is one authorization of an account: RegisterAccount's, or the
// OAuth flow's with its current refresh token. Revoking it ends its
// access tokens.
type grant struct {
	openID         string
	scopes         []string
	registered     bool
	refresh        string
	refreshExpires time.Time
	revoked        bool
}

// access is an access token's grant and expiry; a registered token's
// never comes (zero).
type access struct {
	g       *grant
	expires time.Time
}

func (g *grant) hasAny(scopes []string) bool {
	for _, s := range scopes {
		if slices.Contains(g.scopes, s) {
			return true
		}
	}
	return false
}

// New returns a fake with no accounts, no app, no faults, an unaudited
// app and TikTok's token lifetimes.
func New() *Server {
	s := &Server{
		Now:         time.Now,
		Faults:      &netfake.Injector{},
		MediaClient: &http.Client{Timeout: 30 * time.Second},
		AccessTTL:   DefaultAccessTTL,
		RefreshTTL:  DefaultRefreshTTL,
		accounts:    map[string]*account{},
		tokens:      map[string]access{},
		refresh:     map[string]*grant{},
		codes:       map[string]*authCode{},
		calls:       map[limitKey][]time.Time{},
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /v2/post/publish/creator_info/query/", s.api(limitCreatorInfo, s.creatorInfo, ScopePublish))
	s.mux.HandleFunc("POST /v2/post/publish/video/init/", s.api(limitVideoInit, s.videoInit, ScopePublish))
	s.mux.HandleFunc("POST /v2/post/publish/content/init/", s.api(limitContentInit, s.contentInit, ScopePublish))
	s.mux.HandleFunc("POST /v2/post/publish/status/fetch/", s.api(limitStatus, s.statusFetch, ScopePublish, ScopeUpload))
	s.mux.HandleFunc("POST /v2/video/list/", s.api(limitVideoList, s.videoList, ScopeList))
	s.mux.HandleFunc("POST /v2/video/query/", s.api(limitVideoQuery, s.videoQuery, ScopeList))
	s.mux.HandleFunc("GET /v2/auth/authorize/", s.authorize)
	s.mux.HandleFunc("POST /v2/oauth/token/", s.token)
	s.mux.HandleFunc("POST /v2/oauth/revoke/", s.revoke)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, s.logID(), http.StatusNotFound, "not_found", "no resource at "+r.Method+" "+r.URL.Path)
	})
	return s
}

// ServeHTTP serves the API, the consent page and the OAuth endpoints,
// each request through the next injected fault.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.Faults.Wrap(s.mux.ServeHTTP, answers{s}).ServeHTTP(w, r)
}

// RegisterAccount makes a public creator known, with token as an access
// token that has every scope and never expires; registering again
// replaces that token. Tokens the OAuth flow issues for the account work
// alongside it.
func (s *Server) RegisterAccount(openID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[openID]; !ok {
		s.accounts[openID] = &account{openID: openID, creator: Creator{
			Username: openID, Nickname: openID, MaxVideoPostDurationSec: defaultMaxSeconds,
		}}
	}
	for t, a := range s.tokens {
		if a.g.openID == openID && a.g.registered {
			delete(s.tokens, t)
		}
	}
	s.tokens[token] = access{g: &grant{openID: openID, registered: true, scopes: []string{ScopeUserInfo, ScopePublish, ScopeUpload, ScopeList}}}
}

// SetCreator sets what a registered account is and allows.
func (s *Server) SetCreator(openID string, c Creator) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[openID]; ok {
		a.creator = c
	}
}

// SetAudited sets whether the app passed TikTok's audit. Until it does,
// its posts may only be SELF_ONLY, and at most 5 accounts may post
// through it in 24 hours.
func (s *Server) SetAudited(audited bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.audited = audited
}

// VerifyURLPrefix records a URL prefix (https://host/path/) or a domain
// (https://host/) as the app's, as TikTok's developer portal does. Until
// one is verified, the fake takes media from any URL; after, only from
// verified ones (url_ownership_unverified).
func (s *Server) VerifyURLPrefix(prefix string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.verified = append(s.verified, prefix)
}

// api checks a request's token, scope (one of scopes), rate limit and
// content type, in that order, and hands the account on.
func (s *Server) api(limit endpointLimit, h func(http.ResponseWriter, *http.Request, *account), scopes ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		g, a := s.authed(token)
		s.mu.Unlock()
		switch {
		case g == nil:
			writeError(w, s.logID(), http.StatusUnauthorized, codeTokenInvalid, "The access token is invalid or not found in the request.")
		case !g.hasAny(scopes):
			writeError(w, s.logID(), http.StatusUnauthorized, codeScopeNotAuthorized, "The user did not authorize the scope required for completing this request.")
		case !s.take(token, limit):
			writeError(w, s.logID(), http.StatusTooManyRequests, codeRateLimited, "Your request is blocked due to exceeding the API rate limit.")
		case !jsonType(r.Header.Get("Content-Type")):
			// The Display API says invalid_params where the Content
			// Posting API says invalid_param.
			code := codeInvalidParam
			if strings.HasPrefix(r.URL.Path, "/v2/video/") {
				code = codeInvalidParams
			}
			writeError(w, s.logID(), http.StatusBadRequest, code, "Content-Type must be application/json; charset=UTF-8")
		default:
			h(w, r, a)
		}
	}
}

// authed returns the live grant of an access token and its account, or
// nils. Callers hold mu.
func (s *Server) authed(token string) (*grant, *account) {
	if token == "" {
		return nil, nil
	}
	for t, at := range s.tokens {
		if subtle.ConstantTimeCompare([]byte(t), []byte(token)) != 1 {
			continue
		}
		a := s.accounts[at.g.openID]
		if at.g.revoked || a == nil || (!at.expires.IsZero() && !s.Now().Before(at.expires)) {
			return nil, nil
		}
		return at.g, a
	}
	return nil, nil
}

// logID makes a log_id shaped like TikTok's: a UTC time and hex digits.
func (s *Server) logID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return s.Now().UTC().Format("20060102150405") + strings.ToUpper(hex.EncodeToString(b))
}
