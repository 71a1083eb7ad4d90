// Command reporter is the Lambda that writes clients' reports.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/report"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/s3"
)

func main() {
	function.Run(routing.Reporter, []string{config.EnvTable, config.EnvBus, config.EnvBucket}, func(e function.Env) any {
		return report.New(
			dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table),
			s3.Connect(e.AWS, e.Endpoints, e.Settings.Bucket),
			eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus),
			e.Log,
		).Handle
	})
}
