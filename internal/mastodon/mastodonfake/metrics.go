package mastodonfake

import "net/http"

// statusMetrics handles GET /api/v1/statuses/{id}: the status with its
// counts from Server.Engagement.
func (s *Server) statusMetrics(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller(w, r) == nil {
		return
	}
	id := r.PathValue("id")
	for _, a := range s.accounts {
		for _, st := range a.statuses {
			if st.ID != id {
				continue
			}
			m := s.Engagement.Get(id)
			writeJSON(w, http.StatusOK, struct {
				statusJSON
				Favourites int64 `json:"favourites_count"`
				Reblogs    int64 `json:"reblogs_count"`
				Replies    int64 `json:"replies_count"`
			}{statusEntity(baseURL(r), a, st), m.Likes, m.Shares, m.Comments})
			return
		}
	}
	writeError(w, http.StatusNotFound, "Record not found")
}
