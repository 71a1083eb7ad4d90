package sandboxfake

import (
	"net/http"

	"github.com/relais-dev/relais/internal/sandbox"
)

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
	writeJSON(w, http.StatusOK, sandbox.Metrics{Likes: m.Likes, Comments: m.Comments, Shares: m.Shares, Impressions: m.Impressions})
}
