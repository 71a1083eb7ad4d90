package publish

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/ssm"
	"github.com/relais-dev/relais/internal/tokens"
)

// Wire wires the publisher function from its environment and the
// networks' publishing adapters, whose OAuth endpoints answer at urls: its
// Lambda main and the local stack both run what it returns.
func Wire(e function.Env, adapters map[relais.Network]relais.NetworkPublisher, urls networks.URLs) *Publisher {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	bus, params := eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus), ssm.Connect(e.AWS, e.Endpoints)
	renewer := tokens.New(store, params, bus, e.Settings, urls, e.Log)
	renewer.Now = e.Clock()
	p := New(store, bus, params, adapters, e.Settings, e.Log,
		WithMetricsSchedules(scheduler.Connect(e.AWS, e.Endpoints, e.Settings)), WithMedia(s3.Connect(e.AWS, e.Endpoints, e.Settings.MediaBucket)),
		WithRenewer(renewer))
	p.Now = e.Clock()
	return p
}
