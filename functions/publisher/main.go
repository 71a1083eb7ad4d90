// Command publisher is the Lambda that a post's schedule invokes.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/publish"
	"github.com/relais-dev/relais/internal/routing"
)

func main() {
	required := []string{config.EnvTable, config.EnvBus, config.EnvScheduleGroup, config.EnvReporterARN, config.EnvSchedulerRoleARN, config.EnvMediaBucket}
	function.Run(routing.Publisher, required, func(e function.Env) any {
		urls := networks.EnvURLs()
		return publish.Wire(e, networks.New(urls, networks.DefaultTimeout).Publishers, urls).Run
	})
}
