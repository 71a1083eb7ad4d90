// Command gen writes the files derived from the registered networks: the
// console's table (web/src/networks.json) and the event schemas' network
// enums. Run it from the repository's root: make networks.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/relais-dev/relais/internal/networks"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen: "+err.Error())
		os.Exit(1)
	}
}

func run() error {
	if err := os.WriteFile(filepath.Join("web", "src", "networks.json"), networks.Console(), 0o644); err != nil {
		return err
	}
	schemas, err := filepath.Glob(filepath.Join("events", "schemas", "*.schema.json"))
	if err != nil {
		return err
	}
	for _, p := range schemas {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, networks.WithNetworkEnum(b), 0o644); err != nil {
			return err
		}
	}
	return nil
}
