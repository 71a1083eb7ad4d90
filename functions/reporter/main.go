// Command reporter is the Lambda that writes clients' reports and fetches
// published posts' engagement.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/ssm"
)

func main() {
	function.Run(routing.Reporter, []string{config.EnvTable, config.EnvBus, config.EnvBucket}, func(e function.Env) any {
		store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
		return report.New(
			store,
			s3.Connect(e.AWS, e.Endpoints, e.Settings.Bucket),
			eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus),
			e.Log,
			report.WithBranding(e.Settings.Branding),
			report.WithEngagement(store, ssm.Connect(e.AWS, e.Endpoints), networks.FromEnv().Metrics, e.Settings),
		).Handle
	})
}
