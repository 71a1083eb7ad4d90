package devstack

import (
	"net/http"

	"github.com/relais-dev/relais/internal/config"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/function"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/s3"
	"github.com/relais-dev/relais/internal/ssm"
)

// apiFunction names the API's function, whose clients serve report links.
const apiFunction = "api"

// linksHandler is the handler of report links, with the API function's
// own clients: each redirect is pre-signed with its current credentials.
// The API, once it runs under relais dev, mounts the same handler on
// links.Pattern in place of the stack.
func linksHandler(e function.Env) http.Handler {
	store := dynamo.Connect(e.AWS, e.Endpoints, e.Settings.Table)
	key := links.NewKey(ssm.Connect(e.AWS, e.Endpoints), e.Settings.SecretParameter(config.LinksSigningKey))
	h := links.NewHandler(store, key, s3.Connect(e.AWS, e.Endpoints, e.Settings.Bucket), e.Log)
	h.Now = e.Clock()
	return h
}
