package networks

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestOAuthOf(t *testing.T) {
	s := relais.Spec{Name: "clip", OAuth: &relais.OAuth{
		AuthURL: "https://www.clip.example/v2/auth/authorize/?x=1", TokenURL: "https://api.clip.example/oauth/token",
		Renew: &relais.Exchange{URL: "https://graph.clip.example/refresh_access_token", GrantType: "renew"},
	}}
	prod := OAuthOf(s, URLs{})
	if prod.TokenURL != s.OAuth.TokenURL || prod.Renew.URL != s.OAuth.Renew.URL {
		t.Errorf("production: got %+v", prod)
	}
	local := OAuthOf(s, URLs{"clip": "http://127.0.0.1:9000/"})
	for _, tt := range []struct{ got, want string }{
		{local.AuthURL, "http://127.0.0.1:9000/v2/auth/authorize/?x=1"},
		{local.TokenURL, "http://127.0.0.1:9000/oauth/token"},
		{local.RevokeURL, ""},
		{local.Renew.URL, "http://127.0.0.1:9000/refresh_access_token"},
		{s.OAuth.Renew.URL, "https://graph.clip.example/refresh_access_token"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if OAuthOf(relais.Spec{Name: "plain"}, URLs{}) != nil {
		t.Error("a network without OAuth: got one")
	}
}
