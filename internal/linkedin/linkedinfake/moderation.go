package linkedinfake

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// firstCommentID makes comment ids look like LinkedIn's.
const firstCommentID = 7270000000000000000

// Comment is a comment on a post as the fake stores it.
type Comment struct {
	// URN is urn:li:comment:(<activity>,<ID>).
	URN string
	ID  string
	// Object is the post commented on, as the comment's writer named it;
	// OrgID the organization whose post it is.
	Object string
	OrgID  string
	// Actor is who wrote it: a person's or an organization's URN.
	Actor string
	Text  string
	// ParentComment is the comment a nested comment answers.
	ParentComment string
	Deleted       bool
	CreatedAt     time.Time
}

// activity is the activity of a post URN (share, ugcPost or activity).
// LinkedIn gives a post's activity its own id; the fake keeps the post's.
func activity(post string) (string, bool) {
	for _, kind := range []string{"urn:li:share:", "urn:li:ugcPost:", "urn:li:activity:"} {
		if id, ok := strings.CutPrefix(post, kind); ok && id != "" && strings.Trim(id, "0123456789") == "" {
			return "urn:li:activity:" + id, true
		}
	}
	return "", false
}

// AddComment stores a comment someone wrote, as on LinkedIn by hand, and
// returns its URN. OrgID, Object and Actor are required, ParentComment is
// optional; the rest is filled in. It panics on a post URN it cannot read,
// a test's mistake.
func (s *Server) AddComment(c Comment) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addComment(c).URN
}

// addComment stores a comment with a fresh id. Callers hold mu.
func (s *Server) addComment(c Comment) *Comment {
	act, ok := activity(c.Object)
	if !ok {
		panic(fmt.Sprintf("linkedinfake: %q is not a post URN", c.Object))
	}
	s.seq++
	c.OrgID = strings.TrimPrefix(c.OrgID, orgPrefix)
	c.ID = fmt.Sprint(firstCommentID + s.seq)
	c.URN = fmt.Sprintf("urn:li:comment:(%s,%s)", act, c.ID)
	c.CreatedAt = s.Now().UTC()
	s.comments = append(s.comments, &c)
	return &c
}

// Comments returns every comment, deleted ones included, oldest first.
func (s *Server) Comments() []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Comment, len(s.comments))
	for i, c := range s.comments {
		out[i] = *c
	}
	return out
}

// comment finds a live comment under a target, a post's URN or the
// comment's parent's, by its id. Callers hold mu.
func (s *Server) comment(target, id string) *Comment {
	act, isPost := activity(target)
	for _, c := range s.comments {
		if c.Deleted || c.ID != id {
			continue
		}
		if (isPost && strings.HasPrefix(c.URN, "urn:li:comment:("+act+",")) || (!isPost && c.ParentComment == target) {
			return c
		}
	}
	return nil
}

// postOwner returns the organization whose post has an activity, from its
// posts and the comments on them. Callers hold mu.
func (s *Server) postOwner(act string) (string, bool) {
	for _, p := range s.posts {
		if a, _ := activity(p.ID); a == act {
			return p.OrgID, true
		}
	}
	for _, c := range s.comments {
		if a, _ := activity(c.Object); a == act {
			return c.OrgID, true
		}
	}
	return "", false
}

// newComment is the body of POST /rest/socialActions/{target}/comments.
type newComment struct {
	Actor   string `json:"actor"`
	Object  string `json:"object"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
	ParentComment string `json:"parentComment"`
}

// createComment handles POST /rest/socialActions/{target}/comments. The
// target is the post, or the parent comment of a nested comment; comments
// nest one level deep. It answers 201 with the comment, whose URN is also
// in x-restli-id.
func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	var nc newComment
	if !readJSON(w, r, &nc, "a JSON comment") {
		return
	}
	orgID, ok := parseOrg(nc.Actor)
	switch {
	case !ok:
		writeInputError(w, "INVALID_VALUE", "/actor", "want an organization URN, got %q", nc.Actor)
		return
	case !s.canAct(bearer(r), orgID):
		writeDenied(w, "not enough permissions to comment as "+nc.Actor)
		return
	case strings.TrimSpace(nc.Message.Text) == "":
		writeInputError(w, "INVALID_VALUE", "/message/text", "field is required")
		return
	}
	if t := r.PathValue("target"); t != nc.Object && t != nc.ParentComment {
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the target %s is neither the object nor the parent comment", t)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	act, ok := activity(nc.Object)
	if !ok {
		writeInputError(w, "INVALID_VALUE", "/object", "want a post URN, got %q", nc.Object)
		return
	}
	owner, ok := s.postOwner(act)
	if !ok {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no post %s", nc.Object)
		return
	}
	if nc.ParentComment != "" {
		parent := s.byURN(nc.ParentComment)
		switch {
		case parent == nil || !strings.HasPrefix(parent.URN, "urn:li:comment:("+act+","):
			writeInputError(w, "INVALID_VALUE", "/parentComment", "no comment %s on %s", nc.ParentComment, nc.Object)
			return
		case parent.ParentComment != "":
			writeInputError(w, "INVALID_VALUE", "/parentComment", "comments nest one level deep: %s is a nested comment", nc.ParentComment)
			return
		}
	}
	c := s.addComment(Comment{Object: nc.Object, OrgID: owner, Actor: nc.Actor, Text: nc.Message.Text, ParentComment: nc.ParentComment})
	w.Header().Set("X-RestLi-Id", c.URN)
	out := map[string]any{
		"id": c.ID, "commentUrn": c.URN, "actor": c.Actor, "object": c.Object,
		"message": map[string]string{"text": c.Text},
		"created": map[string]any{"actor": c.Actor, "time": c.CreatedAt.UnixMilli()},
	}
	if c.ParentComment != "" {
		out["parentComment"] = c.ParentComment
	}
	writeJSON(w, http.StatusCreated, out)
}

// byURN finds a live comment by its URN. Callers hold mu.
func (s *Server) byURN(urn string) *Comment {
	for _, c := range s.comments {
		if c.URN == urn && !c.Deleted {
			return c
		}
	}
	return nil
}

// deleteComment handles DELETE /rest/socialActions/{target}/comments/{id}
// ?actor=URN: an organization deletes its own comments and any comment on
// its posts. It answers 204.
func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	actor := r.URL.Query().Get("actor")
	orgID, ok := parseOrg(actor)
	switch {
	case !ok:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "actor must be an organization URN")
		return
	case !s.canAct(bearer(r), orgID):
		writeDenied(w, "not enough permissions to act as "+actor)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.comment(r.PathValue("target"), r.PathValue("id"))
	switch {
	case c == nil:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no comment %s on %s", r.PathValue("id"), r.PathValue("target"))
	case c.OrgID != orgID && c.Actor != actor:
		writeDenied(w, actor+" may not delete comment "+c.URN)
	default:
		c.Deleted = true
		w.WriteHeader(http.StatusNoContent)
	}
}
