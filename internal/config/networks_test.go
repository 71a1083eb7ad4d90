package config_test

// The networks' own spellings and labels come from the registry: importing
// it registers them for the whole test binary.
import _ "github.com/relais-dev/relais/internal/networks"
