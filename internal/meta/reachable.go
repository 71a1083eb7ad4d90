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

// Reachable implements relais.NetworkAccountLister: the Instagram
// professional accounts linked to the Pages a person's user token can act
// on (GET /me/accounts with instagram_business_account).
func (g *Instagram) Reachable(ctx context.Context, userToken string) ([]relais.Reachable, error) {
	k := call{network: relais.Instagram, op: "list accounts", method: http.MethodGet, path: node("me", "accounts"),
		query: url.Values{"fields": {"instagram_business_account{id,username}"}, "limit": {pageLimit}}, token: userToken}
	var out struct {
		Data []struct {
			Account *struct {
				ID       string `json:"id"`
				Username string `json:"username"`
			} `json:"instagram_business_account"`
		} `json:"data"`
	}
	if err := g.c.do(ctx, k, &out); err != nil {
		return nil, err
	}
	var reach []relais.Reachable
	for _, p := range out.Data {
		if p.Account != nil {
			reach = append(reach, relais.Reachable{ID: p.Account.ID, Name: p.Account.Username})
		}
	}
	return reach, nil
}
