// Package metafake is a fake of Meta's Graph API for Relais' tests, soak
// test and local stack: Facebook Page posts, photos (published, or
// unpublished then attached to a feed post), videos and Reels (started,
// uploaded by URL at the rupload path on the fake's own host, finished)
// processed over a few status reads, Instagram media containers (images, Reels, carousels
// of 2 to 10 items) processed, expiring after 24 hours and published,
// post listings, comment hiding, deletion and replies, and private
// messages (Messenger, Instagram Direct, private replies to comments)
// within Meta's windows, with Meta's error answers and the faults of
// netfake. With Fetch set, it reads every media URL as Meta does and
// refuses what Meta would. It also serves Facebook Login for one app (see
// RegisterApp): the Login dialog, the code exchange, the long-lived
// exchange, and the Page tokens a person's user token gets.
//
// The Server serves the Graph paths at its root, with or without a version
// segment (/v21.0/{page-id}/feed and /{page-id}/feed alike). To put it
// under a prefix, mount it with http.StripPrefix: its paging links keep
// the prefix.
package metafake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/netfake/oauthfake"
)

// Meta's documented limits the fake applies.
const (
	// DuplicateWindow is how long a page refuses the same message again.
	DuplicateWindow = 24 * time.Hour
	// InstagramDailyLimit is the most media one Instagram account publishes
	// in a rolling 24 hours.
	InstagramDailyLimit = 50
	// maxCaption is Instagram's longest caption, in characters.
	maxCaption = 2200
)

// Post is what an account published, as the fake stores it.
type Post struct {
	ID      string
	Account string
	// Message is a Page post's message, or a photo's or an Instagram
	// media's caption.
	Message string
	Link    string
	// ImageURL is the first image's URL; Media holds every image and
	// video, in order.
	ImageURL  string
	Media     []Media
	CreatedAt time.Time
}

// Server is the fake Graph API. Its exported fields are set before use.
type Server struct {
	// Faults are applied to every API request, answered in Meta's shapes.
	Faults *netfake.Injector
	// Now gives the time posts are made at; it defaults to time.Now.
	Now func() time.Time
	// InProgressPolls is how many status reads a new Instagram container
	// answers IN_PROGRESS before it is FINISHED; VideoPolls how many a new
	// Page video answers processing before it is ready.
	InProgressPolls int
	VideoPolls      int
	// Fetch, when set, is how the fake reads media URLs, as Meta does
	// before it takes them; nil takes every URL as given.
	Fetch *http.Client
	// DailyLimit is the most media an Instagram account publishes in 24
	// hours (InstagramDailyLimit by default).
	DailyLimit int
	// MaxLimit caps a list page, whatever limit the caller asks (100).
	MaxLimit int
	// ThrottleMinutes is the estimated_time_to_regain_access that injected
	// rate limits announce (1).
	ThrottleMinutes int
	// Engagement holds the posts' and media's figures.
	Engagement netfake.MetricsBook

	mu         sync.Mutex
	accounts   map[string]*account
	posts      map[string][]Post
	containers map[string]*container
	photos     map[string]*photo
	videos     map[string]*video
	reels      map[string]*reel
	uploaded   map[string][]Media
	comments   map[string]*comment
	customers  map[customerKey]*customer
	messages   []Message
	// containerEnds and videoEnds are the final statuses of the next
	// containers and Page videos.
	containerEnds []string
	videoEnds     []string
	seq           int

	// onPosts are the top-level comments on each post, by post id.
	onPosts map[string][]PostComment

	// Facebook Login, under mu: the app and its authorization server,
	// served by oauthHandler, and the Page tokens user tokens got, by
	// hash.
	appID        string
	oauth        *oauthfake.Server
	oauthHandler http.Handler
	pageTokens   map[[32]byte]*pageAccess
}

type kind int

const (
	page kind = iota + 1
	instagram
)

type account struct {
	kind    kind
	token   string
	expired bool
}

type comment struct {
	account string
	// parent is the comment a reply answers, "" for a top-level comment.
	parent  string
	message string
	hidden  bool
	deleted bool
	// replies are the ids of the account's answers, in order.
	replies []string
	// created starts the private-reply window; privateReply is the id of
	// the one private reply it got.
	created      time.Time
	privateReply string
}

// New returns a fake with no accounts, and the app DefaultAppID.
func New() *Server {
	s := &Server{
		Faults:          &netfake.Injector{},
		Now:             time.Now,
		DailyLimit:      InstagramDailyLimit,
		MaxLimit:        100,
		ThrottleMinutes: 1,
		accounts:        map[string]*account{},
		posts:           map[string][]Post{},
		containers:      map[string]*container{},
		photos:          map[string]*photo{},
		videos:          map[string]*video{},
		reels:           map[string]*reel{},
		uploaded:        map[string][]Media{},
		comments:        map[string]*comment{},
		customers:       map[customerKey]*customer{},
		pageTokens:      map[[32]byte]*pageAccess{},
	}
	s.RegisterApp(DefaultAppID, DefaultAppSecret)
	return s
}

