package devstack

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

const awsOrigin = "http://127.0.0.1:4566"

var built = fstest.MapFS{
	"index.html":            {Data: []byte("<!doctype html><title>Relais</title>")},
	"assets/index-ab12.js":  {Data: []byte("console.log(1)")},
	"assets/index-ab12.css": {Data: []byte("body{}")},
	"favicon.svg":           {Data: []byte("<svg/>")},
}

// TestConsole: files are served as they are, with hashed assets cached
// for good and index.html revalidated; any other GET path is the page,
// which routes itself; the stack's own paths and other methods are not
// the console's.
func TestConsole(t *testing.T) {
	tests := []struct {
		name, method, path string
		files              fs.FS
		status             int
		body, ctype, cache string
	}{
		{"root", http.MethodGet, "/", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"index.html itself", http.MethodGet, "/index.html", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"a hashed script", http.MethodGet, "/assets/index-ab12.js", built, 200, "console.log(1)", "text/javascript", cacheAssets},
		{"a hashed stylesheet", http.MethodGet, "/assets/index-ab12.css", built, 200, "body{}", "text/css", cacheAssets},
		{"a file beside index.html", http.MethodGet, "/favicon.svg", built, 200, "<svg/>", "image/svg+xml", cacheIndex},
		{"a calendar URL", http.MethodGet, "/c/acme/calendar?view=week&date=2027-03-01", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"the review screen", http.MethodGet, "/review", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"a report", http.MethodGet, "/c/acme/reports/2027-W09", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"a folder", http.MethodGet, "/assets/", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"a hashed file that is not there", http.MethodGet, "/assets/index-old.js", built, 404, "not found", "text/plain", ""},
		{"a path climbing out", http.MethodGet, "/../../etc/passwd", built, 200, "<title>Relais</title>", "text/html", cacheIndex},
		{"HEAD", http.MethodHead, "/c/acme/inbox", built, 200, "", "text/html", cacheIndex},
		{"POST", http.MethodPost, "/c/acme/compose", built, 405, "GET only", "text/plain", ""},
		{"the API's prefix, unrouted", http.MethodGet, "/api", built, 404, "not found", "text/plain", ""},
		{"the issuer's prefix, unrouted", http.MethodGet, "/oidc/x", built, 404, "not found", "text/plain", ""},
		{"webhooks, unrouted", http.MethodGet, "/webhooks/", built, 404, "not found", "text/plain", ""},
		{"the sandbox, unrouted", http.MethodGet, "/sandbox/posts", built, 404, "not found", "text/plain", ""},
		{"account registration by GET", http.MethodGet, AccountsPath, built, 404, "not found", "text/plain", ""},
		{"not built", http.MethodGet, "/", nil, 503, "make deps", "text/html", "no-store"},
		{"not built, any page", http.MethodGet, "/c/acme/calendar", nil, 503, "make deps", "text/html", "no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newConsole(tt.files, awsOrigin)
			w := httptest.NewRecorder()
			c.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
			if w.Code != tt.status {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, tt.status)
			}
			if !strings.Contains(w.Body.String(), tt.body) {
				t.Errorf("body %q lacks %q", w.Body, tt.body)
			}
			if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, tt.ctype) {
				t.Errorf("Content-Type: got %q, want %s", got, tt.ctype)
			}
			if got := w.Header().Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control: got %q, want %q", got, tt.cache)
			}
		})
	}
}

// TestConsoleHeaders: every page of the console carries the security
// headers, and a policy that runs only the console's own files, nothing
// inline, and reaches only its API and the AWS emulator.
func TestConsoleHeaders(t *testing.T) {
	for _, files := range []fs.FS{built, nil} {
		c := newConsole(files, awsOrigin)
		w := httptest.NewRecorder()
		c.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/c/acme/calendar", nil))
		for h, want := range map[string]string{
			"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
			"Cross-Origin-Opener-Policy": "same-origin",
		} {
			if got := w.Header().Get(h); got != want {
				t.Errorf("%s: got %q, want %q", h, got, want)
			}
		}
		csp := map[string]string{}
		for d := range strings.SplitSeq(w.Header().Get("Content-Security-Policy"), ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			csp[name] = value
		}
		for name, want := range map[string]string{
			"default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
			"img-src": "'self' data: blob: " + awsOrigin, "connect-src": "'self' " + awsOrigin,
			"object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'",
		} {
			if csp[name] != want {
				t.Errorf("%s: got %q, want %q", name, csp[name], want)
			}
		}
		if strings.Contains(w.Header().Get("Content-Security-Policy"), "unsafe") {
			t.Errorf("the policy allows something unsafe: %s", w.Header().Get("Content-Security-Policy"))
		}
	}
}

// TestConsoleRevalidates: index.html revalidated with its entity tag
// costs no body.
func TestConsoleRevalidates(t *testing.T) {
	c := newConsole(built, awsOrigin)
	w := httptest.NewRecorder()
	c.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	tag := w.Header().Get("ETag")
	req := httptest.NewRequest(http.MethodGet, "/c/acme/settings", nil)
	req.Header.Set("If-None-Match", tag)
	w = httptest.NewRecorder()
	c.ServeHTTP(w, req)
	if tag == "" || w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("revalidation with %q: got %d and %d bytes, want 304 and none", tag, w.Code, w.Body.Len())
	}
}
