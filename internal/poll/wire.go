package poll

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the poller function from its environment and the networks'
// polling adapters: its Lambda main and the local stack both run what it
// returns.
func Wire(e function.Env, pollers map[relais.Network]relais.NetworkPoller) *Poller {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	return New(store, intake.New(store, eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus)), ssm.Connect(e.AWS, e.Endpoints), pollers, e.Settings, e.Log)
}
