package console

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Viewports the console is checked at: a phone and a desktop.
var (
	phone   = viewport{"phone", 390, 844}
	desktop = viewport{"desktop", 1280, 900}
)

type viewport struct {
	name          string
	width, height int64
}

// browser starts the system Chromium, headless; each person then gets a
// tab of their own (a tab's sessionStorage is its sign-in).
func browser(t testing.TB) context.Context {
	t.Helper()
	path := "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the browser tests need Chromium at %s (make deps installs it): %v", path, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(int(desktop.width), int(desktop.height)),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// page is one person's tab.
type page struct {
	t   testing.TB
	ctx context.Context
	url string
}

func newPage(t testing.TB, browserCtx context.Context, url string, v viewport) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	p := &page{t: t, ctx: ctx, url: url}
	// The tab's first action opens it, with no timeout: a timeout there
	// would close the tab when it ends.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(v.width, v.height)); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return p
}

// run runs actions, failing the test with what was being done and what
// the page then said.
func (p *page) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	get(p, what, chromedp.Steps(actions...))
}

// get runs one action and answers its value.
func get[T any](p *page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		body, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		p.t.Fatalf("%s: %v\nthe page at %s says: %s", what, err, p.location(), strings.Join(strings.Fields(body), " "))
	}
	return v
}

func (p *page) location() string {
	v, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`location.href`))
	return v
}

// eval runs a script and answers its (awaited) value.
func eval[T any](p *page, what, script string) T {
	p.t.Helper()
	return get(p, what, chromedp.Evaluate[T](script, chromedp.EvalAwaitPromise))
}

// text waits until the selector's element holds want, across page loads
// (a sign-in goes through two).
func (p *page) text(sel, want string) {
	p.t.Helper()
	p.until(fmt.Sprintf("%q in %s", want, sel), fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q) })()`, sel, want))
}

// value waits until the selector's field holds want.
func (p *page) value(sel, want string) {
	p.t.Helper()
	p.until(fmt.Sprintf("%q as the value of %s", want, sel), fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.value === %q })()`, sel, want))
}

// until waits until script says true, for 20 s at most.
func (p *page) until(what, script string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`document.body.innerText`))
	p.t.Fatalf("wait for %s: not there after 20 s\nthe page at %s says: %s", what, p.location(), strings.Join(strings.Fields(body), " "))
}

// fill sets an input's value as typing would, for Preact's input handler.
func (p *page) fill(sel, value string) {
	p.t.Helper()
	// A screen may still be loading what holds the field.
	p.run("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
	script := fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel, value)
	eval[bool](p, "fill "+sel, script)
}

// clickText clicks the first button or link whose text is exactly label.
func (p *page) clickText(label string) {
	p.t.Helper()
	sel := fmt.Sprintf(`//*[self::button or self::a][normalize-space(.)=%q]`, label)
	// A button stays disabled while its screen finishes an earlier action;
	// a person waits for it, and so does the test.
	p.run("click "+label, chromedp.WaitVisible(chromedp.Search(sel)), chromedp.WaitEnabled(chromedp.Search(sel)), chromedp.Click(chromedp.Search(sel)))
}

// resize changes the viewport of the tab.
func (p *page) resize(v viewport) {
	p.t.Helper()
	p.run("resize to "+v.name, chromedp.EmulateViewport(v.width, v.height))
}

// drag moves the mouse from one point to another with the button down,
// in steps, as a person's hand does.
func (p *page) drag(fromX, fromY, toX, toY float64) {
	p.t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.MouseEvent(chromedp.MouseMoved, fromX, fromY),
		chromedp.MouseEvent(chromedp.MousePressed, fromX, fromY, chromedp.ButtonLeft, chromedp.ClickCount(1)),
	}
	for i := 1; i <= 12; i++ {
		f := float64(i) / 12
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, fromX+(toX-fromX)*f, fromY+(toY-fromY)*f, chromedp.ButtonLeft),
			chromedp.Sleep(25*time.Millisecond))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, toX, toY, chromedp.ButtonLeft, chromedp.ClickCount(1)))
	p.run("drag", actions...)
}

// box is an element's place on the page.
type box struct{ X, Y, W, H float64 }

func (p *page) box(sel string) box {
	p.t.Helper()
	return eval[box](p, "find "+sel, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return {X: r.x, Y: r.y, W: r.width, H: r.height} })()`, sel))
}

// axeSource is axe-core as the console's lockfile pins it.
func axeSource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "web", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatalf("read axe-core (make deps installs it into web/node_modules): %v", err)
	}
	return string(b)
}

type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// accessible runs axe-core on the page as it is, and fails the test on
// any serious or critical violation.
func (p *page) accessible(axe, screen string) {
	p.t.Helper()
	if !eval[bool](p, "look for axe-core", `typeof window.axe !== "undefined"`) {
		eval[bool](p, "inject axe-core", axe+"; true")
	}
	raw := eval[string](p, "run axe-core on "+screen, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`)
	var vs []violation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		p.t.Fatalf("read axe-core's answer: %v", err)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		p.t.Errorf("%s: axe-core finds a %s violation, %s (%s), at:\n  %s", screen, v.Impact, v.ID, v.Help, strings.Join(where, "\n  "))
	}
}

// screenshot writes the page as PNG into docs/screenshots when the run
// was asked for them (make screenshots).
func (p *page) screenshot(name string) {
	p.t.Helper()
	if os.Getenv("RELAIS_SCREENSHOTS") == "" {
		return
	}
	png := get(p, "screenshot "+name, chromedp.FullScreenshot(100))
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
