package metafake

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

const (
	// limitWindow is the rolling window of Instagram's posts-per-day
	// limit.
	limitWindow = 24 * time.Hour
	// ContainerLife is how long Instagram keeps a container unpublished
	// before it expires.
	ContainerLife = 24 * time.Hour
	// Carousel bounds: 2 to 10 children.
	minChildren, maxChildren = 2, 10
)

// container is an Instagram media container: an image, a Reel, a carousel
// item or a carousel of them, processed over a few status reads, then
// published once, or expired after ContainerLife.
type container struct {
	account, caption string
	// media is an image's or a video's; children are a carousel's.
	media    Media
	item     bool
	children []string
	created  time.Time
	polls    int    // IN_PROGRESS reads left
	end      string // status once processed
	// why is the reason of an ERROR end.
	why       string
	published bool
}

func (c *container) status(now time.Time) string {
	switch {
	case c.published:
		return graph.StatusPublished
	case now.Sub(c.created) >= ContainerLife:
		return graph.StatusExpired
	case c.polls > 0:
		return graph.StatusInProgress
	}
	return c.end
}

// createContainer handles POST /{ig-user-id}/media: an image (image_url,
// alt_text), a Reel (media_type=REELS, video_url), either as a carousel
// item (is_carousel_item=true), or a carousel (media_type=CAROUSEL,
// children), with a caption. Meta fetches the media as it processes the
// container: one it cannot use ends the container in ERROR.
func (s *Server) createContainer(w http.ResponseWriter, q *request) {
	if !s.authorized(w, q, q.node, instagram) {
		return
	}
	p := q.params
	c := &container{account: q.accountID, caption: p.Get("caption"), item: p.Get("is_carousel_item") == "true"}
	if utf8.RuneCountInString(c.caption) > maxCaption {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The caption is too long")
		return
	}
	var r rule
	param := "image_url"
	switch mt := strings.ToUpper(p.Get("media_type")); {
	case mt == "CAROUSEL":
		s.createCarousel(w, q, c)
		return
	case mt == "REELS" && c.item:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Reels cannot appear in carousels")
		return
	case mt == "REELS" && p.Has("alt_text"):
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) alt_text is supported on images, not on reels")
		return
	case mt == "VIDEO" && !c.item:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The VIDEO media type is no longer supported: publish a video as REELS")
		return
	case mt == "REELS" || mt == "VIDEO":
		c.media, r, param = Media{Kind: KindVideo, URL: p.Get("video_url")}, igReel, "video_url"
	case mt == "" || mt == "IMAGE":
		c.media, r = Media{Kind: KindImage, URL: p.Get("image_url"), Alt: p.Get("alt_text")}, igImage
	default:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) media_type must be IMAGE, REELS, CAROUSEL or, for a carousel item, VIDEO")
		return
	}
	if c.media.URL == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The parameter "+param+" is required.")
		return
	}
	got := s.fetch(c.media.URL, r)
	c.media.Bytes = got.bytes
	s.mu.Lock()
	defer s.mu.Unlock()
	c.end, c.why = graph.StatusFinished, got.failed()
	if c.why != "" {
		c.end = graph.StatusError
	}
	s.addContainer(w, c)
}

// createCarousel makes a carousel container of 2 to 10 finished carousel
// items of the account.
func (s *Server) createCarousel(w http.ResponseWriter, q *request, c *container) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, id := range strings.Split(q.params.Get("children"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) < minChildren || len(ids) > maxChildren {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) A carousel takes 2 to 10 children")
		return
	}
	now := s.Now()
	for _, id := range ids {
		ch := s.containers[id]
		switch {
		case ch == nil || ch.account != c.account || !ch.item:
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) children must be carousel item containers of this account")
			return
		case ch.status(now) == graph.StatusInProgress:
			writeError(w, http.StatusBadRequest, codeNotReady, subcodeNotReady, "The media is not ready to be published")
			return
		case ch.status(now) != graph.StatusFinished:
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) A carousel item is "+ch.status(now))
			return
		}
	}
	c.children, c.end = ids, graph.StatusFinished
	s.addContainer(w, c)
}

// addContainer records a new container, processing from now, and answers
// its id. Callers hold mu.
func (s *Server) addContainer(w http.ResponseWriter, c *container) {
	if len(s.containerEnds) > 0 {
		c.end, s.containerEnds = s.containerEnds[0], s.containerEnds[1:]
	}
	c.created, c.polls = s.Now(), s.InProgressPolls
	id := s.nextID()
	s.containers[id] = c
	if c.children == nil {
		c.media.ID = id
		s.uploaded[c.account] = append(s.uploaded[c.account], c.media)
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": id})
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
	st := c.status(s.Now())
	if st == graph.StatusInProgress {
		c.polls--
	}
	out := map[string]string{"id": q.node, "status_code": st}
	switch st {
	case graph.StatusError:
		out["status"] = "Error: the media could not be fetched from its URL"
		if c.why != "" {
			out["status"] = "Error: " + c.why
		}
	case graph.StatusExpired:
		out["status"] = "Expired: the container was not published within 24 hours"
	}
	graphfake.WriteJSON(w, http.StatusOK, out)
}

// publishMedia handles POST /{ig-user-id}/media_publish?creation_id=...
func (s *Server) publishMedia(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, instagram) {
		return
	}
	c := s.containers[q.params.Get("creation_id")]
	switch {
	case c == nil || c.account != q.accountID:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) creation_id is not a container of this account")
		return
	case c.item:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) A carousel item is published within its carousel")
		return
	}
	now := s.Now()
	switch c.status(now) {
	case graph.StatusFinished:
	case graph.StatusPublished:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The container is already published")
		return
	case graph.StatusExpired:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The container expired: it was not published within 24 hours")
		return
	default:
		writeError(w, http.StatusBadRequest, codeNotReady, subcodeNotReady, "The media is not ready to be published")
		return
	}
	n := 0
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
	p := Post{ID: s.nextID(), Message: c.caption, Media: []Media{c.media}}
	if c.children != nil {
		p.Media = make([]Media, len(c.children))
		for i, id := range c.children {
			p.Media[i] = s.containers[id].media
		}
	}
	for _, m := range p.Media {
		if m.Kind == KindImage {
			p.ImageURL = m.URL
			break
		}
	}
	p = s.addPost(q.accountID, p)
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": p.ID})
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
