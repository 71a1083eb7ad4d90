package linkedinfake

import (
	"net/http"
	"strings"
)

// shareStatistics handles GET /rest/organizationalEntityShareStatistics
// ?q=organizationalEntity&organizationalEntity=URN&shares=List(URN): the
// lifetime statistics of the organization's posts, from Server.Engagement.
func (s *Server) shareStatistics(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	orgID, ok := parseOrg(q.Get("organizationalEntity"))
	list := q.Get("shares") + q.Get("ugcPosts")
	inner, listed := strings.CutPrefix(list, "List(")
	switch {
	case q.Get("q") != "organizationalEntity" || !ok:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "want q=organizationalEntity and an organization URN")
		return
	case !listed || !strings.HasSuffix(inner, ")"):
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "shares must be a List(...) of post URNs")
		return
	case !s.canAct(bearer(r), orgID):
		writeDenied(w, "not enough permissions to read the statistics of "+orgPrefix+orgID)
		return
	}
	elements := []map[string]any{}
	for _, urn := range strings.Split(strings.TrimSuffix(inner, ")"), ",") {
		for _, p := range s.Posts(orgID) {
			if p.ID != urn {
				continue
			}
			m := s.Engagement.Get(urn)
			elements = append(elements, map[string]any{
				"organizationalEntity": orgPrefix + orgID, "share": urn,
				"totalShareStatistics": map[string]int64{"likeCount": m.Likes, "commentCount": m.Comments, "shareCount": m.Shares,
					"impressionCount": m.Impressions, "uniqueImpressionsCount": m.Impressions * 8 / 10, "clickCount": m.Likes / 2},
			})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"elements": elements, "paging": map[string]int{"count": 10, "start": 0}})
}
