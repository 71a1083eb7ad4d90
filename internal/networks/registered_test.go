package networks

import (
	"os/exec"
	"strings"
	"testing"
)

// Every program that runs Relais registers the networks: the domain's
// guards, the webhook routes and the account spellings read the registry,
// which is empty in a program that does not import this package.
func TestEveryProgramRegistersTheNetworks(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "../../functions/...", "../../cmd/relais").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const registry = "github.com/relais-dev/relais/internal/networks"
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 2 {
		t.Fatalf("go list found %d programs", len(lines))
	}
	for _, line := range lines {
		program, deps, _ := strings.Cut(line, " ")
		if !strings.Contains(" "+deps+" ", " "+registry+" ") {
			t.Errorf("%s does not import %s", program, registry)
		}
	}
}
