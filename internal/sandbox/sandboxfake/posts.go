package sandboxfake

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/sandbox"
)

// MaxText bounds the text of a post or a reply, in characters.
const MaxText = 5000

// duplicateWindow is how long the network refuses the same content again
// on the same account, as real networks refuse duplicate posts.
const duplicateWindow = 24 * time.Hour

// defaultListLimit is how many posts a listing of an account's posts
// returns when the request sets no limit; sandbox.MaxListLimit bounds it.
const defaultListLimit = 25

// Post is a post on the network with the account it went out on, as the
// local stack's public listing shows it.
type Post struct {
	Account string `json:"account"`
	sandbox.PublishedPost
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
	var c sandbox.Content
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
			writeError(w, http.StatusConflict, sandbox.CodeDuplicate, "this content was already posted on this account in the last 24 hours (post %s)", p.ID)
			return
		}
	}
	n.postSeq[account]++
	p := Post{Account: account, PublishedPost: sandbox.PublishedPost{
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
		if err != nil || l < 1 || l > sandbox.MaxListLimit {
			writeError(w, http.StatusBadRequest, CodeInvalidRequest, "limit %q: want 1 to %d", s, sandbox.MaxListLimit)
			return
		}
		limit = l
	}

	data := []sandbox.PublishedPost{}
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
	writeJSON(w, http.StatusOK, map[string][]sandbox.PublishedPost{"data": data})
}

// listPosts handles GET /sandbox/posts, the local stack's public view.
func (n *Network) listPosts(w http.ResponseWriter, _ *http.Request) {
	posts := n.Posts()
	if posts == nil {
		posts = []Post{}
	}
	writeJSON(w, http.StatusOK, posts)
}
