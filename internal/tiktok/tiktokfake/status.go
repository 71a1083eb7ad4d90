package tiktokfake

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// statusFetch handles POST /v2/post/publish/status/fetch/. Each read
// moves a post on: PROCESSING_DOWNLOAD for Server.ProcessingReads reads,
// then FAILED with its reason, or PUBLISH_COMPLETE. A PUBLIC_TO_EVERYONE
// post shows no public id for Server.ModerationReads more reads, then its
// id in publicaly_available_post_id (a list of int64, as TikTok writes
// it); any other post never has one.
func (s *Server) statusFetch(w http.ResponseWriter, r *http.Request, a *account) {
	var req struct {
		PublishID string `json:"publish_id"`
	}
	if !s.readJSON(w, r, &req, codeInvalidParam) {
		return
	}
	s.mu.Lock()
	var p *Post
	for _, q := range s.posts {
		if q.PublishID == req.PublishID {
			p = q
		}
	}
	switch {
	case p == nil:
		s.mu.Unlock()
		writeError(w, s.logID(), http.StatusBadRequest, codeInvalidPublishID, "The publish_id does not exist.")
		return
	case p.OpenID != a.openID:
		s.mu.Unlock()
		writeError(w, s.logID(), http.StatusBadRequest, codeNotYourPublishID, "The access_token does not have authorization for this publish_id.")
		return
	}
	p.reads++
	s.advance(p)
	data := map[string]any{"status": p.Status, "publicaly_available_post_id": []json.Number{}}
	switch {
	case p.reads <= s.ProcessingReads:
		data["status"] = ProcessingDownload
	case p.Status == Failed:
		data["fail_reason"] = p.FailReason
	case p.VideoID != "":
		data["publicaly_available_post_id"] = []json.Number{json.Number(p.VideoID)}
	}
	s.mu.Unlock()
	writeData(w, s.logID(), data)
}

// advance gives a complete public post its public id once it is through
// moderation: after ProcessingReads and ModerationReads reads, or at once
// when both are zero. Callers hold mu.
func (s *Server) advance(p *Post) {
	wait := s.ProcessingReads + s.ModerationReads
	if p.Status != PublishComplete || p.Privacy != PublicToEveryone || p.VideoID != "" || (wait > 0 && p.reads <= wait) {
		return
	}
	s.seq++
	p.VideoID = strconv.FormatInt(firstVideoID+s.seq, 10)
}
