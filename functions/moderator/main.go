// Command moderator is the Lambda that moderates each interaction received.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/ssm"
)

func main() {
	function.Run(routing.Moderator, []string{config.EnvTable, config.EnvBus}, func(e function.Env) any {
		return moderation.New(
			dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table),
			eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus),
			ssm.Connect(e.AWS, e.Endpoints),
			networks.FromEnv(),
			e.Settings, e.Log,
		).Run
	})
}
