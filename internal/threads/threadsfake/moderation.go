package threadsfake

import (
	"net/http"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// Hidden reports whether a reply is hidden.
func (s *Server) Hidden(replyID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.find(replyID)
	return m != nil && m.Hidden
}

// manageReply handles POST /{reply-id}/manage_reply with hide=true|false:
// the owner of a post hides or shows a top-level reply to it, and with
// it the replies under it. Callers hold mu.
func (s *Server) manageReply(w http.ResponseWriter, q *request) {
	if !allowed(w, q, "threads_basic", "threads_manage_replies") {
		return
	}
	m := s.find(q.node)
	if m == nil || m.ReplyTo == "" {
		notFound(w, q.node)
		return
	}
	hide := q.params.Get("hide")
	switch root := s.find(m.Root); {
	case hide != "true" && hide != "false":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Param hide must be a boolean")
		return
	case root == nil || root.Account != q.grant.account:
		unsupported(w, q.r.Method, q.node)
		return
	case m.ReplyTo != m.Root:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Only top-level replies can be hidden or unhidden")
		return
	}
	m.Hidden = hide == "true"
	graphfake.WriteJSON(w, http.StatusOK, map[string]bool{"success": true})
}
