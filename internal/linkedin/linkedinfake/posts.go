package linkedinfake

import (
	"cmp"
	"fmt"
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
	// maxAltText is the Posts API's limit on a media's alternative text.
	maxAltText = 4086
	// minImages and maxImages bound a multiImage post's images.
	minImages, maxImages = 2, 20
)

// Post is a post as the fake stores it.
type Post struct {
	// ID is the post's URN, urn:li:share:N.
	ID    string
	OrgID string
	// Commentary is the text as sent, in LinkedIn's little text format.
	Commentary string
	Visibility string
	// Media is the post's one image or video (content.media); its ID is
	// empty for a text post or a multiImage one.
	Media Media
	// Images are a multiImage post's images, in order.
	Images    []Media
	CreatedAt time.Time
}

// Media is an image or video as a post's content names it: its URN, its
// alternative text and, for a video, its title.
type Media struct {
	ID      string `json:"id"`
	Title   string `json:"title,omitempty"`
	AltText string `json:"altText,omitempty"`
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
	Content *postContent `json:"content,omitempty"`
}

// postContent is a post's content: one image or video, or several
// images.
type postContent struct {
	Media      *Media      `json:"media,omitempty"`
	MultiImage *multiImage `json:"multiImage,omitempty"`
}

type multiImage struct {
	Images []Media `json:"images"`
}

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	var np newPost
	if !readJSON(w, r, &np, "a JSON post") {
		return
	}
	orgID, ok := parseOrg(np.Author)
	switch {
	case !ok:
		writeInputError(w, "INVALID_VALUE", "/author", "want an organization URN, got %q", np.Author)
		return
	case !s.canAct(bearer(r), orgID):
		writeDenied(w, "not enough permissions to post as "+np.Author)
		return
	}
	if field, why := invalid(np); field != "" {
		writeInputError(w, "INVALID_VALUE", field, "%s", why)
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	var m Media
	var images []Media
	switch c := np.Content; {
	case c == nil:
	case c.Media != nil:
		m = *c.Media
		if why := s.postMedia(orgID, m.ID); why != "" {
			writeInputError(w, "INVALID_VALUE", "/content/media/id", "%s", why)
			return
		}
	default:
		images = c.MultiImage.Images
		for i, img := range images {
			if why := s.postImage(orgID, img.ID); why != "" {
				writeInputError(w, "INVALID_VALUE", fmt.Sprintf("/content/multiImage/images/%d/id", i), "%s", why)
				return
			}
		}
	}
	now := s.Now().UTC()
	for _, p := range s.posts {
		if p.OrgID == orgID && p.Commentary == np.Commentary && now.Sub(p.CreatedAt) < duplicateWindow {
			writeInputError(w, "DUPLICATE_POST", "/commentary", "content is a duplicate of %s", p.ID)
			return
		}
	}
	s.seq++
	p := Post{ID: fmt.Sprintf("urn:li:share:%d", firstPostID+s.seq), OrgID: orgID, Commentary: np.Commentary, Visibility: np.Visibility, Media: m, Images: images, CreatedAt: now}
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
	case np.Content == nil && strings.TrimSpace(np.Commentary) == "":
		return "/commentary", "a post without media needs commentary"
	case visibleLength(np.Commentary) > maxCommentary:
		return "/commentary", fmt.Sprintf("longer than %d characters", maxCommentary)
	case np.Content != nil:
		return invalidContent(*np.Content)
	}
	return "", ""
}

// invalidContent returns the first field of a post's content LinkedIn
// would refuse, and why: the content is one media, or 2 to 20 images,
// each named and described within the Posts API's limit.
func invalidContent(c postContent) (field, why string) {
	var media []Media
	var path string
	switch {
	case (c.Media == nil) == (c.MultiImage == nil):
		return "/content", "a post's content is one of media or multiImage"
	case c.Media != nil:
		media, path = []Media{*c.Media}, "/content/media"
	case len(c.MultiImage.Images) < minImages || len(c.MultiImage.Images) > maxImages:
		return "/content/multiImage/images", fmt.Sprintf("a multiImage post has %d to %d images, not %d", minImages, maxImages, len(c.MultiImage.Images))
	default:
		media = c.MultiImage.Images
	}
	for i, m := range media {
		at := path
		if at == "" {
			at = fmt.Sprintf("/content/multiImage/images/%d", i)
		}
		switch {
		case m.ID == "":
			return at + "/id", "field is required"
		case utf8.RuneCountInString(m.AltText) > maxAltText:
			return at + "/altText", fmt.Sprintf("longer than %d characters", maxAltText)
		}
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
	// Content is the post's media, absent for a text post.
	Content *postContent `json:"content,omitempty"`
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
		writeDenied(w, "not enough permissions to read the posts of "+orgPrefix+orgID)
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
		switch {
		case p.Media.ID != "":
			elements[i].Content = &postContent{Media: &p.Media}
		case len(p.Images) > 0:
			elements[i].Content = &postContent{MultiImage: &multiImage{Images: p.Images}}
		}
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
