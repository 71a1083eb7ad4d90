package metafake

import (
	"net/http"
	"time"
	"unicode/utf8"
)

// Container statuses, as Meta names them.
const (
	statusInProgress = "IN_PROGRESS"
	statusFinished   = "FINISHED"
	statusError      = "ERROR"
	statusExpired    = "EXPIRED"
	statusPublished  = "PUBLISHED"
)

// limitWindow is the rolling window of Instagram's posts-per-day limit.
const limitWindow = 24 * time.Hour

// container is an Instagram media container: processed over a few status
// reads, then published once.
type container struct {
	account, caption, image string
	polls                   int    // IN_PROGRESS reads left
	end                     string // status once processed
	published               bool
}

func (c *container) status() string {
	switch {
	case c.published:
		return statusPublished
	case c.polls > 0:
		return statusInProgress
	}
	return c.end
}

// createContainer handles POST /{ig-user-id}/media: image_url (or
// video_url) and caption.
func (s *Server) createContainer(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, instagram) {
		return
	}
	img := q.params.Get("image_url")
	if img == "" {
		img = q.params.Get("video_url")
	}
	if img == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The parameter image_url is required.")
		return
	}
	caption := q.params.Get("caption")
	if utf8.RuneCountInString(caption) > maxCaption {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The caption is too long")
		return
	}
	end := statusFinished
	if len(s.containerEnds) > 0 {
		end, s.containerEnds = s.containerEnds[0], s.containerEnds[1:]
	}
	id := s.nextID()
	s.containers[id] = &container{account: q.accountID, caption: caption, image: img, polls: s.InProgressPolls, end: end}
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

// readContainer handles GET /{container-id}?fields=status_code,status.
// Each read of a container in progress brings it closer to its end.
func (s *Server) readContainer(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.containers[q.node]
	if c == nil {
		if q.token == "" {
			writeError(w, http.StatusBadRequest, codeToken, 0, "An active access token must be used to query information about the current user.")
			return
		}
		unsupported(w, q.r.Method, q.node)
		return
	}
	if !s.authorize(w, q, c.account, instagram) {
		return
	}
	st := c.status()
	if st == statusInProgress {
		c.polls--
	}
	out := map[string]string{"id": q.node, "status_code": st}
	switch st {
	case statusError:
		out["status"] = "Error: the media could not be fetched from its URL"
	case statusExpired:
		out["status"] = "Expired: the container was not published within 24 hours"
	}
	writeJSON(w, http.StatusOK, out)
}

// publishMedia handles POST /{ig-user-id}/media_publish?creation_id=...
func (s *Server) publishMedia(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, instagram) {
		return
	}
	c := s.containers[q.params.Get("creation_id")]
	if c == nil || c.account != q.accountID {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) creation_id is not a container of this account")
		return
	}
	switch c.status() {
	case statusFinished:
	case statusPublished:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The container is already published")
		return
	default:
		writeError(w, http.StatusBadRequest, codeNotReady, subcodeNotReady, "The media is not ready to be published")
		return
	}
	now, n := s.Now(), 0
	for _, p := range s.posts[q.accountID] {
		if now.Sub(p.CreatedAt) < limitWindow {
			n++
		}
	}
	if n >= s.DailyLimit {
		writeError(w, http.StatusBadRequest, codeLimit, subcodeLimit, "The account reached the maximum number of posts allowed in 24 hours")
		return
	}
	c.published = true
	p := s.addPost(q.accountID, Post{ID: s.nextID(), Message: c.caption, ImageURL: c.image})
	writeJSON(w, http.StatusOK, map[string]string{"id": p.ID})
}

// listMedia handles GET /{ig-user-id}/media: id, caption and timestamp,
// newest first.
func (s *Server) listMedia(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, instagram) {
		return
	}
	posts := s.posts[q.accountID]
	items := make([]map[string]any, 0, len(posts))
	for i := len(posts) - 1; i >= 0; i-- {
		p := posts[i]
		item := map[string]any{"id": p.ID, "timestamp": graphTime(p.CreatedAt)}
		if p.Message != "" {
			item["caption"] = p.Message
		}
		items = append(items, item)
	}
	s.listPage(w, q, items)
}
