// Package function starts a Relais Lambda: it builds the logger, reads the
// settings and the AWS configuration, lets the function's main build its
// handler, and hands it to the Lambda runtime. Nothing here calls the
// network: clients connect on first use.
package function

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/logging"
)

// Env is what a function's main builds its handler from.
type Env struct {
	AWS      aws.Config
	Settings config.Settings
	Log      *slog.Logger
	// Endpoints are AWS's own in Lambda.
	Endpoints config.Endpoints
}

// Run starts the function named name. required lists the environment
// variables it cannot run without; build returns the handler, any of the
// forms lambda.Start takes.
func Run(name string, required []string, build func(Env) any) {
	log := logging.New(os.Stdout, name)
	settings, err := config.FromEnv(required...)
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	cfg, err := config.LoadAWS(context.Background(), config.Endpoints{})
	if err != nil {
		log.Error("start", "err", err)
		os.Exit(1)
	}
	lambda.Start(build(Env{AWS: cfg, Settings: settings, Log: log}))
}
