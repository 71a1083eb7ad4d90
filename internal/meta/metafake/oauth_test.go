package metafake

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
)

// userToken is the short-lived user token of the person who manages
// account, as the Login dialog and the code exchange give it to the
// default app.
func userToken(t *testing.T, srv string, account string) string {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	consent := srv + "/v21.0/dialog/oauth?" + url.Values{"client_id": {DefaultAppID}, "redirect_uri": {"https://relais.example/cb"},
		"response_type": {"code"}, "state": {"s"}, "scope": {"pages_show_list,pages_manage_posts"}, "account": {account}}.Encode()
	resp, err := noRedirect.Get(consent)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("consent: got %d to %q, want a code", resp.StatusCode, loc)
	}
	a := send(t, "POST", srv+"/v21.0"+TokenPath, form, url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {"https://relais.example/cb"}, "client_id": {DefaultAppID}, "client_secret": {DefaultAppSecret}}.Encode())
	token, _ := a.body["access_token"].(string)
	if a.status != http.StatusOK || token == "" {
		t.Fatalf("code exchange: got %d %v", a.status, a.body)
	}
	return token
}

// TestTokenEndpointRefusals: Facebook Login's refusals come in Graph's
// shape, an OAuthException, as do the faults of its token endpoint.
func TestTokenEndpointRefusals(t *testing.T) {
	exchange := func(secret, token string) string {
		return TokenPath + "?" + url.Values{"grant_type": {"fb_exchange_token"}, "client_id": {DefaultAppID},
			"client_secret": {secret}, "fb_exchange_token": {token}}.Encode()
	}
	tests := []struct {
		name       string
		method     string
		path, body string
		fault      netfake.Fault
		wantStatus int
		wantCode   float64
	}{
		{"wrong app secret", "GET", exchange("nope", "EAAG-never-issued"), "", netfake.None, 400, 101},
		{"unknown token", "GET", exchange(DefaultAppSecret, "EAAG-never-issued"), "", netfake.None, 400, 100},
		{"unknown code", "POST", TokenPath, url.Values{"grant_type": {"authorization_code"}, "code": {"AQ-guess"}, "redirect_uri": {"https://relais.example/cb"},
			"client_id": {DefaultAppID}, "client_secret": {DefaultAppSecret}}.Encode(), netfake.None, 400, 100},
		{"server error", "GET", exchange(DefaultAppSecret, "EAAG-never-issued"), "", netfake.ServerError, 500, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newServer(t)
			s.Faults.FailNext(1, tt.fault)
			a := send(t, tt.method, srv.URL+"/v21.0"+tt.path, form, tt.body)
			if a.status != tt.wantStatus || a.code != tt.wantCode {
				t.Errorf("got %d code %v, want %d code %v (%v)", a.status, a.code, tt.wantStatus, tt.wantCode, a.body)
			}
			if e, _ := a.body["error"].(map[string]any); tt.fault == netfake.None && e["type"] != "OAuthException" {
				t.Errorf("type: got %v, want OAuthException", e["type"])
			}
		})
	}
}

// TestMeAccounts: a user token lists the Page its person manages, with a
// Page token that acts for it; an Instagram account's person, the Page
// the account is linked to, with the account.
func TestMeAccounts(t *testing.T) {
	tests := []struct {
		name      string
		account   string // the consent's: "" calls with the Page's own token
		wantPages int
		wantCode  float64
	}{
		{"a Page's person", pageID, 1, 0},
		{"an Instagram account's person", igID, 1, 0},
		{"a Page token", "", 0, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newServer(t)
			token := pageToken
			if tt.account != "" {
				token = userToken(t, srv.URL, tt.account)
			}
			a := send(t, "GET", srv.URL+"/v21.0/me/accounts?access_token="+token, "", "")
			data, _ := a.body["data"].([]any)
			if a.code != tt.wantCode || len(data) != tt.wantPages {
				t.Fatalf("got code %v and %d pages, want code %v and %d (%v)", a.code, len(data), tt.wantCode, tt.wantPages, a.body)
			}
			if tt.wantPages == 0 {
				return
			}
			p := data[0].(map[string]any)
			if tt.account == igID {
				if ig, _ := p["instagram_business_account"].(map[string]any); ig["id"] != igID {
					t.Errorf("page: got %v, want one linked to %s", p, igID)
				}
				return
			}
			pt, _ := p["access_token"].(string)
			if p["id"] != pageID || pt == "" {
				t.Fatalf("page: got %v, want %s with a token", p, pageID)
			}
			if b := send(t, "POST", srv.URL+"/v21.0/"+pageID+"/feed", form, "message=hi&access_token="+pt); b.status != http.StatusOK {
				t.Errorf("post with the Page token: got %d %v", b.status, b.body)
			}
		})
	}
}
