// Command publisher is the Lambda that a post's schedule invokes.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/ssm"
)

func main() {
	required := []string{config.EnvTable, config.EnvBus, config.EnvScheduleGroup, config.EnvReporterARN, config.EnvSchedulerRoleARN}
	function.Run(routing.Publisher, required, func(e function.Env) any {
		return publish.New(
			dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table),
			eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus),
			ssm.Connect(e.AWS, e.Endpoints),
			networks.FromEnv().Publishers,
			e.Settings, e.Log,
			publish.WithMetricsSchedules(scheduler.Connect(e.AWS, e.Endpoints, e.Settings)),
		).Run
	})
}
