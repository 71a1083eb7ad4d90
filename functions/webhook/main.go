// Command webhook is the Lambda behind the webhook function URL.
package main

import (
	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/lambdaurl"
	"github.com/relais-dev/relais/internal/routing"
	"github.com/relais-dev/relais/internal/webhook"
)

func main() {
	function.Run(routing.Webhook, []string{config.EnvTable, config.EnvBus}, func(e function.Env) any {
		return lambdaurl.Handler(webhook.Wire(e))
	})
}
