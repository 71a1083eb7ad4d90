// Command poller is the Lambda that polls the networks without webhooks
// for the mentions and replies of each connected account.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/poll"
	"github.com/relais-dev/relais/internal/routing"
)

func main() {
	function.Run(routing.Poller, []string{config.EnvTable, config.EnvBus}, func(e function.Env) any {
		return poll.Wire(e, networks.FromEnv().Pollers).Run
	})
}
