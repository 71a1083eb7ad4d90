package devstack

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// The local stack fakes every API a registered network's adapter calls, so
// that make demo and the end-to-end tests reach every network; the sandbox
// network is served by the stack itself.
func TestEveryNetworkHasAFake(t *testing.T) {
	served := map[string]bool{string(relais.Sandbox): true}
	for _, f := range (&Fakes{}).list() {
		served[f.api] = true
	}
	for _, s := range relais.Specs() {
		if s.Adapter != nil && !served[s.APIName()] {
			t.Errorf("%s: the local stack has no fake of API %q", s.Name, s.APIName())
		}
	}
}
