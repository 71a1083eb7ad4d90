package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/report"
)

// chromium runs Debian's headless Chromium on a page, with a profile of
// its own. The test fails, never skips, without it: make test installs it.
func chromium(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed; the report's browser test needs it (make deps installs it: apt-get install chromium)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0"}
	var out, errs bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, errs.String())
	}
	return out.String(), errs.String()
}

// TestReportRendersInChromium opens the fixture's report in headless
// Chromium: the page loads with no console error, its charts have bars and
// lines in the rendered DOM, and screenshots at desktop and phone widths
// show the charts' colours.
func TestReportRendersInChromium(t *testing.T) {
	files, err := report.Render(buildFixture(t))
	mustOK(t, err)
	page := files["report.html"]
	// Nothing is fetched: no script, no remote source, no style import.
	if m := regexp.MustCompile(`(?i)<script|<link|src="https?:|href="https?:|url\(|@import`).Find(page); m != nil {
		t.Errorf("the report would fetch or run something: %q", m)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	mustOK(t, os.WriteFile(path, page, 0o644))
	url := "file://" + path

	dom, logs := chromium(t, "--dump-dom", url)
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "CONSOLE") || strings.Contains(line, "Uncaught") {
			t.Errorf("console message while loading the report: %s", line)
		}
	}
	checks := []struct {
		what    string
		pattern string
		atLeast int
	}{
		{"charts", `<svg[^>]*role="img"`, 2},
		// 9 Nov: facebook and instagram; 10 Nov facebook; 12 Nov x; 15 Nov instagram.
		{"bars", `<rect [^>]*height="[1-9]`, 5},
		{"sentiment lines", `<path d="M[^"]+L`, 3},
		{"top posts", `<tr><td>`, 3},
		{"title", `<h1>Rapport communauté — Acme Boulangerie</h1>`, 1},
	}
	for _, c := range checks {
		if n := len(regexp.MustCompile(c.pattern).FindAllString(dom, -1)); n < c.atLeast {
			t.Errorf("%s in the rendered DOM: got %d, want at least %d", c.what, n, c.atLeast)
		}
	}

	for _, size := range []string{"1000,2200", "390,2600"} {
		shot := filepath.Join(dir, "shot.png")
		chromium(t, "--screenshot="+shot, "--window-size="+size, url)
		img := decodePNG(t, shot)
		inked, facebook := 0, 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				r, g, bl, _ := img.At(x, y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				if r < 240 || g < 240 || bl < 240 {
					inked++
				}
				// The Facebook bars: #1877f2, give or take anti-aliasing.
				if near(r, 0x18) && near(g, 0x77) && near(bl, 0xf2) {
					facebook++
				}
			}
		}
		total := b.Dx() * b.Dy()
		if inked*100 < total*3 {
			t.Errorf("screenshot at %s: %d of %d pixels are not white, want at least 3%%", size, inked, total)
		}
		if facebook < 500 {
			t.Errorf("screenshot at %s: %d pixels of the Facebook bars' colour, want at least 500", size, facebook)
		}
	}

	pdf := filepath.Join(dir, "report.pdf")
	chromium(t, "--print-to-pdf="+pdf, "--no-pdf-header-footer", url)
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) || len(b) < 10_000 {
		t.Errorf("printed PDF: %d bytes, err %v; want a PDF", len(b), err)
	}
}

func near(v, want uint32) bool { return v+6 >= want && v <= want+6 }

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	mustOK(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	return img
}
