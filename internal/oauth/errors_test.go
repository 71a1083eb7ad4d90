package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// canned is a token endpoint that gives one answer.
func canned(t *testing.T, status int, header map[string]string, body string) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	c := New("testnet", relais.OAuth{TokenURL: srv.URL, Refresh: relais.RefreshToken, ScopeSeparator: ","}, clientID, clientSecret, redirectURI, nil)
	c.Now = func() time.Time { return start }
	return c
}

// TestAnswers: what each answer to a refresh means, whatever shape the
// network gives it.
func TestAnswers(t *testing.T) {
	prev := Token{Access: "at-old", Refresh: "rt-old", ExpiresAt: start, RefreshExpiresAt: start.Add(300 * day), Scopes: []string{"read"}}
	tests := []struct {
		name      string
		status    int
		header    map[string]string
		body      string
		want      Token
		wantKind  relais.Failure // "": no error
		wantCode  string
		reconnect bool
		wantWait  time.Duration
	}{
		{"rotated, with its life", 200, nil, `{"access_token":"at-new","token_type":"bearer","expires_in":3600,"refresh_token":"rt-new","refresh_token_expires_in":86400,"scope":"read write"}`,
			Token{Access: "at-new", Refresh: "rt-new", ExpiresAt: start.Add(time.Hour), RefreshExpiresAt: start.Add(day), Scopes: []string{"read", "write"}}, "", "", false, 0},
		{"rotated, its life unsaid", 200, nil, `{"access_token":"at-new","expires_in":3600,"refresh_token":"rt-new"}`,
			Token{Access: "at-new", Refresh: "rt-new", ExpiresAt: start.Add(time.Hour), Scopes: []string{"read"}}, "", "", false, 0},
		{"refresh token kept", 200, nil, `{"access_token":"at-new","expires_in":"3600"}`,
			Token{Access: "at-new", Refresh: "rt-old", ExpiresAt: start.Add(time.Hour), RefreshExpiresAt: start.Add(300 * day), Scopes: []string{"read"}}, "", "", false, 0},
		{"TikTok's names", 200, nil, `{"access_token":"at-new","expires_in":86400,"refresh_token":"rt-old","refresh_expires_in":172800,"scope":"user.info.basic,video.publish","open_id":"x"}`,
			Token{Access: "at-new", Refresh: "rt-old", ExpiresAt: start.Add(day), RefreshExpiresAt: start.Add(2 * day), Scopes: []string{"user.info.basic", "video.publish"}}, "", "", false, 0},
		{"no expiry", 200, nil, `{"access_token":"at-new"}`,
			Token{Access: "at-new", Refresh: "rt-old", RefreshExpiresAt: start.Add(300 * day), Scopes: []string{"read"}}, "", "", false, 0},
		{"invalid_grant", 400, nil, `{"error":"invalid_grant","error_description":"refresh token revoked"}`, Token{}, relais.FailPermanent, "invalid_grant", true, 0},
		{"invalid_grant with 200", 200, nil, `{"error":"invalid_grant","error_description":"expired"}`, Token{}, relais.FailPermanent, "invalid_grant", true, 0},
		{"any 400", 400, nil, `{"error":"invalid_request"}`, Token{}, relais.FailPermanent, "invalid_request", true, 0},
		{"401 without a body", 401, nil, ``, Token{}, relais.FailPermanent, "", true, 0},
		{"Meta's error object", 400, nil, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190}}`, Token{}, relais.FailPermanent, "OAuthException", true, 0},
		{"app refused", 401, nil, `{"error":"invalid_client"}`, Token{}, relais.FailPermanent, "invalid_client", false, 0},
		{"app not allowed", 400, nil, `{"error":"unauthorized_client"}`, Token{}, relais.FailPermanent, "unauthorized_client", false, 0},
		{"forbidden", 403, nil, `{"error":"access_denied"}`, Token{}, relais.FailPermanent, "access_denied", false, 0},
		{"server error", 503, nil, `<html>down</html>`, Token{}, relais.FailTransient, "", false, 0},
		{"temporarily unavailable", 400, nil, `{"error":"temporarily_unavailable"}`, Token{}, relais.FailTransient, "temporarily_unavailable", false, 0},
		{"rate limited", 429, map[string]string{"Retry-After": "30"}, `{"error":"slow_down"}`, Token{}, relais.FailTransient, "slow_down", false, 30 * time.Second},
		{"not JSON", 200, nil, `<html>ok</html>`, Token{}, relais.FailTransient, "", false, 0},
		{"no access token", 200, nil, `{"token_type":"bearer"}`, Token{}, relais.FailPermanent, "", false, 0},
		{"not a bearer token", 200, nil, `{"access_token":"at-new","token_type":"mac"}`, Token{}, relais.FailPermanent, "", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canned(t, tt.status, tt.header, tt.body).Refresh(context.Background(), prev)
			if tt.wantKind == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !sameToken(got, tt.want) {
					t.Errorf("got %v %q %q, want %v %q %q", got, got.Access, got.Refresh, tt.want, tt.want.Access, tt.want.Refresh)
				}
				return
			}
			e := netfake.MustError(t, err, clientSecret, prev.Access, prev.Refresh)
			if e.Kind != tt.wantKind || e.Code != tt.wantCode || e.RetryAfter != tt.wantWait {
				t.Errorf("got %s %q wait %v, want %s %q wait %v", e.Kind, e.Code, e.RetryAfter, tt.wantKind, tt.wantCode, tt.wantWait)
			}
			if errors.Is(err, ErrReconnect) != tt.reconnect {
				t.Errorf("ErrReconnect: got %v, want %v (%v)", !tt.reconnect, tt.reconnect, err)
			}
		})
	}
}

func sameToken(a, b Token) bool {
	return a.Access == b.Access && a.Refresh == b.Refresh && a.ExpiresAt.Equal(b.ExpiresAt) &&
		a.RefreshExpiresAt.Equal(b.RefreshExpiresAt) && slices.Equal(a.Scopes, b.Scopes)
}

// TestNoSecretInErrors: a network that quotes the request back in its
// error (query and form) shows none of the call's secrets in Relais'
// errors, whatever the call.
func TestNoSecretInErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		quoted := strings.NewReplacer(`"`, ``, `\`, ``).Replace(r.URL.RawQuery + "&" + string(body))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, `{"error":"`+quoted+`","error_description":"bad request: `+quoted+`"}`)
	}))
	defer srv.Close()
	o := relais.OAuth{AuthURL: srv.URL, TokenURL: srv.URL, RevokeURL: srv.URL, PKCE: true, Refresh: relais.RefreshToken}
	renew := relais.Exchange{GrantType: "fb_exchange_token", TokenParam: "fb_exchange_token", ClientID: true, ClientSecret: true}
	tok := Token{Access: "at-secret-access", Refresh: "rt-secret-refresh"}
	const code, verifier = "code-secret", "verifier-secret-dBjftJeZ4CVP-mB92K27uhbUJU1p1r"
	secrets := []string{clientSecret, tok.Access, tok.Refresh, code, verifier}
	tests := []struct {
		name string
		call func(c *Client) error
		o    func(*relais.OAuth)
	}{
		{"exchange", func(c *Client) error { _, err := c.Exchange(context.Background(), code, verifier); return err }, nil},
		{"refresh", func(c *Client) error { _, err := c.Refresh(context.Background(), tok); return err }, nil},
		{"revoke", func(c *Client) error { return c.Revoke(context.Background(), tok) }, nil},
		{"upgrade", func(c *Client) error { _, err := c.Upgrade(context.Background(), tok); return err }, func(o *relais.OAuth) { o.Upgrade = &renew }},
		{"exchange by GET", func(c *Client) error {
			c.o.Refresh = relais.RefreshExchange
			_, err := c.Refresh(context.Background(), tok)
			return err
		}, func(o *relais.OAuth) { o.Renew = &renew }},
		{"exchange by POST", func(c *Client) error {
			c.o.Refresh = relais.RefreshExchange
			_, err := c.Refresh(context.Background(), tok)
			return err
		}, func(o *relais.OAuth) {
			o.Renew = &relais.Exchange{Method: "POST", GrantType: "x", TokenParam: "access_token", ClientSecret: true}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := o
			if tt.o != nil {
				tt.o(&o)
			}
			c := New("testnet", o, clientID, clientSecret, redirectURI, nil)
			err := tt.call(c)
			netfake.MustError(t, err, secrets...)
			if !strings.Contains(err.Error(), "[token]") {
				t.Errorf("%q: the quoted request is not in the error, so the test proves nothing", err)
			}
		})
	}
}
