// Command poller is the Lambda that polls the networks without webhooks
// for the mentions and replies of each connected account.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/poll"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/ssm"
)

func main() {
	function.Run(routing.Poller, []string{config.EnvTable, config.EnvBus}, func(e function.Env) any {
		store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
		return poll.New(
			store,
			intake.New(store, eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus)),
			ssm.Connect(e.AWS, e.Endpoints),
			networks.FromEnv().Pollers,
			e.Settings, e.Log,
		).Run
	})
}
