package metafake

import (
	"net/http"
	"strings"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// postOwner returns the account that published a post or media (a Page
// video post is also named by its video's id), and whether there is one.
// Callers hold mu.
func (s *Server) postOwner(id string) (string, bool) {
	for account, posts := range s.posts {
		for _, p := range posts {
			if p.ID == id || s.videos[id] != nil && s.videos[id].post == p.ID {
				return account, true
			}
		}
	}
	return "", false
}

// isPost reports whether a node is a published post or media.
func (s *Server) isPost(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.postOwner(id)
	return ok
}

// postFields answers GET /{page-post-id}?fields=... with the summaries of
// reactions and comments and the share count, from Server.Engagement.
func (s *Server) postFields(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	account, _ := s.postOwner(q.node)
	if !s.authorize(w, q, account, page) {
		return
	}
	m := s.Engagement.Get(q.node)
	out := map[string]any{"id": q.node}
	fields := q.params.Get("fields")
	summary := func(n int64) map[string]any {
		return map[string]any{"data": []any{}, "summary": map[string]int64{"total_count": n}}
	}
	if strings.Contains(fields, "reactions") {
		out["reactions"] = summary(m.Likes)
	}
	if strings.Contains(fields, "comments") {
		out["comments"] = summary(m.Comments)
	}
	// Meta leaves shares out of a post nobody shared.
	if strings.Contains(fields, "shares") && m.Shares > 0 {
		out["shares"] = map[string]int64{"count": m.Shares}
	}
	graphfake.WriteJSON(w, http.StatusOK, out)
}

// insights answers GET /{post-or-media-id}/insights?metric=... for a Page
// post (post_impressions) or an Instagram media (likes, comments, shares,
// views), lifetime values from Server.Engagement.
func (s *Server) insights(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	account, ok := s.postOwner(q.node)
	a := s.accounts[account]
	if !ok || a == nil {
		unsupported(w, q.r.Method, q.node)
		return
	}
	if !s.authorize(w, q, account, a.kind) {
		return
	}
	m := s.Engagement.Get(q.node)
	values := map[string]int64{"likes": m.Likes, "comments": m.Comments, "shares": m.Shares, "views": m.Impressions}
	if a.kind == page {
		values = map[string]int64{"post_impressions": m.Impressions}
	}
	var data []map[string]any
	for _, name := range strings.Split(q.params.Get("metric"), ",") {
		v, ok := values[name]
		if !ok {
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The value must be a valid insights metric")
			return
		}
		data = append(data, map[string]any{"name": name, "period": "lifetime", "values": []map[string]int64{{"value": v}},
			"id": q.node + "/insights/" + name + "/lifetime"})
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"data": data})
}
