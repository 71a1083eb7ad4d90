package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
)

// threads finds the conversation of direct messages: the id of the root
// of their direct thread, the first of the direct statuses that lead to
// them by replies. Mastodon's statuses carry no conversation id, and its
// conversations API names a conversation by its latest status only, so
// the root, which every status of a direct thread leads back to, is what
// groups a thread. A direct message under a public status starts a
// thread of its own: two people writing privately under the same post are
// two conversations. threads remembers the roots it found during one
// poll.
type threads struct {
	c     *Client
	op    string
	token string
	a     Account
	roots map[string]string // direct status id to its thread's root
}

func (c *Client) threads(op, token string, a Account) *threads {
	return &threads{c: c, op: op, token: token, a: a, roots: map[string]string{}}
}

// root returns the root of the direct thread of the direct status id,
// which replies to parent ("" for a status that starts its thread). It
// asks the instance for the status's ancestors unless the parent's root
// is known.
func (t *threads) root(ctx context.Context, id, parent string) (string, error) {
	if parent == "" {
		t.roots[id] = id
		return id, nil
	}
	if r, ok := t.roots[parent]; ok {
		t.roots[id] = r
		return r, nil
	}
	var thread struct {
		// Ancestors come oldest first, as far as the account may see
		// them.
		Ancestors []struct {
			ID         string `json:"id"`
			Visibility string `json:"visibility"`
		} `json:"ancestors"`
	}
	k := call{op: t.op, method: http.MethodGet, url: t.c.base(t.a) + "/api/v1/statuses/" + url.PathEscape(id) + "/context", token: t.token}
	_, err := t.c.do(ctx, k, &thread)
	var e *netcall.Error
	// A status deleted since it was notified has no thread to read: it
	// stands alone.
	if err != nil && !(errors.As(err, &e) && e.Status == http.StatusNotFound) {
		return "", err
	}
	r, direct := id, thread.Ancestors
	for len(direct) > 0 && direct[len(direct)-1].Visibility == "direct" {
		r, direct = direct[len(direct)-1].ID, direct[:len(direct)-1]
	}
	for _, s := range thread.Ancestors[len(direct):] {
		t.roots[s.ID] = r
	}
	t.roots[id] = r
	return r, nil
}
