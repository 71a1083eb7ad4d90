package moderation

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/scheduler"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the moderator function from its environment and the
// networks' adapters: its Lambda main and the local stack both run what
// it returns.
func Wire(e function.Env, adapters networks.Adapters) *Moderator {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	m := New(store, eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus), ssm.Connect(e.AWS, e.Endpoints), adapters, e.Settings, e.Log)
	m.Now = e.Clock()
	m.Inbox.Schedules = scheduler.Connect(e.AWS, e.Endpoints, e.Settings)
	return m
}
