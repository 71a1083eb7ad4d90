package report

import (
	"time"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/eventbridge"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/ssm"
)

// Wire wires the reporter function from its environment and the
// networks' metrics adapters: its Lambda main and the local stack both
// run what it returns. Report Ready carries a link served by the API when
// the settings name the API's URL.
func Wire(e function.Env, metrics map[relais.Network]relais.NetworkMetrics) *Reporter {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	store.Now = e.Clock()
	params := ssm.Connect(e.AWS, e.Endpoints)
	r := New(store, s3.Connect(e.AWS, e.Endpoints, e.Settings.Bucket), eventbridge.Connect(e.AWS, e.Endpoints, e.Settings.Bus), e.Log,
		WithBranding(e.Settings.Branding), WithEngagement(store, params, metrics, e.Settings), WithDeploymentLinks(store, params, e.Settings, e.Clock()), WithRecords(store))
	r.Now = e.Clock()
	return r
}

// WithDeploymentLinks makes Report Ready carry links served by the API
// the settings name, signed with the deployment's key. Without the API's
// URL it leaves the reporter without links.
func WithDeploymentLinks(store links.Store, params relais.Parameters, s config.Settings, now func() time.Time) Option {
	if s.APIURL == "" {
		return func(*Reporter) {}
	}
	issuer := links.NewIssuer(store, links.NewKey(params, s.SecretParameter(config.LinksSigningKey)), s.APIURL)
	issuer.Now = now
	return WithLinks(issuer)
}
