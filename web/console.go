// Package web carries the built console, so that relais dev serves it
// from any folder. The console is a TypeScript single-page app whose
// source sits beside this file; Vite builds it into dist/app (make deps
// or make build), which is never committed.
package web

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
)

// dist holds README.md, so that the pattern always matches, and the
// built console once made; "all:" keeps the files whose names start
// with "_" or ".", which a bundler may write.
//
//go:embed all:dist
var dist embed.FS

// ErrNotBuilt is Console's error when this binary carries no console.
var ErrNotBuilt = errors.New("web: the console is not built into this binary (run make deps or make build, then build relais again)")

// Console returns the built console's files, rooted where its index.html
// is, or ErrNotBuilt.
func Console() (fs.FS, error) {
	app, err := fs.Sub(dist, "dist/app")
	if err != nil {
		return nil, fmt.Errorf("web: open dist/app: %w", err)
	}
	if _, err := fs.Stat(app, "index.html"); err != nil {
		return nil, ErrNotBuilt
	}
	return app, nil
}
