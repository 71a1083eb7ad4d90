package config

import "github.com/relais-dev/relais/internal/relais"

// LinksSigningKey signs report links (internal/links): at least 32 random
// characters, which the operator puts once, and which relais dev makes up
// at each start. Changing it revokes every link. The networks' secrets are
// declared by their specs (internal/networks.Secrets).
var LinksSigningKey = relais.Secret{Name: "links/signing-key"}
