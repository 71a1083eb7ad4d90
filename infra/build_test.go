package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/relais-dev/relais/internal/routing"
)

// TestHandlersBuild proves that every function of ../functions builds for
// Lambda (linux/arm64, no cgo, lambda.norpc) into a small bootstrap, and
// that the shared template was synthesized from those very binaries.
func TestHandlersBuild(t *testing.T) {
	for _, name := range routing.Functions {
		t.Run(name, func(t *testing.T) {
			if err := buildErrs[name]; err != nil {
				t.Fatalf("go build ./functions/%s: %v", name, err)
			}
			built := filepath.Join(assetDir, name, "bootstrap")
			info, err := os.Stat(built)
			if err != nil {
				t.Fatal(err)
			}
			if info.Size() > routing.MaxBootstrap(name) {
				t.Errorf("bootstrap is %d bytes, want at most %d", info.Size(), routing.MaxBootstrap(name))
			}
			if info.Mode()&0o111 == 0 {
				t.Errorf("bootstrap mode %v is not executable", info.Mode())
			}

			// The function's code asset is a copy of this binary.
			id := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-"+name)
			meta, _ := resources("AWS::Lambda::Function")[id]["Metadata"].(map[string]any)
			asset, _ := meta["aws:asset:path"].(string)
			if asset == "" {
				t.Fatalf("function %s has no asset path", name)
			}
			staged, err := os.ReadFile(filepath.Join(outDir, asset, "bootstrap"))
			if err != nil {
				t.Fatalf("staged asset: %v", err)
			}
			want, err := os.ReadFile(built)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(staged, want) {
				t.Errorf("staged asset %s differs from the built bootstrap", asset)
			}
		})
	}
}
