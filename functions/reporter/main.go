// Command reporter is the Lambda that writes clients' reports and fetches
// published posts' engagement.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/routing"
)

func main() {
	function.Run(routing.Reporter, []string{config.EnvTable, config.EnvBus, config.EnvBucket}, func(e function.Env) any {
		return report.Wire(e, networks.FromEnv().Metrics).Handle
	})
}
