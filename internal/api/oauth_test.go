package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/pinterest"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
)

const board = "549755885175"

// consent starts a consent as the manager and has the fake's owner answer
// it (approve "0" refuses); it returns the path the network sends the
// browser back to.
func consent(t *testing.T, f *fixture, approve string) string {
	t.Helper()
	a := f.call(t, manager, http.MethodPost, "/api/clients/acme/accounts/oauth", map[string]string{"network": "pinterest", "id": board})
	var c struct {
		ConsentURL string `json:"consentUrl"`
	}
	a.decode(t, &c)
	if a.status != http.StatusCreated || c.ConsentURL == "" {
		t.Fatalf("start: got %d %s", a.status, a.body)
	}
	page := c.ConsentURL
	if approve != "" {
		page += "&approve=" + approve
	}
	back := netfake.Consent(t, page)
	if !strings.HasPrefix(back.String(), f.url+"/api/oauth/callback?") {
		t.Fatalf("the network sends the person to %q, want the API's callback", back.Redacted())
	}
	return back.RequestURI()
}

// TestConnectWithOAuth: a manager starts a consent, the owner approves on
// the network, whose answer connects the account with its grant, once.
func TestConnectWithOAuth(t *testing.T) {
	f := newFixture(t)
	f.pinterest.RegisterAccount(board, "owner-session")
	back := consent(t, f, "")
	a := f.call(t, auth.Identity{}, http.MethodGet, back, nil)
	if a.status != http.StatusOK || !strings.Contains(string(a.body), "pinterest:"+board+" is connected to acme") {
		t.Fatalf("callback: got %d %s", a.status, a.body)
	}
	acc, err := f.store.Account(context.Background(), "acme", relais.AccountRef{Network: pinterest.Network, ID: board})
	relaistest.MustOK(t, err)
	if acc.Grant == nil || !acc.Grant.HasRefresh || acc.Grant.ExpiresAt.IsZero() {
		t.Errorf("grant: got %+v, want the token's expiry and a refresh token", acc.Grant)
	}
	listed := f.call(t, manager, http.MethodGet, "/api/clients/acme/accounts", nil)
	if !strings.Contains(string(listed.body), `"grant":{"expiresAt":`) || !strings.Contains(string(listed.body), `"renewed":true`) {
		t.Errorf("accounts: got %s, want the board's grant", listed.body)
	}
	if again := f.call(t, auth.Identity{}, http.MethodGet, back, nil); again.status != http.StatusBadRequest {
		t.Errorf("the same answer again: got %d %s, want 400", again.status, again.body)
	}
}

func TestConsentRefusals(t *testing.T) {
	f := newFixture(t)
	f.pinterest.RegisterAccount(board, "owner-session")
	tests := []struct {
		name       string
		path       func() string
		wantStatus int
		want       string
	}{
		{"refused by the owner", func() string { return consent(t, f, "0") }, http.StatusBadRequest, "consent to connect pinterest:" + board + " was refused"},
		{"unknown state", func() string { return "/api/oauth/callback?state=guess&code=c" }, http.StatusBadRequest, "unknown, was already used, or expired"},
	}
	for _, tt := range tests {
		a := f.call(t, auth.Identity{}, http.MethodGet, tt.path(), nil)
		if a.status != tt.wantStatus || !strings.Contains(string(a.body), tt.want) {
			t.Errorf("%s: got %d %s, want %d saying %q", tt.name, a.status, a.body, tt.wantStatus, tt.want)
		}
	}
	for _, tt := range []struct{ network, want string }{
		{"bluesky", "connect with a token, not OAuth"},
		{"x", "X's app is not configured: put its id in the parameter /relais/secrets/x/client-id"},
	} {
		a := f.call(t, manager, http.MethodPost, "/api/clients/acme/accounts/oauth", map[string]string{"network": tt.network, "id": "1"})
		if a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), tt.want) {
			t.Errorf("%s: got %d %s, want 422 saying %q", tt.network, a.status, a.body, tt.want)
		}
	}
}
