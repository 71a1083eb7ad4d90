package inbox

import (
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/networks"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the inbox from a function's environment and the networks'
// adapters, for the api function and the CLI alike.
func Wire(e function.Env, adapters networks.Adapters) *Service {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	s := New(store, ssm.Connect(e.AWS, e.Endpoints), adapters, e.Settings, e.Log)
	s.Now = e.Clock()
	return s
}
