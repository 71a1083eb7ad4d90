package linkedinfake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	orgPrefix = "urn:li:organization:"
	// maxCommentary is LinkedIn's limit, in characters as readers see them.
	maxCommentary = 3000
	// duplicateWindow is how long LinkedIn refuses the same commentary
	// again on a page.
	duplicateWindow = 24 * time.Hour
	// firstPostID makes post URNs look like LinkedIn's long ids.
	firstPostID = 7260000000000000000
	// maxBody bounds what the fake reads from one request.
	maxBody = 1 << 20
)

// Post is a post as the fake stores it.
type Post struct {
	// ID is the post's URN, urn:li:share:N.
	ID    string
	OrgID string
	// Commentary is the text as sent, in LinkedIn's little text format.
	Commentary string
	Visibility string
	CreatedAt  time.Time
}

// Posts returns an organization's posts (by id or URN), oldest first.
func (s *Server) Posts(orgID string) []Post {
	orgID = strings.TrimPrefix(orgID, orgPrefix)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Post
	for _, p := range s.posts {
		if p.OrgID == orgID {
			out = append(out, p)
		}
	}
	return out
}

// newPost is the body of POST /rest/posts.
type newPost struct {
	Author         string `json:"author"`
	Commentary     string `json:"commentary"`
	Visibility     string `json:"visibility"`
	LifecycleState string `json:"lifecycleState"`
	Distribution   *struct {
		FeedDistribution string `json:"feedDistribution"`
	} `json:"distribution"`
}

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	var np newPost
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err == nil {
		err = json.Unmarshal(b, &np)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the body is not a JSON post")
		return
	}
	orgID, ok := parseOrg(np.Author)
	switch {
	case !ok:
		writeInputError(w, "INVALID_VALUE", "/author", "want an organization URN, got %q", np.Author)
		return
	case !s.canAct(bearer(r), orgID):
		writeJSON(w, http.StatusForbidden, errorBody{Status: http.StatusForbidden, ServiceErrorCode: 100, Code: "ACCESS_DENIED",
			Message: "not enough permissions to post as " + np.Author})
		return
	}
	if field, why := invalid(np); field != "" {
		writeInputError(w, "INVALID_VALUE", field, "%s", why)
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now().UTC()
	for _, p := range s.posts {
		if p.OrgID == orgID && p.Commentary == np.Commentary && now.Sub(p.CreatedAt) < duplicateWindow {
			writeInputError(w, "DUPLICATE_POST", "/commentary", "content is a duplicate of %s", p.ID)
			return
		}
	}
	s.seq++
	p := Post{ID: fmt.Sprintf("urn:li:share:%d", firstPostID+s.seq), OrgID: orgID, Commentary: np.Commentary, Visibility: np.Visibility, CreatedAt: now}
	s.posts = append(s.posts, p)
	w.Header().Set("X-RestLi-Id", p.ID)
	w.WriteHeader(http.StatusCreated)
}

// invalid returns the first field LinkedIn would refuse, and why.
func invalid(np newPost) (field, why string) {
	switch {
	case np.Distribution == nil || np.Distribution.FeedDistribution == "":
		return "/distribution", "field is required"
	case np.Visibility != "PUBLIC" && np.Visibility != "CONNECTIONS" && np.Visibility != "LOGGED_IN":
		return "/visibility", "want PUBLIC, CONNECTIONS or LOGGED_IN"
	case np.LifecycleState != "PUBLISHED":
		return "/lifecycleState", "the fake only makes PUBLISHED posts"
	case strings.TrimSpace(np.Commentary) == "":
		return "/commentary", "a post without media needs commentary"
	case visibleLength(np.Commentary) > maxCommentary:
		return "/commentary", fmt.Sprintf("longer than %d characters", maxCommentary)
	}
	return "", ""
}

// visibleLength counts characters as readers see them: an escape and the
// character it escapes count once.
func visibleLength(little string) int {
	return utf8.RuneCountInString(little) - strings.Count(little, `\`) + strings.Count(little, `\\`)
}

// listed is one post in a list answer.
type listed struct {
	ID             string `json:"id"`
	Author         string `json:"author"`
	Commentary     string `json:"commentary"`
	Visibility     string `json:"visibility"`
	LifecycleState string `json:"lifecycleState"`
	CreatedAt      int64  `json:"createdAt"`
	PublishedAt    int64  `json:"publishedAt"`
	LastModifiedAt int64  `json:"lastModifiedAt"`
}

// listPosts handles GET /rest/posts?q=author&author=URN&count&start&sortBy,
// newest first. Posts are never edited, so both sorts agree.
func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orgID, ok := parseOrg(q.Get("author"))
	count, cerr := intParam(q.Get("count"), 10)
	start, serr := intParam(q.Get("start"), 0)
	switch sort := q.Get("sortBy"); {
	case q.Get("q") != "author":
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the only finder is q=author")
		return
	case !ok:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "author must be an organization URN")
		return
	case cerr != nil || count < 1 || count > 100 || serr != nil || start < 0:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "count must be 1 to 100 and start 0 or more")
		return
	case sort != "" && sort != "LAST_MODIFIED" && sort != "CREATED":
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "sortBy must be LAST_MODIFIED or CREATED")
		return
	case !s.canAct(bearer(r), orgID):
		writeJSON(w, http.StatusForbidden, errorBody{Status: http.StatusForbidden, ServiceErrorCode: 100, Code: "ACCESS_DENIED",
			Message: "not enough permissions to read the posts of " + orgPrefix + orgID})
		return
	}
	posts := s.Posts(orgID)
	slices.SortStableFunc(posts, func(a, b Post) int { return cmp.Compare(b.CreatedAt.UnixNano(), a.CreatedAt.UnixNano()) })
	if netfake.Stale(r) && len(posts) > 0 {
		posts = posts[1:]
	}
	total := len(posts)
	posts = posts[min(start, total):min(start+count, total)]
	elements := make([]listed, len(posts))
	for i, p := range posts {
		ms := p.CreatedAt.UnixMilli()
		elements[i] = listed{ID: p.ID, Author: orgPrefix + p.OrgID, Commentary: p.Commentary, Visibility: p.Visibility,
			LifecycleState: "PUBLISHED", CreatedAt: ms, PublishedAt: ms, LastModifiedAt: ms}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"paging":   map[string]int{"start": start, "count": count, "total": total},
		"elements": elements,
	})
}

func parseOrg(urn string) (string, bool) {
	id, ok := strings.CutPrefix(urn, orgPrefix)
	if !ok || id == "" || strings.Trim(id, "0123456789") != "" {
		return "", false
	}
	return id, true
}

func intParam(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	return strconv.Atoi(v)
}
