package relaistest

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/sdkconfig"
)

// Settings name a local deployment for the services' tests: its
// schedules' group, role and targets, and its parameters' prefix.
var Settings = config.Settings{
	ScheduleGroup:    "relais",
	SchedulerRoleARN: "arn:aws:iam::000000000000:role/relais-scheduler",
	PublisherARN:     "arn:aws:lambda:eu-west-3:000000000000:function:relais-publisher",
	ReporterARN:      "arn:aws:lambda:eu-west-3:000000000000:function:relais-reporter",
	ModeratorARN:     "arn:aws:lambda:eu-west-3:000000000000:function:relais-moderator",
	ParameterPrefix:  config.DefaultParameterPrefix,
}

// EmulatedAWS serves the local AWS emulator until the test ends and
// returns the SDK configuration and the endpoints that reach it.
func EmulatedAWS(tb testing.TB, opts ...localaws.Option) (aws.Config, config.Endpoints) {
	tb.Helper()
	srv := httptest.NewServer(localaws.New(opts...))
	tb.Cleanup(srv.Close)
	e := config.Endpoints{AWS: srv.URL}
	cfg, err := sdkconfig.Load(context.Background(), e)
	MustOK(tb, err)
	return cfg, e
}
