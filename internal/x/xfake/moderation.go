package xfake

import (
	"cmp"
	"slices"
	"strings"
)

// ReplyNotVisibleDetail is X's answer to a reply to a post that does not
// exist or that the user cannot see.
const ReplyNotVisibleDetail = "You attempted to reply to a Tweet that is deleted or not visible to you."

// joinConversation makes t a reply to the post parentID, in the
// conversation that post belongs to, and reports whether that post
// exists. Callers hold mu.
func (s *Server) joinConversation(t *tweet, parentID string) bool {
	parent, ok := s.tweets[parentID]
	if !ok {
		return false
	}
	t.InReplyToID = parentID
	// A conversation belongs to the user who started it: the parent's
	// own conversation when the parent is a reply, else the parent's
	// author.
	t.replyTo = parent.replyTo
	if t.replyTo == "" {
		t.replyTo = parent.UserID
	}
	return true
}

// Replies returns the replies made through the API to a post, oldest
// (lowest id) first.
func (s *Server) Replies(tweetID string) []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Post
	for _, posts := range s.posts {
		for _, t := range posts {
			if t.InReplyToID == tweetID {
				out = append(out, t.Post)
			}
		}
	}
	slices.SortFunc(out, func(a, b Post) int { return cmp.Or(cmp.Compare(len(a.ID), len(b.ID)), strings.Compare(a.ID, b.ID)) })
	return out
}
