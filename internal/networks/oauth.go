package networks

import (
	"net/url"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// OAuthOf is how an account of network s connects, at u: the spec's
// production URLs, or where u points the network's API (the local stack's
// fake), at the same paths. It is nil for a network without OAuth.
func OAuthOf(s relais.Spec, u URLs) *relais.OAuth {
	if s.OAuth == nil {
		return nil
	}
	o := *s.OAuth
	base := u[s.APIName()]
	if base == "" {
		return &o
	}
	for _, p := range []*string{&o.AuthURL, &o.TokenURL, &o.RevokeURL} {
		*p = rebase(*p, base)
	}
	for _, e := range []**relais.Exchange{&o.Upgrade, &o.Renew} {
		if *e != nil {
			copied := **e
			copied.URL = rebase(copied.URL, base)
			*e = &copied
		}
	}
	return &o
}

// rebase is the URL at base with the path (and query) of production.
func rebase(production, base string) string {
	if production == "" {
		return ""
	}
	p, err := url.Parse(production)
	if err != nil {
		return production
	}
	return strings.TrimSuffix(base, "/") + p.RequestURI()
}
