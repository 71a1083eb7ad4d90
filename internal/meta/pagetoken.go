package meta

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/relais"
)

// PageToken returns the Page access token of pageID that a person's user
// token grants (GET /{page-id}?fields=access_token; the person must be
// able to act on the Page), for the Page's own calls, which take no user
// token. Got with a long-lived user token it has no expiry; with a
// short-lived one it lasts about an hour (Pages API, Access Tokens).
func (f *Facebook) PageToken(ctx context.Context, userToken, pageID string) (string, error) {
	k := call{network: relais.Facebook, op: "page token", method: http.MethodGet, path: node(pageID),
		query: url.Values{"fields": {"access_token"}}, token: userToken}
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := f.c.do(ctx, k, &out); err != nil {
		return "", err
	}
	if out.AccessToken == "" {
		return "", k.failed(http.StatusOK, true, errors.New("the answer carries no Page access token"))
	}
	return out.AccessToken, nil
}

// AccountToken implements relais.NetworkAccountTokener: a Page acts with
// its own token, got from the person's long-lived one, which does not
// expire.
func (f *Facebook) AccountToken(ctx context.Context, userToken, pageID string) (string, error) {
	return f.PageToken(ctx, userToken, pageID)
}
