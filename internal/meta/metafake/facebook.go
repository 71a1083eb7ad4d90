package metafake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
	"github.com/relais-dev/relais/internal/netfake"
)

// photo is a Page photo: published as its own post, or unpublished until
// a feed post attaches it, once.
type photo struct {
	account string
	media   Media
	used    bool
}

// Page video statuses (status.video_status), as Meta names them.
const (
	videoProcessing = "processing"
	videoReady      = "ready"
	videoError      = "error"
)

// video is a Page video and the post it makes, processed over a few status
// reads.
type video struct {
	account, post string
	polls         int    // processing reads left
	end           string // status once processed
	reel          bool   // a Reel, whose status has upload and publishing phases
}

func (v *video) status() string {
	if v.polls > 0 {
		return videoProcessing
	}
	return v.end
}

// publishFeed handles POST /{page-id}/feed: message, an optional link, and
// attached_media, unpublished photos of the Page the post carries.
func (s *Server) publishFeed(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.authorize(w, q, q.node, page) {
		return
	}
	msg, link := q.params.Get("message"), q.params.Get("link")
	attached, ok := attachedMedia(q.params)
	if !ok {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, `(#100) attached_media must be objects such as {"media_fbid":"<photo id>"}`)
		return
	}
	if strings.TrimSpace(msg) == "" && link == "" && len(attached) == 0 {
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
	media := make([]Media, len(attached))
	for i, id := range attached {
		ph := s.photos[id]
		if ph == nil || ph.account != q.accountID || ph.used {
			writeError(w, http.StatusBadRequest, codeInvalid, 0, fmt.Sprintf("(#100) attached_media[%d] is not an unused unpublished photo of this Page", i))
			return
		}
		media[i] = ph.media
	}
	for _, id := range attached {
		s.photos[id].used = true
	}
	p := Post{ID: q.accountID + "_" + s.nextID(), Message: msg, Link: link, Media: media}
	if len(media) > 0 {
		p.ImageURL = media[0].URL
	}
	p = s.addPost(q.accountID, p)
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": p.ID})
}

// attachedMedia reads the photo ids of attached_media, sent as form fields
// (attached_media[0]={"media_fbid":"1"}, ...) or as one JSON list; false
// for a malformed one.
func attachedMedia(v map[string][]string) ([]string, bool) {
	var raw []string
	if list := v["attached_media"]; len(list) > 0 {
		var items []json.RawMessage
		if json.Unmarshal([]byte(list[0]), &items) != nil {
			return nil, false
		}
		for _, it := range items {
			raw = append(raw, string(it))
		}
	}
	for i := 0; ; i++ {
		x, ok := v[fmt.Sprintf("attached_media[%d]", i)]
		if !ok {
			break
		}
		raw = append(raw, x[0])
	}
	ids := make([]string, 0, len(raw))
	for _, r := range raw {
		var m struct {
			MediaFBID string `json:"media_fbid"`
		}
		if json.Unmarshal([]byte(r), &m) != nil || m.MediaFBID == "" {
			return nil, false
		}
		ids = append(ids, m.MediaFBID)
	}
	return ids, true
}

// publishPhoto handles POST /{page-id}/photos: an image by url, its
// caption and alt_text_custom. Published (the default), it makes a post
// and answers the photo's id and the post's; with published=false, only
// the photo's, for a feed post to attach.
func (s *Server) publishPhoto(w http.ResponseWriter, q *request) {
	if !s.authorized(w, q, q.node, page) {
		return
	}
	img := q.params.Get("url")
	if img == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The parameter url is required")
		return
	}
	published := true
	if v := q.params.Get("published"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) published must be a boolean")
			return
		}
		published = b
	}
	got := s.fetch(img, fbPhoto)
	if why := got.failed(); why != "" {
		writeError(w, http.StatusBadRequest, codeImageFile, 0, "(#324) Missing or invalid image file: "+why)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := Media{ID: s.nextID(), Kind: KindImage, URL: img, Alt: q.params.Get("alt_text_custom"), Bytes: got.bytes}
	s.photos[m.ID] = &photo{account: q.accountID, media: m, used: published}
	s.uploaded[q.accountID] = append(s.uploaded[q.accountID], m)
	if !published {
		graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": m.ID})
		return
	}
	p := s.addPost(q.accountID, Post{ID: q.accountID + "_" + s.nextID(), Message: q.params.Get("caption"), ImageURL: img, Media: []Media{m}})
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": m.ID, "post_id": p.ID})
}

// publishVideo handles POST /{page-id}/videos with file_url and
// description: Meta fetches the file, makes the video and its post, and
// processes it over VideoPolls status reads. The fake takes no file
// bytes (source, upload_phase), which Relais does not send.
func (s *Server) publishVideo(w http.ResponseWriter, q *request) {
	if !s.authorized(w, q, q.node, page) {
		return
	}
	file := q.params.Get("file_url")
	switch {
	case file == "":
		writeError(w, http.StatusBadRequest, codeMissingParam, 0, "(#194) Missing at least one required parameter: file_url")
		return
	case q.params.Get("upload_phase") != "":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) file_url cannot be used with upload_phase")
		return
	}
	got := s.fetch(file, fbVideo)
	if got.unreachable != "" {
		writeError(w, http.StatusBadRequest, codeFetchVideo, 0, "(#389) Unable to fetch video file from URL.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	end := videoReady
	if len(s.videoEnds) > 0 {
		end, s.videoEnds = s.videoEnds[0], s.videoEnds[1:]
	}
	m := Media{ID: s.nextID(), Kind: KindVideo, URL: file, Bytes: got.bytes}
	s.uploaded[q.accountID] = append(s.uploaded[q.accountID], m)
	p := s.addPost(q.accountID, Post{ID: q.accountID + "_" + s.nextID(), Message: q.params.Get("description"), Media: []Media{m}})
	s.videos[m.ID] = &video{account: q.accountID, post: p.ID, polls: s.VideoPolls, end: end}
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": m.ID})
}

// isVideo reports whether a node is a Page video.
func (s *Server) isVideo(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.videos[id] != nil
}

// readVideo handles GET /{video-id}?fields=status: video_status and the
// processing phase. Each read of a video in processing brings it closer
// to its end; a video whose processing failed is taken off the Page, as
// Meta shows no video it could not process.
func (s *Server) readVideo(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.videos[q.node]
	if !s.authorize(w, q, v.account, page) {
		return
	}
	st := v.status()
	phase := map[string]any{"status": "in_progress"}
	switch st {
	case videoProcessing:
		v.polls--
	case videoReady:
		phase["status"] = "complete"
	case videoError:
		phase = map[string]any{"status": "error", "errors": []map[string]any{
			{"code": codeVideoFile, "message": "There was a problem uploading your video file. Please try again with another file."}}}
		s.removePost(v.account, v.post)
	}
	status := map[string]any{"video_status": st, "processing_phase": phase}
	if v.reel {
		published := "not_started"
		if st == videoReady {
			published = "complete"
		}
		status["uploading_phase"] = map[string]any{"status": "complete"}
		status["publishing_phase"] = map[string]any{"status": published}
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"id": q.node, "status": status})
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

// removePost takes a post off an account. Callers hold mu.
func (s *Server) removePost(accountID, id string) {
	posts := s.posts[accountID]
	for i, p := range posts {
		if p.ID == id {
			s.posts[accountID] = append(posts[:i:i], posts[i+1:]...)
			return
		}
	}
}
