package report

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the reporter function from its environment and the
// networks' metrics adapters: its Lambda main and the local stack both
// run what it returns.
func Wire(e function.Env, metrics map[relais.Network]relais.NetworkMetrics) *Reporter {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	r := New(store, s3.Connect(e.AWS, e.Endpoints, e.Settings.Bucket), eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus), e.Log,
		WithBranding(e.Settings.Branding), WithEngagement(store, ssm.Connect(e.AWS, e.Endpoints), metrics, e.Settings))
	r.Now = e.Clock()
	return r
}
