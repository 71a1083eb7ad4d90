package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// MaxText bounds the text of a post or a reply, in characters.
const MaxText = 5000

// duplicateWindow is how long the network refuses the same content again
// on the same account, as real networks refuse duplicate posts.
const duplicateWindow = 24 * time.Hour

// Listing limits for an account's posts.
const (
	defaultListLimit = 25
	maxListLimit     = 100
)

// Content is what a post says: the body of a publish request.
type Content struct {
	Text     string `json:"text"`
	ImageURL string `json:"imageUrl,omitempty"`
	Link     string `json:"link,omitempty"`
}

// Hash is the content's relais.Content hash, with which the publisher
// recognises a post it may already have made.
func (c Content) Hash() string {
	return relais.Content{Text: c.Text, ImageURL: c.ImageURL, Link: c.Link}.Hash()
}

// PublishedPost is a post as an account's listing shows it.
type PublishedPost struct {
	ID string `json:"id"`
	Content
	CreatedAt time.Time `json:"createdAt"`
}

// Post is a post on the network with the account it went out on, as the
// local stack's public listing shows it.
type Post struct {
	Account string `json:"account"`
	PublishedPost
}

// Posts returns every post made, in publication order.
func (n *Network) Posts() []Post {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Post(nil), n.posts...)
}

// validateText returns why a post or reply text is refused, or "".
func validateText(text string) string {
	if strings.TrimSpace(text) == "" {
		return "text is required"
	}
	if c := utf8.RuneCountInString(text); c > MaxText {
		return fmt.Sprintf("text is %d characters long; the limit is %d", c, MaxText)
	}
	return ""
}

// createPost handles POST /sandbox/api/accounts/{account}/posts.
func (n *Network) createPost(w http.ResponseWriter, r *http.Request) {
	account := r.PathValue("account")
	if !n.authorize(w, r, account) {
		return
	}
	var c Content
	if !decodeBody(w, r, &c) {
		return
	}
	if why := validateText(c.Text); why != "" {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "%s", why)
		return
	}

	n.mu.Lock()
	now := n.Now().UTC()
	for _, p := range n.posts {
		// As networks do, the words and link make a duplicate, not the
		// image's URL, which each attempt signs anew.
		if p.Account == account && p.Hash() == c.Hash() && now.Sub(p.CreatedAt) < duplicateWindow {
			n.mu.Unlock()
			writeError(w, http.StatusConflict, CodeDuplicate, "this content was already posted on this account in the last 24 hours (post %s)", p.ID)
			return
		}
	}
	n.postSeq[account]++
	p := Post{Account: account, PublishedPost: PublishedPost{
		ID:        fmt.Sprintf("%s_%d", account, n.postSeq[account]),
		Content:   c,
		CreatedAt: now,
	}}
	n.posts = append(n.posts, p)
	n.mu.Unlock()

	writeJSON(w, http.StatusCreated, map[string]string{"id": p.ID})
}

// listAccountPosts handles GET /sandbox/api/accounts/{account}/posts: the
// account's posts since a time, newest first.
func (n *Network) listAccountPosts(w http.ResponseWriter, r *http.Request) {
	account := r.PathValue("account")
	if !n.authorize(w, r, account) {
		return
	}
	q := r.URL.Query()
	var since time.Time
	if s := q.Get("since"); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeInvalidRequest, "since %q is not an RFC 3339 time", s)
			return
		}
		since = t
	}
	limit := defaultListLimit
	if s := q.Get("limit"); s != "" {
		l, err := strconv.Atoi(s)
		if err != nil || l < 1 || l > maxListLimit {
			writeError(w, http.StatusBadRequest, CodeInvalidRequest, "limit %q: want 1 to %d", s, maxListLimit)
			return
		}
		limit = l
	}

	data := []PublishedPost{}
	skip := stale(r)
	n.mu.Lock()
	for i := len(n.posts) - 1; i >= 0 && len(data) < limit; i-- {
		p := n.posts[i]
		if p.Account != account {
			continue
		}
		if skip {
			// The newest post is not listed yet.
			skip = false
			continue
		}
		if !p.CreatedAt.Before(since) {
			data = append(data, p.PublishedPost)
		}
	}
	n.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string][]PublishedPost{"data": data})
}

// listPosts handles GET /sandbox/posts, the local stack's public view.
func (n *Network) listPosts(w http.ResponseWriter, _ *http.Request) {
	posts := n.Posts()
	if posts == nil {
		posts = []Post{}
	}
	writeJSON(w, http.StatusOK, posts)
}
