package networks

import (
	"os"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

// TestNoFunctionCarriesAFake: every function imports the registry, and so
// every network's package, but no network's fake (internal/<net>/<net>fake)
// nor what the fakes share (internal/netfake). A fake's server, its state
// and its controls are for the local stack and the tests; they have no
// business in a Lambda binary. The packages are listed as the Makefile
// builds the functions: for linux/arm64, without cgo, with lambda.norpc.
func TestNoFunctionCarriesAFake(t *testing.T) {
	deps := programDeps(t, "../../functions/...", "../../cmd/relais")
	functions := 0
	for program, ds := range deps {
		if !strings.Contains(program, "/functions/") {
			continue
		}
		functions++
		for _, d := range ds {
			if isFake(d) {
				t.Errorf("%s depends on %s", program, d)
			}
		}
	}
	if functions < 2 {
		t.Fatalf("go list found %d functions", functions)
	}
	// The local stack serves every fake: the check does see them.
	const stack, sandboxFake = "github.com/relais-dev/relais/cmd/relais", "github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	if !slices.Contains(deps[stack], sandboxFake) {
		t.Errorf("%s does not depend on %s, which the local stack serves", stack, sandboxFake)
	}
}

// isFake reports whether a package is a fake, or what the fakes share.
func isFake(pkg string) bool {
	return strings.HasSuffix(path.Base(pkg), "fake") || pkg == "github.com/relais-dev/relais/internal/netfake"
}

// programDeps returns what each program named by patterns depends on, as
// go list -deps lists it, built as for Lambda.
func programDeps(t *testing.T, patterns ...string) map[string][]string {
	t.Helper()
	args := append([]string{"list", "-tags", "lambda.norpc", "-f", `{{.ImportPath}} {{join .Deps " "}}`}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=arm64")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := map[string][]string{}
	for line := range strings.Lines(strings.TrimSpace(string(out))) {
		program, ds, _ := strings.Cut(strings.TrimSpace(line), " ")
		deps[program] = strings.Fields(ds)
	}
	return deps
}
