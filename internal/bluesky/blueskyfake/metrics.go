package blueskyfake

import (
	"net/http"
	"strings"
)

// getPosts handles app.bsky.feed.getPosts: the views of the posts it
// finds, with their counts from Server.Engagement, leaving out the others
// as the AppView does.
func (s *Server) getPosts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, ok := s.bearer(w, r, accessToken); !ok {
		return
	}
	posts := []map[string]any{}
	for _, uri := range r.URL.Query()["uris"] {
		rest, ok := strings.CutPrefix(uri, "at://")
		parts := strings.Split(rest, "/")
		if !ok || len(parts) != 3 {
			writeError(w, http.StatusBadRequest, "InvalidRequest", "Error: uris must be at-uris")
			return
		}
		a := s.account(parts[0])
		if a == nil {
			continue
		}
		rec := a.records[parts[1]][parts[2]]
		if rec == nil {
			continue
		}
		m := s.Engagement.Get(uri)
		posts = append(posts, map[string]any{
			"uri": rec.URI, "cid": rec.CID, "author": map[string]string{"did": a.did, "handle": a.handle}, "record": rec.Value,
			"likeCount": m.Likes, "repostCount": m.Shares, "replyCount": m.Comments, "quoteCount": 0, "indexedAt": s.Now().UTC().Format("2006-01-02T15:04:05.000Z"),
		})
	}
	writeJSON(w, map[string]any{"posts": posts})
}
