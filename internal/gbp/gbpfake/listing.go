package gbpfake

import (
	"net/http"
	"slices"
	"strings"
)

// AccountsPath is accounts.list's path, on the Account Management API's
// host in production.
const AccountsPath = "/v1/accounts"

// SetTitle names a registered location as its business calls it; a
// location registered without one is titled "Location {locationId}".
func (s *Server) SetTitle(location, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.titles[strings.Trim(location, "/")] = title
}

// account is an Account as accounts.list gives it.
type account struct {
	Name        string `json:"name"`
	AccountName string `json:"accountName"`
	Type        string `json:"type"`
}

// listAccounts answers accounts.list: the accounts of the locations the
// token may act for, by name, 20 to a page at most, as Google pages them.
func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	size, start, ok := paging(w, r, 20, 20)
	if !ok {
		return
	}
	var ids []string
	s.mu.Lock()
	for name := range accessOf(r.Context()).grant.locations {
		ids = append(ids, strings.Split(name, "/")[1])
	}
	s.mu.Unlock()
	slices.Sort(ids)
	ids = slices.Compact(ids)
	out := struct {
		Accounts      []account `json:"accounts"`
		NextPageToken string    `json:"nextPageToken,omitempty"`
	}{Accounts: []account{}, NextPageToken: nextPage(start, size, len(ids))}
	for _, id := range ids[min(start, len(ids)):min(start+size, len(ids))] {
		out.Accounts = append(out.Accounts, account{Name: "accounts/" + id, AccountName: "Account " + id, Type: "LOCATION_GROUP"})
	}
	writeJSON(w, http.StatusOK, out)
}

// location is a Location as accounts.locations.list gives it with
// readMask=name,title: the Business Information API names it
// locations/{locationId}, without its account.
type location struct {
	Name  string `json:"name,omitempty"`
	Title string `json:"title,omitempty"`
}

// listLocations answers accounts.locations.list for the account's
// locations the token may act for, by name, 10 to a page unless asked
// for up to 100. readMask is required and only name and title are known.
func (s *Server) listLocations(w http.ResponseWriter, r *http.Request) {
	mask := r.URL.Query().Get("readMask")
	if mask == "" {
		writeInvalid(w, "read_mask", "read_mask is required")
		return
	}
	fields := strings.Split(mask, ",")
	for _, f := range fields {
		if f != "name" && f != "title" {
			writeInvalid(w, "read_mask", "unknown field %q", f)
			return
		}
	}
	size, start, ok := paging(w, r, 10, 100)
	if !ok {
		return
	}
	prefix := "accounts/" + r.PathValue("account") + "/locations/"
	var names []string
	s.mu.Lock()
	for name := range accessOf(r.Context()).grant.locations {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	titles := make(map[string]string, len(names))
	for _, n := range names {
		titles[n] = s.titles[n]
	}
	s.mu.Unlock()
	if len(names) == 0 {
		writeError(w, http.StatusForbidden, "PERMISSION_DENIED", "The caller does not have permission")
		return
	}
	slices.Sort(names)
	out := struct {
		Locations     []location `json:"locations"`
		NextPageToken string     `json:"nextPageToken,omitempty"`
	}{Locations: []location{}, NextPageToken: nextPage(start, size, len(names))}
	for _, n := range names[min(start, len(names)):min(start+size, len(names))] {
		var l location
		if slices.Contains(fields, "name") {
			l.Name = "locations/" + strings.TrimPrefix(n, prefix)
		}
		if slices.Contains(fields, "title") {
			l.Title = titles[n]
		}
		out.Locations = append(out.Locations, l)
	}
	writeJSON(w, http.StatusOK, out)
}
