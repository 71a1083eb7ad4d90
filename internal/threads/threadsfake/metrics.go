package threadsfake

import (
	"net/http"
	"strings"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// insights handles GET /{media-id}/insights?metric=...: lifetime values of
// the account's own post or reply, from Server.Engagement. A share there
// is a repost or a quote (a quarter of them); the fake sends nothing
// elsewhere, so Threads' shares metric stays at zero. Callers hold mu.
func (s *Server) insights(w http.ResponseWriter, q *request) {
	if !allowed(w, q, "threads_basic", "threads_manage_insights") {
		return
	}
	m := s.find(q.node)
	if m == nil || m.Account != q.grant.account {
		unsupported(w, q.r.Method, q.node)
		return
	}
	e := s.Engagement.Get(m.ID)
	quotes := e.Shares / 4
	values := map[string]int64{"views": e.Impressions, "likes": e.Likes, "replies": e.Comments, "reposts": e.Shares - quotes, "quotes": quotes, "shares": 0}
	metrics := q.params.Get("metric")
	if metrics == "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Param metric is required")
		return
	}
	var data []map[string]any
	for _, name := range strings.Split(metrics, ",") {
		v, ok := values[name]
		if !ok {
			writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Param metric must be one of {views, likes, replies, reposts, quotes, shares}")
			return
		}
		data = append(data, map[string]any{"name": name, "period": "lifetime", "values": []map[string]int64{{"value": v}},
			"title": name, "id": m.ID + "/insights/" + name + "/lifetime"})
	}
	graphfake.WriteJSON(w, http.StatusOK, map[string]any{"data": data})
}
