package web

import (
	"errors"
	"io/fs"
	"testing"
)

// TestConsole: the embedded console is either built, with its index.html
// at the root, or refused with ErrNotBuilt, never an empty file system.
func TestConsole(t *testing.T) {
	app, err := Console()
	if errors.Is(err, ErrNotBuilt) {
		return
	}
	if err != nil {
		t.Fatalf("got %v, want the console or ErrNotBuilt", err)
	}
	if _, err := fs.Stat(app, "index.html"); err != nil {
		t.Errorf("the console has no index.html at its root: %v", err)
	}
}
