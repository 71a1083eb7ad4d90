package metafake

import (
	"github.com/relais-dev/relais/internal/meta/graph/graphfake"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netfake"
)

// Limits on a comment's text the fake applies. Meta's Graph reference
// states none for comments: 8,000 characters is what Facebook's comment
// box takes, and Instagram's are its caption's ("Maximum 2200
// characters, 30 hashtags, and 20 @ tags", IG User Media reference).
// Meta's answer past them is not documented; the fake answers #100.
const (
	maxPageComment = 8000
	maxIGComment   = 2200
	maxIGHashtags  = 30
	maxIGMentions  = 20
	// maxIGCommentPage is the most comments one read of a media's
	// comments returns ("a maximum of 50 comments per query").
	maxIGCommentPage = 50
)

// PostComment is a top-level comment on a post or media: the account's
// own, made through the API, or someone else's (AddPostComment).
type PostComment struct {
	ID string
	// Author is who wrote it: the account's id for its own comments.
	Author    string
	Message   string
	CreatedAt time.Time
}

// AddPostComment puts someone else's comment on a post or media, made
// now, so that it is listed among the post's comments and can be
// moderated. It panics on an unknown post, a test's mistake.
func (s *Server) AddPostComment(postID, commentID, authorID, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	owner, ok := s.postOwner(postID)
	if !ok {
		panic("metafake: unknown post " + postID)
	}
	s.addPostComment(owner, postID, PostComment{ID: commentID, Author: authorID, Message: message})
}

// PostComments returns the live top-level comments on a post or media,
// oldest first. A Page video's id names its post.
func (s *Server) PostComments(postID string) []PostComment {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.liveComments(s.postKey(postID))
}

// postKey is the id a post's comments are kept under: a Page video's
// post for the video's id, which Meta takes for its comments too.
// Callers hold mu.
func (s *Server) postKey(id string) string {
	if v := s.videos[id]; v != nil {
		return v.post
	}
	return id
}

// addPostComment records a comment made now on an account's post, also
// as a comment of the account that can be hidden, deleted and answered.
// Callers hold mu.
func (s *Server) addPostComment(owner, postID string, c PostComment) PostComment {
	c.CreatedAt = s.Now()
	if s.onPosts == nil {
		s.onPosts = map[string][]PostComment{}
	}
	key := s.postKey(postID)
	s.onPosts[key] = append(s.onPosts[key], c)
	s.comments[c.ID] = &comment{account: owner, message: c.Message, created: c.CreatedAt}
	return c
}

// liveComments are a post's comments not deleted, oldest first. Callers
// hold mu.
func (s *Server) liveComments(key string) []PostComment {
	var out []PostComment
	for _, c := range s.onPosts[key] {
		if m := s.comments[c.ID]; m != nil && !m.deleted {
			out = append(out, c)
		}
	}
	return out
}

// onPost handles the comments edge of a post or media: POST
// /{page-post-id}/comments, /{video-id}/comments and
// /{ig-media-id}/comments with a message make a comment by the account
// owning the post; GET lists the post's top-level comments. Only the
// owner's token sees the post's edge: any other gets Meta's answer for an
// object it cannot load.
func (s *Server) onPost(w http.ResponseWriter, q *request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	owner, _ := s.postOwner(q.node)
	a := s.accounts[owner]
	if a == nil {
		unsupported(w, q.r.Method, q.node)
		return
	}
	if !s.authorize(w, q, owner, a.kind) {
		return
	}
	switch q.r.Method {
	case http.MethodPost:
		s.commentOnPost(w, q, a.kind)
	case http.MethodGet:
		s.listPostComments(w, q, a.kind)
	default:
		unsupported(w, q.r.Method, q.node)
	}
}

// commentOnPost makes the account's comment on its post. A Page comment's
// id starts with its post's own number, as Meta's do. Callers hold mu.
func (s *Server) commentOnPost(w http.ResponseWriter, q *request, k kind) {
	msg := q.params.Get("message")
	if why := commentRefusal(k, msg); why != "" {
		writeError(w, http.StatusBadRequest, codeInvalid, 0, "(#100) "+why)
		return
	}
	id := s.nextID()
	if k == page {
		key := s.postKey(q.node)
		id = key[strings.IndexByte(key, '_')+1:] + "_" + id
	}
	s.addPostComment(q.accountID, q.node, PostComment{ID: id, Author: q.accountID, Message: msg})
	graphfake.WriteJSON(w, http.StatusOK, map[string]string{"id": id})
}

// commentRefusal says why Meta would refuse a comment's text, or "".
func commentRefusal(k kind, msg string) string {
	chars := utf8.RuneCountInString(msg)
	switch {
	case strings.TrimSpace(msg) == "":
		return "The parameter message is required"
	case k == page && chars > maxPageComment:
		return "The comment is " + strconv.Itoa(chars) + " characters long; at most " + strconv.Itoa(maxPageComment) + " are allowed"
	case k == page:
		return ""
	case chars > maxIGComment:
		return "The comment is " + strconv.Itoa(chars) + " characters long; at most " + strconv.Itoa(maxIGComment) + " are allowed"
	case signed(msg, '#') > maxIGHashtags:
		return "A comment takes at most " + strconv.Itoa(maxIGHashtags) + " hashtags"
	case signed(msg, '@') > maxIGMentions:
		return "A comment takes at most " + strconv.Itoa(maxIGMentions) + " @ tags"
	}
	return ""
}

// signed counts the words of s starting with sign and a letter, digit or
// underscore: its hashtags for '#', its @ tags for '@'.
func signed(s string, sign rune) int {
	word := func(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
	n := 0
	prev := ' '
	for i, r := range s {
		if r == sign && !word(prev) {
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); word(next) {
				n++
			}
		}
		prev = r
	}
	return n
}

// listPostComments answers a post's comments as Meta lists them to its
// owner: a Page post's with message, created_time and from (filter
// toplevel, order chronological unless reverse_chronological is asked),
// an Instagram media's with text, timestamp, and user for the account's
// own comments or username for anyone else's, newest first and 50 at
// most per page. Callers hold mu.
func (s *Server) listPostComments(w http.ResponseWriter, q *request, k kind) {
	comments := s.liveComments(s.postKey(q.node))
	if netfake.Stale(q.r) && len(comments) > 0 {
		comments = comments[:len(comments)-1]
	}
	if k == instagram || q.params.Get("order") == "reverse_chronological" {
		slices.Reverse(comments)
	}
	items := make([]map[string]any, 0, len(comments))
	for _, c := range comments {
		item := map[string]any{"id": c.ID}
		if k == page {
			item["message"], item["created_time"] = c.Message, graphTime(c.CreatedAt)
			item["from"] = map[string]string{"id": c.Author, "name": c.Author}
		} else {
			item["text"], item["timestamp"] = c.Message, graphTime(c.CreatedAt)
			if c.Author == q.accountID {
				item["user"] = map[string]string{"id": c.Author}
			} else {
				item["username"] = c.Author
			}
		}
		items = append(items, item)
	}
	if n, err := strconv.Atoi(q.params.Get("limit")); k == instagram && (err != nil || n <= 0 || n > maxIGCommentPage) {
		q.params.Set("limit", strconv.Itoa(maxIGCommentPage))
	}
	s.listPage(w, q, items)
}
