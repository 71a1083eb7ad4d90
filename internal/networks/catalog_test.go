package networks

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The files derived from the registered networks are as make networks
// writes them: a network added or changed without it fails here.
func TestDerivedFilesAreCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	got, err := os.ReadFile(filepath.Join(root, "web", "src", "networks.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := Console(); !bytes.Equal(got, want) {
		t.Errorf("web/src/networks.json is not the registered networks':\n%s\nwant\n%s\nrun make networks", got, want)
	}
	schemas, err := filepath.Glob(filepath.Join(root, "events", "schemas", "*.schema.json"))
	if err != nil || len(schemas) == 0 {
		t.Fatalf("schemas: %v, %d found", err, len(schemas))
	}
	for _, p := range schemas {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if want := WithNetworkEnum(got); !bytes.Equal(got, want) {
			t.Errorf("%s: its network enum is not the registered networks; run make networks", filepath.Base(p))
		}
	}
}
