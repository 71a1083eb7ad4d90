// Package networks gathers the network adapters each function acts
// through, so that every function wires the same ones.
package networks

import (
	"net/http"
	"os"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// EnvSandboxURL is the sandbox network's base URL, set by the local stack
// (and in AWS only for a deployment that demonstrates with it).
const EnvSandboxURL = "RELAIS_SANDBOX_URL"

// Adapters are the network adapters of one process.
type Adapters struct {
	Publishers map[relais.Network]relais.NetworkPublisher
	Moderators map[relais.Network]relais.NetworkModerator
}

// New returns the adapters, with the sandbox network's when sandboxURL is
// set.
func New(sandboxURL string) Adapters {
	a := Adapters{
		Publishers: map[relais.Network]relais.NetworkPublisher{},
		Moderators: map[relais.Network]relais.NetworkModerator{},
	}
	// Network calls must end well within a Lambda's timeout; a call that
	// times out is classified, never left hanging.
	hc := &http.Client{Timeout: 10 * time.Second}
	if sandboxURL != "" {
		c := sandboxAdapter{sandbox.NewClient(sandboxURL, hc)}
		a.Publishers[relais.Sandbox] = c
		a.Moderators[relais.Sandbox] = c
	}
	return a
}

// FromEnv returns the adapters configured by the environment.
func FromEnv() Adapters { return New(os.Getenv(EnvSandboxURL)) }
