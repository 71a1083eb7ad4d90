package clients_test

// Account spellings and the networks' limits come from the registry:
// importing it registers them for the whole test binary.
import _ "github.com/relais-dev/relais/internal/networks"
