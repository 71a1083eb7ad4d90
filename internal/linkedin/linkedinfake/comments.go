package linkedinfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	// maxComment is the longest comment the fake takes, in characters:
	// what LinkedIn's comment box takes. LinkedIn's Comments API reference
	// states no number, nor its answer past it; the fake answers 422 on
	// /message/text, as for any invalid field.
	maxComment = 1250
	// defaultCommentCount and maxCommentCount bound a page of comments.
	defaultCommentCount, maxCommentCount = 10, 100
)

// PostComments returns the live top-level comments on a post (its share
// or ugcPost URN), oldest first.
func (s *Server) PostComments(post string) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	act, ok := activity(post)
	if !ok {
		return nil
	}
	var out []Comment
	for _, c := range s.onThread(act, "") {
		out = append(out, *c)
	}
	return out
}

// onThread returns the live comments on a post's activity under a parent
// comment, "" for the top-level ones, oldest first. Callers hold mu.
func (s *Server) onThread(act, parent string) []*Comment {
	var out []*Comment
	for _, c := range s.comments {
		if !c.Deleted && c.ParentComment == parent && strings.HasPrefix(c.URN, "urn:li:comment:("+act+",") {
			out = append(out, c)
		}
	}
	return out
}

// limitComment refuses a new comment whose text is longer than LinkedIn
// takes, then hands it on to next.
func limitComment(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the body cannot be read")
			return
		}
		var nc newComment
		if json.Unmarshal(b, &nc) == nil {
			if n := utf8.RuneCountInString(nc.Message.Text); n > maxComment {
				writeInputError(w, "INVALID_VALUE", "/message/text", "a comment takes at most %d characters, got %d", maxComment, n)
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		next(w, r)
	}
}

// commentView is a comment as the Comments API gives it.
type commentView struct {
	ID            string            `json:"id"`
	CommentURN    string            `json:"commentUrn"`
	Actor         string            `json:"actor"`
	Object        string            `json:"object"`
	Message       map[string]string `json:"message"`
	Created       map[string]any    `json:"created"`
	ParentComment string            `json:"parentComment,omitempty"`
}

// listComments handles GET /rest/socialActions/{target}/comments with
// Rest.li paging (start, count): a post's top-level comments, or the
// comments nested under a comment, oldest first, with paging.total.
func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	target := r.PathValue("target")
	q := r.URL.Query()
	start, err := strconv.Atoi(q.Get("start"))
	if q.Get("start") == "" {
		start, err = 0, nil
	}
	count, cerr := strconv.Atoi(q.Get("count"))
	if q.Get("count") == "" {
		count, cerr = defaultCommentCount, nil
	}
	if err != nil || cerr != nil || start < 0 || count < 1 || count > maxCommentCount {
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "start must be 0 or more and count 1 to %d", maxCommentCount)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var thread []*Comment
	if act, ok := activity(target); ok {
		if _, known := s.postOwner(act); !known {
			writeError(w, http.StatusNotFound, "NOT_FOUND", "no post %s", target)
			return
		}
		thread = s.onThread(act, "")
	} else if parent := s.byURN(target); parent != nil {
		act := strings.TrimPrefix(parent.URN[:strings.LastIndexByte(parent.URN, ',')], "urn:li:comment:(")
		thread = s.onThread(act, target)
	} else {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no post or comment %s", target)
		return
	}
	if netfake.Stale(r) && len(thread) > 0 {
		thread = thread[:len(thread)-1]
	}
	from, to := min(start, len(thread)), min(start+count, len(thread))
	elements := make([]commentView, 0, to-from)
	for _, c := range thread[from:to] {
		elements = append(elements, commentView{
			ID: c.ID, CommentURN: c.URN, Actor: c.Actor, Object: c.Object, ParentComment: c.ParentComment,
			Message: map[string]string{"text": c.Text},
			Created: map[string]any{"actor": c.Actor, "time": c.CreatedAt.UnixMilli()},
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"elements": elements,
		"paging":   map[string]int{"start": start, "count": count, "total": len(thread)},
	})
}
