package events_test

// The schemas' network enums are checked against the registered networks:
// importing the registry registers them for the whole test binary.
import _ "github.com/relais-dev/relais/internal/networks"
