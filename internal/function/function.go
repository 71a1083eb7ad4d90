// Package function starts a Relais Lambda: it builds the logger, reads the
// settings and the AWS configuration, lets the function's main build its
// handler, and hands it to the Lambda runtime. Nothing here calls the
// network: clients connect on first use.
package function

import (
	"log/slog"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/logging"
)

// Env is what a function is wired from, by its package's Wire, in its
// Lambda main and in the local stack alike.
type Env struct {
	AWS      aws.Config
	Settings config.Settings
	Log      *slog.Logger
	// Endpoints are AWS's own in Lambda.
	Endpoints config.Endpoints
	// Now is the function's clock: the wall clock when nil, the local
	// stack's when it runs the function.
	Now func() time.Time
}

// Clock returns the function's clock.
func (e Env) Clock() func() time.Time {
	if e.Now == nil {
		return time.Now
	}
	return e.Now
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
	lambda.Start(build(Env{AWS: lambdaConfig(), Settings: settings, Log: log}))
}

// lambdaConfig is the SDK configuration Lambda hands a function through its
// environment: the region and the execution role's credentials. Reading
// them directly keeps the SDK's other credential providers (SSO, STS,
// instance metadata) out of the binary, which start-up time and size pay
// for.
func lambdaConfig() aws.Config {
	return aws.Config{
		Region: os.Getenv("AWS_REGION"),
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(
			os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN"),
		)),
	}
}
