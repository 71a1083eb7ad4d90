package meta

import (
	"context"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/relais"
)

// Reachable implements relais.NetworkAccountLister: the Pages a person's
// user token can act on (GET /me/accounts, a page of up to pageLimit),
// each an account of Relais.
func (f *Facebook) Reachable(ctx context.Context, userToken string) ([]relais.Reachable, error) {
	k := call{network: relais.Facebook, op: "list pages", method: http.MethodGet, path: node("me", "accounts"),
		query: url.Values{"fields": {"id,name"}, "limit": {pageLimit}}, token: userToken}
	var out struct {
		Data []relais.Reachable `json:"data"`
	}
	if err := f.c.do(ctx, k, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}
