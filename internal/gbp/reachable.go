package gbp

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkAccountLister = (*Client)(nil)

const (
	// locationPage is the largest page Business Information's
	// accounts.locations.list serves.
	locationPage = 100
	// maxListPages bounds each listing (of accounts, of one account's
	// locations), so that a token Google keeps answering with more pages
	// cannot hold the connection forever.
	maxListPages = 50
)

// Reachable lists the locations the token's Google account manages, each
// with its Relais account id, accounts/{accountId}/locations/{locationId},
// and its title. The accounts come from the Account Management API's
// GET /v1/accounts (the person's own and those they manage for others),
// then each account's locations from the Business Information API's
// GET /v1/{account}/locations?readMask=name,title, which names a location
// locations/{locationId} alone: the account it was listed under completes
// the name the v4 methods take.
func (c *Client) Reachable(ctx context.Context, token string) ([]relais.Reachable, error) {
	accounts, err := c.accounts(ctx, token)
	if err != nil {
		return nil, err
	}
	var out []relais.Reachable
	// An account listed twice (on two pages) lists its locations twice.
	seen := map[string]bool{}
	for _, a := range accounts {
		locs, err := c.locations(ctx, token, a)
		if err != nil {
			return nil, err
		}
		for _, r := range locs {
			if !seen[r.ID] {
				seen[r.ID] = true
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// accounts lists the ids of the accounts the token reaches.
func (c *Client) accounts(ctx context.Context, token string) ([]string, error) {
	k := call{op: "list accounts", method: http.MethodGet, host: AccountManagementURL, path: "accounts", token: token}
	var ids []string
	err := c.pages(ctx, k, func(page *listPage) error {
		for _, a := range page.Accounts {
			id, ok := strings.CutPrefix(a.Name, "accounts/")
			if !ok || !isID(id) {
				return fmt.Errorf("unreadable account name %q", netcall.Truncate(a.Name, 80))
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}

// listPage is one page of accounts.list (accounts) or of
// accounts.locations.list with readMask=name,title (locations).
type listPage struct {
	Accounts []struct {
		Name string `json:"name"`
	} `json:"accounts"`
	Locations []struct {
		Name  string `json:"name"`
		Title string `json:"title"`
	} `json:"locations"`
	NextPageToken string `json:"nextPageToken"`
}

// pages reads every page of a listing, up to maxListPages, handing each
// to read; an answer read cannot understand fails the listing.
func (c *Client) pages(ctx context.Context, k call, read func(*listPage) error) error {
	base := k.query
	page := ""
	for range maxListPages {
		k.query = url.Values{}
		maps.Copy(k.query, base)
		if page != "" {
			k.query.Set("pageToken", page)
		}
		var p listPage
		if err := c.do(ctx, k, &p); err != nil {
			return err
		}
		if err := read(&p); err != nil {
			return refuse(k.op, err)
		}
		if p.NextPageToken == "" || p.NextPageToken == page {
			return nil
		}
		page = p.NextPageToken
	}
	return refuse(k.op, fmt.Errorf("more than %d pages; Relais cannot look through them all", maxListPages))
}

// locations lists one account's locations.
func (c *Client) locations(ctx context.Context, token, account string) ([]relais.Reachable, error) {
	k := call{op: "list locations", method: http.MethodGet, host: BusinessInformationURL, path: "accounts/" + account + "/locations", token: token}
	k.query = url.Values{"readMask": {"name,title"}, "pageSize": {strconv.Itoa(locationPage)}}
	var out []relais.Reachable
	err := c.pages(ctx, k, func(page *listPage) error {
		for _, l := range page.Locations {
			id, ok := strings.CutPrefix(l.Name, "locations/")
			if !ok || !isID(id) {
				return fmt.Errorf("unreadable location name %q", netcall.Truncate(l.Name, 80))
			}
			out = append(out, relais.Reachable{ID: Location{Account: account, ID: id}.String(), Name: l.Title})
		}
		return nil
	})
	return out, err
}
