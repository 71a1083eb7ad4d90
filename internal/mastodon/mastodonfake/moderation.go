package mastodonfake

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// getStatus handles GET /api/v1/statuses/{id}. A followers-only or
// direct status is not found by those it is not addressed to, as on
// Mastodon.
func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ref, _, ok := s.shown(w, r)
	if !ok {
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
	for _, ref := range s.replies(statusID) {
		out = append(out, ref.owner.statuses[ref.index])
	}
	return out
}

// replies finds the statuses that answer a status, oldest first; s.mu is
// held.
func (s *Server) replies(statusID string) []statusRef {
	var out []statusRef
	for _, a := range s.accounts {
		for i, st := range a.statuses {
			if st.InReplyToID == statusID {
				out = append(out, statusRef{owner: a, index: i})
			}
		}
	}
	id := func(r statusRef) string { return r.owner.statuses[r.index].ID }
	slices.SortFunc(out, func(x, y statusRef) int {
		return cmp.Or(cmp.Compare(len(id(x)), len(id(y))), strings.Compare(id(x), id(y)))
	})
	return out
}
