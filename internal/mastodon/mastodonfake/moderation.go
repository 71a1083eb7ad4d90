package mastodonfake

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// getStatus handles GET /api/v1/statuses/{id}. The fake shows any status
// to any caller with a token; Mastodon hides private and direct ones from
// those they are not addressed to, which no test of Relais depends on.
func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.caller(w, r) == nil {
		return
	}
	ref, ok := s.statuses[r.PathValue("id")]
	if !ok {
		writeError(w, http.StatusNotFound, "Record not found")
		return
	}
	st := ref.owner.statuses[ref.index]
	m := s.Engagement.Get(st.ID)
	writeJSON(w, http.StatusOK, struct {
		statusJSON
		Favourites int64 `json:"favourites_count"`
		Reblogs    int64 `json:"reblogs_count"`
		Replies    int64 `json:"replies_count"`
	}{statusEntity(baseURL(r), ref.owner, st), m.Likes, m.Shares, m.Comments})
}

// Replies returns the statuses that answer a status, oldest first.
func (s *Server) Replies(statusID string) []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Status
	for _, a := range s.accounts {
		for _, st := range a.statuses {
			if st.InReplyToID == statusID {
				out = append(out, st)
			}
		}
	}
	slices.SortFunc(out, func(x, y Status) int { return cmp.Or(cmp.Compare(len(x.ID), len(y.ID)), strings.Compare(x.ID, y.ID)) })
	return out
}
