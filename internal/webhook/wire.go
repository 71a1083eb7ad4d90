package webhook

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/intake"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the webhook function from its environment: its Lambda main
// and the local stack both run what it returns.
func Wire(e function.Env) *Handler {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	h := New(intake.New(store, eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus)), ssm.Connect(e.AWS, e.Endpoints), e.Settings, e.Log)
	h.Now = e.Clock()
	return h
}
