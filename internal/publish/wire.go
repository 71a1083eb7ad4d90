package publish

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the publisher function from its environment and the
// networks' publishing adapters: its Lambda main and the local stack both
// run what it returns.
func Wire(e function.Env, networks map[relais.Network]relais.NetworkPublisher) *Publisher {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	p := New(store, eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus), ssm.Connect(e.AWS, e.Endpoints), networks, e.Settings, e.Log,
		WithMetricsSchedules(scheduler.Connect(e.AWS, e.Endpoints, e.Settings)), WithMedia(s3.Connect(e.AWS, e.Endpoints, e.Settings.MediaBucket)))
	p.Now = e.Clock()
	return p
}
