package threadsfake

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/meta/graph"
	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// containerLife is how long an unpublished container lives.
const containerLife = 24 * time.Hour

// Carousels take 2 to 20 items.
const (
	minChildren = 2
	maxChildren = 20
)

// container is a media container: processed over a few status reads,
// then published once.
type container struct {
	id, account  string
	mediaType    string // TEXT, IMAGE, VIDEO or CAROUSEL
	text         string
	item         Item
	carouselItem bool
	children     []string
	replyTo      string
	reads        int    // IN_PROGRESS reads left
	failure      string // error_message once processed, "" when it succeeds
	made         time.Time
	published    string // the media id once published
}

func (c *container) status(now time.Time) string {
	switch {
	case c.published != "":
		return graph.StatusPublished
	case now.Sub(c.made) >= containerLife:
		return graph.StatusExpired
	case c.reads > 0:
		return graph.StatusInProgress
	case c.failure != "":
		return graph.StatusError
	}
	return graph.StatusFinished
}

// createContainer handles POST /{user-id}/threads: a TEXT, IMAGE, VIDEO
// or CAROUSEL container, a carousel item (is_carousel_item=true), or a
// reply (reply_to_id). Callers hold mu.
func (s *Server) createContainer(w http.ResponseWriter, q *request) {
	p := q.params
	replyTo := p.Get("reply_to_id")
	scopes := []string{"threads_basic", "threads_content_publish"}
	if replyTo != "" {
		scopes = append(scopes, "threads_manage_replies")
	}
	if !allowed(w, q, scopes...) {
		return
	}
	c := &container{
		account: q.node, mediaType: p.Get("media_type"), text: p.Get("text"),
		carouselItem: p.Get("is_carousel_item") == "true", replyTo: replyTo, made: s.Now(),
	}
	c.item = Item{Type: c.mediaType, URL: p.Get("image_url") + p.Get("video_url"), Alt: p.Get("alt_text")}
	if why := invalidContainer(c, p.Get("image_url"), p.Get("video_url")); why != "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, why)
		return
	}
	if c.mediaType == "CAROUSEL" {
		c.children = strings.Split(p.Get("children"), ",")
		if len(c.children) < minChildren || len(c.children) > maxChildren {
			writeError(w, http.StatusBadRequest, codeInvalid, 0, fmt.Sprintf("(#100) A carousel takes %d to %d children, not %d", minChildren, maxChildren, len(c.children)))
			return
		}
		for _, id := range c.children {
			child := s.containers[id]
			switch {
			case child == nil || child.account != q.node || child.status(s.Now()) != graph.StatusFinished:
				notFound(w, id)
				return
			case !child.carouselItem:
				writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Child "+id+" is not a carousel item")
				return
			}
		}
	}
	if replyTo != "" && s.find(replyTo) == nil {
		notFound(w, replyTo)
		return
	}
	if c.mediaType == "VIDEO" {
		c.reads = s.ProcessingReads
	}
	if c.mediaType != "TEXT" && len(s.failNext) > 0 {
		c.failure, s.failNext = s.failNext[0], s.failNext[1:]
	}
	c.id = s.nextID()
	s.containers[c.id] = c
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": c.id})
}

// invalidContainer returns why Threads refuses a container's parameters,
// or "".
func invalidContainer(c *container, imageURL, videoURL string) string {
	switch {
	case c.mediaType != "TEXT" && c.mediaType != "IMAGE" && c.mediaType != "VIDEO" && c.mediaType != "CAROUSEL":
		return "(#100) Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}"
	case textLength(c.text) > maxText:
		return fmt.Sprintf("(#100) Param text must be at most %d characters long", maxText)
	case links(c.text) > maxLinks:
		return fmt.Sprintf("THREADS_API__LINK_LIMIT_EXCEEDED: a post takes %d links at most", maxLinks)
	case utf8.RuneCountInString(c.item.Alt) > maxAltText:
		return fmt.Sprintf("(#100) Param alt_text must be at most %d characters long", maxAltText)
	case c.mediaType == "TEXT" && strings.TrimSpace(c.text) == "":
		return "(#100) Param text is required for a TEXT post"
	case c.mediaType == "TEXT" && (c.item.URL != "" || c.item.Alt != "" || c.carouselItem):
		return "(#100) A TEXT post carries no media, alt text or carousel"
	case c.mediaType == "IMAGE" && (!validURL(imageURL) || videoURL != ""):
		return "(#100) Param image_url must be a valid URL"
	case c.mediaType == "VIDEO" && (!validURL(videoURL) || imageURL != ""):
		return "(#100) Param video_url must be a valid URL"
	case c.mediaType == "CAROUSEL" && (c.carouselItem || c.item.URL != "" || c.item.Alt != ""):
		return "(#100) A CAROUSEL container carries its media as children"
	case c.carouselItem && c.replyTo != "":
		return "(#100) A carousel item answers nothing: its carousel does"
	}
	return ""
}

