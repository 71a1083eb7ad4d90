package metafake

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// publishFeed handles POST /{page-id}/feed: message and an optional link.
func (s *Server) publishFeed(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, page) {
		return
	}
	msg, link := q.params.Get("message"), q.params.Get("link")
	if strings.TrimSpace(msg) == "" && link == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) A message or a link is required")
		return
	}
	now := s.Now()
	for _, p := range s.posts[q.accountID] {
		if msg != "" && p.Message == msg && now.Sub(p.CreatedAt) < DuplicateWindow {
			writeError(w, http.StatusBadRequest, codeDuplicate, 0, "(#506) Duplicate status message")
			return
		}
	}
	p := s.addPost(q.accountID, Post{ID: q.accountID + "_" + s.nextID(), Message: msg, Link: link})
	writeJSON(w, http.StatusOK, map[string]string{"id": p.ID})
}

// publishPhoto handles POST /{page-id}/photos: an image by url and its
// caption. It answers the photo's id and the post's.
func (s *Server) publishPhoto(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, page) {
		return
	}
	img := q.params.Get("url")
	if img == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The parameter url is required")
		return
	}
	photoID := s.nextID()
	p := s.addPost(q.accountID, Post{ID: q.accountID + "_" + s.nextID(), Message: q.params.Get("caption"), ImageURL: img})
	writeJSON(w, http.StatusOK, map[string]string{"id": photoID, "post_id": p.ID})
}

// listPosts handles GET /{page-id}/posts: id, message and created_time of
// the posts made at or after since (unix seconds), newest first.
func (s *Server) listPosts(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, page) {
		return
	}
	var since time.Time
	if v := q.params.Get("since"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) since must be a unix time")
			return
		}
		since = time.Unix(n, 0)
	}
	posts := s.posts[q.accountID]
	if netfake.Stale(q.r) && len(posts) > 0 {
		posts = posts[:len(posts)-1]
	}
	var items []map[string]any
	for i := len(posts) - 1; i >= 0; i-- {
		p := posts[i]
		if p.CreatedAt.Before(since) {
			continue
		}
		item := map[string]any{"id": p.ID, "created_time": graphTime(p.CreatedAt)}
		if p.Message != "" {
			item["message"] = p.Message
		}
		items = append(items, item)
	}
	s.listPage(w, q, items)
}

// addPost records a post made now. Callers hold mu.
func (s *Server) addPost(accountID string, p Post) Post {
	p.Account, p.CreatedAt = accountID, s.Now()
	s.posts[accountID] = append(s.posts[accountID], p)
	return p
}