// RegisterPage creates a Facebook Page, or replaces its token.
func (s *Server) RegisterPage(pageID, token string) { s.register(pageID, token, page) }

// RegisterInstagram creates an Instagram account, or replaces its token.
func (s *Server) RegisterInstagram(igUserID, token string) { s.register(igUserID, token, instagram) }

// register also lets the account's person consent to the app.
func (s *Server) register(id, token string, k kind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts[id] = &account{kind: k, token: token}
	s.oauth.AddAccount(id)
}

// ExpireToken makes an account's token answer as expired (code 190,
// subcode 463) until the account is registered again.
func (s *Server) ExpireToken(accountID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[accountID]; a != nil {
		a.expired = true
	}
}

// Posts returns what an account published, in order.
func (s *Server) Posts(accountID string) []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts[accountID]...)
}

// Uploaded returns every image and video an account handed Meta, in
// order: a Page's photos and videos, an Instagram account's image and
// video containers (carousels aside), published or not.
func (s *Server) Uploaded(accountID string) []Media {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Media(nil), s.uploaded[accountID]...)
}

// AddComment puts a comment on an account's post, made now, so that it
// can be moderated and answered.
func (s *Server) AddComment(accountID, commentID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.comments[commentID] = &comment{account: accountID, created: s.Now()}
}

// Hidden reports whether a comment is hidden.
func (s *Server) Hidden(commentID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.comments[commentID]
	return c != nil && c.hidden
}

// FailNextContainers makes the next n Instagram containers end with status
// (ERROR or EXPIRED) instead of FINISHED.
func (s *Server) FailNextContainers(n int, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.containerEnds = append(s.containerEnds, status)
	}
}

// FailNextVideos makes the next n Page videos fail their processing
// (video_status error) instead of becoming ready.
func (s *Server) FailNextVideos(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < n; i++ {
		s.videoEnds = append(s.videoEnds, videoError)
	}
}

// nextID returns a fresh numeric id. Callers hold mu.
func (s *Server) nextID() string {
	s.seq++
	return strconv.Itoa(17840000 + s.seq)
}

var version = regexp.MustCompile(`^v[0-9]+\.[0-9]+$`)

// ServeHTTP serves the Login dialog, a person's page that faults spare,
// then the Graph API and its token endpoint, faults first.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := unversioned(r.URL.Path); r.Method == http.MethodGet && p == AuthPath {
		s.serveOAuth(w, r, p)
		return
	}
	s.Faults.Wrap(s.route, answers{s})(w, r)
}

// unversioned is a path without its version segment.
func unversioned(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) > 0 && version.MatchString(parts[0]) {
		parts = parts[1:]
	}
	return "/" + strings.Join(parts, "/")
}

// request is one API request: its node, edge, parameters and token.
type request struct {
	r          *http.Request
	node, edge string
	params     url.Values
	token      string
	accountID  string // set by authorize
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if p := unversioned(r.URL.Path); p == TokenPath {
		s.serveOAuth(w, r, p)
		return
	}
	params, err := graphfake.ReadParams(r, param)
	if err != nil {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) cannot read the parameters")
		return
	}
	if id, ok := reelOf(r.URL.Path); ok {
		s.uploadReel(w, &request{r: r, node: id, params: params, token: graphfake.TokenOf(r, params)})
		return
	}
	node, edge, ok := graphfake.Path(r.URL.Path)
	q := &request{r: r, node: node, edge: edge, params: params, token: graphfake.TokenOf(r, params)}
	if !ok {
		unsupported(w, r.Method, q.node)
		return
	}
	switch {
	case r.Method == http.MethodGet && q.node == "me" && q.edge == "accounts":
		s.meAccounts(w, q)
	case r.Method == http.MethodGet && q.node == "me" && q.edge == "":
		s.me(w, q)
	case r.Method == http.MethodDelete && q.node == "me" && q.edge == "permissions":
		s.removeApp(w, q)
	case r.Method == http.MethodGet && q.edge == "" && wantsField(params.Get("fields"), "access_token"):
		s.readPageToken(w, q)
	case r.Method == http.MethodPost && q.edge == "feed":
		s.publishFeed(w, q)
	case r.Method == http.MethodPost && q.edge == "photos":
		s.publishPhoto(w, q)
	case r.Method == http.MethodPost && q.edge == "videos":
		s.publishVideo(w, q)
	case r.Method == http.MethodPost && q.edge == "video_reels":
		s.videoReels(w, q)
	case r.Method == http.MethodGet && (q.edge == "posts" || q.edge == "feed" || q.edge == "published_posts"):
		s.listPosts(w, q)
	case r.Method == http.MethodPost && q.edge == "media":
		s.createContainer(w, q)
	case r.Method == http.MethodPost && q.edge == "media_publish":
		s.publishMedia(w, q)
	case r.Method == http.MethodGet && q.edge == "media":
		s.listMedia(w, q)
	case r.Method == http.MethodGet && q.edge == "insights":
		s.insights(w, q)
	case r.Method == http.MethodGet && q.edge == "" && s.isVideo(q.node) && strings.Contains(params.Get("fields"), "status"):
		s.readVideo(w, q)
	case r.Method == http.MethodGet && q.edge == "" && s.isPost(q.node):
		s.postFields(w, q)
	case r.Method == http.MethodGet && q.edge == "":
		s.readContainer(w, q)
	case r.Method == http.MethodPost && q.edge == "":
		s.hideComment(w, q)
	case r.Method == http.MethodDelete && q.edge == "":
		s.deleteComment(w, q)
	case q.edge == "comments" && s.isPost(q.node):
		s.onPost(w, q)
	case r.Method == http.MethodPost && (q.edge == "comments" || q.edge == "replies"):
		s.replyToComment(w, q)
	case r.Method == http.MethodPost && q.edge == "messages":
		s.sendMessage(w, q)
	default:
		unsupported(w, r.Method, q.node)
	}
}

