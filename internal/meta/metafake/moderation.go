package metafake

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
)

// Reply is an answer an account made to a comment.
type Reply struct {
	ID      string
	Message string
}

// AddReply puts a reply by someone else under a comment of an account,
// made now, so that it can be moderated and answered. It panics on an
// unknown parent, a test's mistake.
func (s *Server) AddReply(accountID, parentID, commentID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.comments[parentID] == nil {
		panic("metafake: unknown comment " + parentID)
	}
	s.comments[commentID] = &comment{account: accountID, parent: parentID, created: s.Now()}
}

// Deleted reports whether a comment was deleted.
func (s *Server) Deleted(commentID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.comments[commentID]
	return c != nil && c.deleted
}

// Replies returns the answers the account made to a comment, in order.
func (s *Server) Replies(commentID string) []Reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.comments[commentID]
	if c == nil {
		return nil
	}
	out := make([]Reply, len(c.replies))
	for i, id := range c.replies {
		out[i] = Reply{ID: id, Message: s.comments[id].message}
	}
	return out
}

// moderated finds the comment a request names and checks the token of the
// account it belongs to, answering as Meta does when either fails. Callers
// hold mu.
func (s *Server) moderated(w http.ResponseWriter, q *request) (*comment, *account, bool) {
	c := s.comments[q.node]
	var a *account
	if c != nil && !c.deleted {
		a = s.accounts[c.account]
	}
	if a == nil {
		if q.token == "" {
			writeError(w, http.StatusBadRequest, codeToken, 0, "An active access token must be used to query information about the current user.")
			return nil, nil, false
		}
		unsupported(w, q.r.Method, q.node)
		return nil, nil, false
	}
	if !s.authorize(w, q, c.account, a.kind) {
		return nil, nil, false
	}
	return c, a, true
}

// hideComment handles POST /{comment-id}: is_hidden on a Page comment,
// hide on an Instagram one.
func (s *Server) hideComment(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, a, ok := s.moderated(w, q)
	if !ok {
		return
	}
	param := "is_hidden"
	if a.kind == instagram {
		param = "hide"
	}
	v, err := strconv.ParseBool(q.params.Get(param))
	if err != nil {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The parameter "+param+" is required")
		return
	}
	c.hidden = v
	graphfake.WriteJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// deleteComment handles DELETE /{comment-id}. A deleted comment is gone:
// Meta answers for it as for an object that never existed.
func (s *Server) deleteComment(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, ok := s.moderated(w, q)
	if !ok {
		return
	}
	c.deleted = true
	graphfake.WriteJSON(w, http.StatusOK, map[string]bool{"success": true})
}

// replyToComment handles POST /{comment-id}/comments on a Page comment and
// POST /{comment-id}/replies on an Instagram one, with a message. Instagram
// takes replies under top-level comments only, and none under a hidden one.
func (s *Server) replyToComment(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, a, ok := s.moderated(w, q)
	if !ok {
		return
	}
	if want := map[kind]string{page: "comments", instagram: "replies"}[a.kind]; q.edge != want {
		unsupported(w, q.r.Method, q.node)
		return
	}
	msg := q.params.Get("message")
	switch {
	case strings.TrimSpace(msg) == "":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) The parameter message is required")
		return
	case a.kind == instagram && c.parent != "":
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Replies can only be made to top-level comments")
		return
	case a.kind == instagram && c.hidden:
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) Cannot reply to a hidden comment")
		return
	}
	id := s.nextID()
	// A Page comment's id starts with its post's, as Meta's do.
	if post, _, found := strings.Cut(q.node, "_"); found && a.kind == page {
		id = post + "_" + id
	}
	s.comments[id] = &comment{account: c.account, parent: q.node, message: msg}
	c.replies = append(c.replies, id)
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": id})
}
