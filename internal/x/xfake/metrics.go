package xfake

import "net/http"

// metrics answers GET /2/tweets/{id}?tweet.fields=public_metrics with the
// figures of Server.Engagement.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request, _ string) {
	id := r.PathValue("id")
	s.mu.Lock()
	_, ok := s.tweets[id]
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]any{{
			"value": id, "detail": "Could not find tweet with id: [" + id + "].", "title": "Not Found Error",
			"resource_type": "tweet", "parameter": "id", "resource_id": id, "type": "https://api.twitter.com/2/problems/resource-not-found",
		}}})
		return
	}
	m := s.Engagement.Get(id)
	// X splits shares into reposts and quotes; the fake gives them all as
	// reposts.
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": id, "public_metrics": map[string]int64{
		"retweet_count": m.Shares, "reply_count": m.Comments, "like_count": m.Likes, "quote_count": 0,
		"bookmark_count": 0, "impression_count": m.Impressions,
	}}})
}
