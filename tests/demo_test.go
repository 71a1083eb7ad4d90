package tests

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDemo runs relais demo as make demo does, from a folder of its own,
// and checks that its scenario went through: every step ran, the
// console's sign-in of each role was printed, and the report's files were
// written. Its stdin is no terminal, so the demo ends with its scenario.
func TestDemo(t *testing.T) {
	root, err := filepath.Abs("..")
	must(t, err)
	bin := filepath.Join(t.TempDir(), "relais")
	build := exec.Command("go", "build", "-o", bin, "./cmd/relais")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build relais: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	out := filepath.Join(t.TempDir(), "demo")
	cmd := exec.CommandContext(ctx, bin, "demo", "--out", out)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("relais demo: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	for _, want := range []string{"==> creating two clients", "published", "is refused", "==> moderation", "Crisis Suspected",
		"is pending_approval", "==> the console", "?login_hint=ada", "?login_hint=camille", "/review#token=v1.", "==> done"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, stdout.String())
		}
	}
	var files []string
	must(t, filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.Base(path))
		}
		return err
	}))
	for _, want := range []string{"report.html", "report.csv", "report.json"} {
		if !strings.Contains(strings.Join(files, " "), want) {
			t.Errorf("demo files %v: no %s", files, want)
		}
	}
}