// param spells a JSON body's value as a parameter: an object or list as
// its JSON, as a form would carry it (recipient={"id":"..."}).
func param(x any) (string, bool) {
	switch x := x.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case json.Number:
		return x.String(), true
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b), true
	}
	return "", false
}

// authorize checks the token against the account owning the request's
// object and answers when it fails: an account's registered token, a
// Page token for its Page, or a person's user token for their Instagram
// account. Callers hold mu.
func (s *Server) authorize(w http.ResponseWriter, q *request, accountID string, want kind) bool {
	a := s.accounts[accountID]
	if q.token == "" {
		writeError(w, http.StatusBadRequest, codeToken, 0, "An active access token must be used to query information about the current user.")
		return false
	}
	h, bad := s.tokenHolder(q.token, accountID)
	if bad != nil {
		writeError(w, http.StatusBadRequest, codeToken, bad.subcode, bad.message)
		return false
	}
	if a == nil || a.kind != want || h.account != accountID {
		// Meta answers alike for an object that does not exist and one the
		// token cannot see.
		unsupported(w, q.r.Method, q.node)
		return false
	}
	if h.user && a.kind == page {
		// The fake's wording: a Page acts with its own token.
		writeError(w, http.StatusBadRequest, codePageTokenNeeded, 0, "(#200) A Page access token is required to act as the Page")
		return false
	}
	if h.registered && a.expired {
		writeError(w, http.StatusBadRequest, codeToken, subcodeExpired, "Error validating access token: Session has expired.")
		return false
	}
	q.accountID = accountID
	return true
}

// authorized is authorize for a handler that does not hold mu.
func (s *Server) authorized(w http.ResponseWriter, q *request, accountID string, want kind) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authorize(w, q, accountID, want)
}

// listPage answers one page of items, newest first, with Graph's
// cursor paging. The cursor is the offset; Graph's are opaque.
func (s *Server) listPage(w http.ResponseWriter, q *request, items []map[string]any) {
	limit := s.MaxLimit
	if n, err := strconv.Atoi(q.params.Get("limit")); err == nil && n > 0 && n < limit {
		limit = n
	}
	from, _ := strconv.Atoi(q.params.Get("after"))
	from = min(max(from, 0), len(items))
	to := min(from+limit, len(items))
	out := map[string]any{"data": append([]map[string]any{}, items[from:to]...)}
	if to < len(items) {
		out["paging"] = map[string]any{
			"cursors": map[string]string{"before": strconv.Itoa(from), "after": strconv.Itoa(to)},
			"next":    nextLink(q, strconv.Itoa(to)),
		}
	}
	graphfake.WriteJSON(w, http.StatusOK, out)
}

// nextLink is the absolute URL of the next page. Like Meta's, it repeats
// the parameters, the token among them. It is built from the request URI
// so that it keeps a prefix http.StripPrefix removed.
func nextLink(q *request, after string) string {
	u, _ := url.ParseRequestURI(q.r.RequestURI)
	v := url.Values{}
	for k, x := range q.params {
		v[k] = x
	}
	v.Set("access_token", q.token)
	v.Set("after", after)
	scheme := "http"
	if q.r.TLS != nil {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: q.r.Host, Path: u.Path, RawQuery: v.Encode()}).String()
}

// graphTime formats a time as Graph does: 2026-11-20T09:00:00+0000.
func graphTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }
