package relais_test

// The domain's tests check its rules against the networks Relais
// registers, as they are: importing the registry here registers them for
// the whole test binary, the package's own tests included.
import _ "github.com/relais-dev/relais/internal/networks"
