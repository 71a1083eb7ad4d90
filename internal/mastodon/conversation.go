package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
)

// threads finds the conversation of direct messages: the id of their
// thread's root status. Mastodon's statuses carry no conversation id, and
// its conversations API names a conversation by its latest status only,
// so the root, which every status of a thread leads back to, is what
// groups a thread. It remembers the roots it found during one poll.
type threads struct {
	c     *Client
	op    string
	token string
	a     Account
	roots map[string]string // status id to its thread's root
}

func (c *Client) threads(op, token string, a Account) *threads {
	return &threads{c: c, op: op, token: token, a: a, roots: map[string]string{}}
}

// root returns the id of the root of the thread of status id, which
// replies to parent ("" for a status that starts its thread). It asks the
// instance for the status's ancestors unless the parent's root is known.
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
		// Ancestors come oldest first: the root, when visible, is first.
		Ancestors []struct {
			ID string `json:"id"`
		} `json:"ancestors"`
	}
	k := call{op: t.op, method: http.MethodGet, url: t.c.base(t.a) + "/api/v1/statuses/" + url.PathEscape(id) + "/context", token: t.token}
	_, err := t.c.do(ctx, k, &thread)
	var e *netcall.Error
	if err != nil && !(errors.As(err, &e) && e.Status == http.StatusNotFound) {
		return "", err
	}
	// A status deleted since it was notified has no context: its parent
	// is the nearest the thread can be named by.
	r := parent
	if len(thread.Ancestors) > 0 && thread.Ancestors[0].ID != "" {
		r = thread.Ancestors[0].ID
	}
	for _, s := range thread.Ancestors {
		t.roots[s.ID] = r
	}
	t.roots[id] = r
	return r, nil
}
