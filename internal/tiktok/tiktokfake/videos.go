package tiktokfake

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	// maxCount is the most videos one list call or query takes;
	// defaultCount what a list call gives when it says nothing.
	maxCount     = 20
	defaultCount = 10
)

// videoFields are the Display API's video fields the fake answers.
var videoFields = []string{"id", "create_time", "title", "video_description", "duration", "cover_image_url",
	"share_url", "embed_link", "like_count", "comment_count", "share_count", "view_count"}

// fields reads the fields query parameter, or answers 400 and returns
// false.
func (s *Server) fields(w http.ResponseWriter, r *http.Request) ([]string, bool) {
	fs := strings.Split(r.URL.Query().Get("fields"), ",")
	for _, f := range fs {
		if !slices.Contains(videoFields, f) {
			writeError(w, s.logID(), http.StatusBadRequest, codeInvalidParams, "fields must be a comma-separated list of video fields")
			return nil, false
		}
	}
	return fs, true
}

// public returns the account's public videos, newest first: the
// PUBLIC_TO_EVERYONE posts through moderation. Video list reads public
// videos only (scope video.list).
func (s *Server) public(openID string) []Post {
	var out []Post
	for _, p := range s.Posts(openID) {
		if p.VideoID != "" {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Post) int { return cmp.Compare(b.CreatedAt.UnixNano(), a.CreatedAt.UnixNano()) })
	return out
}

// videoList handles POST /v2/video/list/?fields=...: the account's public
// videos created before cursor (unix milliseconds; none: now), newest
// first, max_count at a time.
func (s *Server) videoList(w http.ResponseWriter, r *http.Request, a *account) {
	fs, ok := s.fields(w, r)
	if !ok {
		return
	}
	var req struct {
		Cursor   int64 `json:"cursor"`
		MaxCount int   `json:"max_count"`
	}
	if !s.readJSON(w, r, &req, codeInvalidParams) {
		return
	}
	if req.MaxCount == 0 {
		req.MaxCount = defaultCount
	}
	if req.MaxCount < 0 || req.MaxCount > maxCount || req.Cursor < 0 {
		writeError(w, s.logID(), http.StatusBadRequest, codeInvalidParams, "max_count must be 1 to 20 and cursor a unix time in milliseconds")
		return
	}
	videos := s.public(a.openID)
	if netfake.Stale(r) && len(videos) > 0 {
		videos = videos[1:]
	}
	if req.Cursor > 0 {
		videos = slices.DeleteFunc(videos, func(p Post) bool { return p.CreatedAt.UnixMilli() >= req.Cursor })
	}
	more := len(videos) > req.MaxCount
	videos = videos[:min(len(videos), req.MaxCount)]
	cursor := req.Cursor
	if len(videos) > 0 {
		cursor = videos[len(videos)-1].CreatedAt.UnixMilli()
	}
	writeData(w, s.logID(), map[string]any{"videos": s.render(videos, fs, a), "cursor": cursor, "has_more": more})
}

// videoQuery handles POST /v2/video/query/?fields=...: the account's
// public videos among filters.video_ids (1 to 20).
func (s *Server) videoQuery(w http.ResponseWriter, r *http.Request, a *account) {
	fs, ok := s.fields(w, r)
	if !ok {
		return
	}
	var req struct {
		Filters struct {
			VideoIDs []string `json:"video_ids"`
		} `json:"filters"`
	}
	if !s.readJSON(w, r, &req, codeInvalidParams) {
		return
	}
	if n := len(req.Filters.VideoIDs); n == 0 || n > maxCount {
		writeError(w, s.logID(), http.StatusBadRequest, codeInvalidParams, "filters.video_ids takes 1 to 20 ids")
		return
	}
	videos := slices.DeleteFunc(s.public(a.openID), func(p Post) bool { return !slices.Contains(req.Filters.VideoIDs, p.VideoID) })
	writeData(w, s.logID(), map[string]any{"videos": s.render(videos, fs, a)})
}

// render writes videos with the fields asked. A video's caption is both
// its title and its description; a photo post has its own title and
// description.
func (s *Server) render(videos []Post, fields []string, a *account) []map[string]any {
	s.mu.Lock()
	username := a.creator.Username
	s.mu.Unlock()
	out := make([]map[string]any, len(videos))
	for i, p := range videos {
		m := s.Engagement.Get(p.VideoID)
		description := p.Title
		if p.Photo {
			description = p.Description
		}
		all := map[string]any{
			"id": p.VideoID, "create_time": p.CreatedAt.Unix(), "title": p.Title, "video_description": description,
			"duration": 0, "cover_image_url": "https://p16-sign.tiktokcdn.com/cover/" + p.VideoID + ".jpeg",
			"share_url":  "https://www.tiktok.com/@" + username + "/video/" + p.VideoID,
			"embed_link": "https://www.tiktok.com/player/v1/" + p.VideoID,
			"like_count": m.Likes, "comment_count": m.Comments, "share_count": m.Shares, "view_count": m.Impressions,
		}
		if !p.Photo {
			all["duration"] = 15
		}
		out[i] = map[string]any{}
		for _, f := range fields {
			out[i][f] = all[f]
		}
	}
	return out
}
