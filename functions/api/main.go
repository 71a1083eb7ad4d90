// Command api is the Lambda behind the Relais API's function URL.
package main

import (
	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/lambdaurl"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/routing"
)

func main() {
	required := []string{config.EnvTable, config.EnvBus, config.EnvScheduleGroup, config.EnvPublisherARN, config.EnvReporterARN,
		config.EnvSchedulerRoleARN, config.EnvIssuer, config.EnvAppClientID, config.EnvMediaBucket}
	function.Run(routing.API, required, func(e function.Env) any {
		return lambdaurl.Handler(api.Wire(e, networks.FromEnv(), networks.EnvURLs(), nil))
	})
}
