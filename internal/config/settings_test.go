package config

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestTokenParameter(t *testing.T) {
	s := Settings{ParameterPrefix: DefaultParameterPrefix}
	for _, c := range []struct {
		ref  relais.AccountRef
		want string
	}{
		{relais.AccountRef{Network: relais.LinkedIn, ID: "urn:li:organization:77"}, "/relais/tokens/acme/linkedin/77"},
		{relais.AccountRef{Network: relais.LinkedIn, ID: "77"}, "/relais/tokens/acme/linkedin/77"},
		{relais.AccountRef{Network: relais.Mastodon, ID: "@Acme@Mastodon.Social"}, "/relais/tokens/acme/mastodon/acme_40mastodon.social"},
		{relais.AccountRef{Network: relais.Facebook, ID: "104857392018375"}, "/relais/tokens/acme/facebook/104857392018375"},
	} {
		if got := s.TokenParameter("acme", c.ref); got != c.want {
			t.Errorf("%s: got %s, want %s", c.ref, got, c.want)
		}
	}
}
