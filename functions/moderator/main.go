// Command moderator is the Lambda that moderates each interaction received.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/moderation"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/routing"
)

func main() {
	function.Run(routing.Moderator, []string{config.EnvTable, config.EnvBus, config.EnvScheduleGroup, config.EnvSchedulerRoleARN, config.EnvModeratorARN}, func(e function.Env) any {
		return moderation.Wire(e, networks.FromEnv()).Run
	})
}
