package relaistest

import (
	"net/http"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// AcmeToken is acme-page's access token; nothing Relais logs may contain
// it.
const AcmeToken = "tok-acme-5c2e8a"

// Acme is a fresh table holding client acme and its sandbox account
// acme-page, whose token is in Params, on a real sandbox network served
// over HTTP at URL, whose clock stands at the given time.
type Acme struct {
	Store   *dynamo.Store
	Network *sandboxfake.Network
	Params  *Parameters
	URL     string
}

// NewAcme returns acme's table and network at now, its token kept under
// settings' prefix.
func NewAcme(tb testing.TB, now time.Time, settings config.Settings) Acme {
	tb.Helper()
	a := relais.Account{ClientID: "acme", Network: relais.Sandbox, ID: "acme-page"}
	s := NewStore(tb, now, []relais.Client{{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Brands: []string{"Acme"}}}, a)
	// The network announces each comment to a receiver that only says
	// yes: the tests store the interactions themselves.
	receiver := Serve(tb, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	network := sandboxfake.NewNetwork(receiver, []byte("whsec-test"))
	network.Now = func() time.Time { return now }
	params := &Parameters{}
	RegisterToken(network, params, settings, a, AcmeToken)
	return Acme{Store: s, Network: network, Params: params, URL: Serve(tb, network)}
}
