package sandbox

import (
	"context"
	"net/http"
	"net/url"
)

// Metrics are a post's engagement on the sandbox network.
type Metrics struct {
	Likes       int64 `json:"likes"`
	Comments    int64 `json:"comments"`
	Shares      int64 `json:"shares"`
	Impressions int64 `json:"impressions"`
}

// metrics handles GET /sandbox/api/accounts/{account}/posts/{id}/metrics:
// the figures of Network.Engagement, with the comments the post really
// received unless figures were set for it.
func (n *Network) metrics(w http.ResponseWriter, r *http.Request) {
	account, id := r.PathValue("account"), r.PathValue("id")
	if !n.authorize(w, r, account) {
		return
	}
	n.mu.Lock()
	found := false
	for _, p := range n.posts {
		found = found || p.Account == account && p.ID == id
	}
	var comments int64
	for _, c := range n.comments {
		if c.PostID == id && !c.Removed && !c.Deleted {
			comments++
		}
	}
	n.mu.Unlock()
	if !found {
		writeError(w, http.StatusNotFound, CodeNotFound, "account %s has no post %s", account, id)
		return
	}
	m := n.Engagement.Get(id)
	if !n.Engagement.IsSet(id) {
		m.Comments = comments
	}
	writeJSON(w, http.StatusOK, Metrics{Likes: m.Likes, Comments: m.Comments, Shares: m.Shares, Impressions: m.Impressions})
}

// Metrics reads a post's engagement.
func (c *Client) Metrics(ctx context.Context, token, account, postID string) (Metrics, error) {
	var out Metrics
	err := c.do(ctx, call{op: "metrics", method: http.MethodGet, path: "accounts/" + url.PathEscape(account) + "/posts/" + url.PathEscape(postID) + "/metrics", token: token}, &out)
	return out, err
}