// readObject handles GET /{id}: a container's id, status and, when it
// failed, error_message; or a published media's fields. Callers hold mu.
func (s *Server) readObject(w http.ResponseWriter, q *request) {
	if !allowed(w, q, "threads_basic") {
		return
	}
	fields := q.params.Get("fields")
	if c := s.containers[q.node]; c != nil && c.account == q.grant.account {
		out := map[string]string{"id": c.id}
		st := c.status(s.Now())
		if st == graph.StatusInProgress {
			c.reads--
		}
		if fields == "" || strings.Contains(fields, "status") {
			out["status"] = st
		}
		if st == graph.StatusError && strings.Contains(fields, "error_message") {
			out["error_message"] = c.failure
		}
		graphfake.WriteJSON(w, http.StatusOK, out)
		return
	}
	if m := s.find(q.node); m != nil {
		graphfake.WriteJSON(w, http.StatusOK, m.fields(fields))
		return
	}
	unsupported(w, q.r.Method, q.node)
}

// publish handles POST /{user-id}/threads_publish?creation_id=: the
// container becomes a post, or a reply, within the account's limits.
// Callers hold mu.
func (s *Server) publish(w http.ResponseWriter, q *request) {
	if !allowed(w, q, "threads_basic", "threads_content_publish") {
		return
	}
	id := q.params.Get("creation_id")
	c := s.containers[id]
	if id == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Param creation_id is required")
		return
	}
	if c == nil || c.account != q.node {
		notFound(w, id)
		return
	}
	now := s.Now()
	switch c.status(now) {
	case graph.StatusInProgress, graph.StatusExpired:
		// Threads cannot find a container it has not finished making, nor
		// one it dropped.
		notFound(w, id)
		return
	case graph.StatusError:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The media container could not be processed: "+c.failure)
		return
	case graph.StatusPublished:
		// Unconfirmed: Threads does not document its answer to a second
		// publish of a container.
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The media container has already been published")
		return
	}
	if c.carouselItem {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) A carousel item is published by its carousel")
		return
	}
	limit, what := s.PostLimit, "posts"
	if c.replyTo != "" {
		limit, what = s.ReplyLimit, "replies"
	}
	if s.published(q.node, c.replyTo != "", now) >= limit {
		// Unconfirmed: Threads documents the limit, not its answer; this is
		// Graph's user throttling code.
		writeError(w, http.StatusBadRequest, codeUserLimit, 0, fmt.Sprintf("(#17) The profile reached its limit of %d %s in 24 hours", limit, what))
		return
	}
	m := &Media{ID: s.nextID(), Account: q.node, Username: s.accounts[q.node].username, Text: c.text, ReplyTo: c.replyTo, CreatedAt: now}
	switch c.mediaType {
	case "TEXT":
		m.Type = "TEXT_POST"
	case "CAROUSEL":
		m.Type = "CAROUSEL_ALBUM"
		for _, id := range c.children {
			m.Items = append(m.Items, s.containers[id].item)
		}
	default:
		m.Type = c.mediaType
		m.Items = []Item{c.item}
	}
	if parent := s.find(c.replyTo); parent != nil {
		m.Root = parent.root()
	}
	c.published = m.ID
	s.media = append(s.media, m)
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": m.ID})
}
