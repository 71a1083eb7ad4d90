package devstack

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
	"github.com/relais-dev/relais/internal/webhook"
	"github.com/relais-dev/relais/web"
)

// Cache policies of the console's files: hashed assets never change
// under their name; index.html, which names them, is checked each time.
const (
	cacheAssets = "public, max-age=31536000, immutable"
	cacheIndex  = "no-cache"
)

// console serves the built console at "/" as CloudFront does in AWS: a
// file when the path is one, else index.html, which routes the path
// itself (a single-page app).
type console struct {
	// files are the built console, rooted at its index.html; nil when it
	// is not built.
	files  fs.FS
	policy string
}

// newConsole serves files, whose pages may call the API on their own
// origin and the AWS emulator at awsOrigin, where images are uploaded
// and previewed from, as from the media bucket in AWS.
func newConsole(files fs.FS, awsOrigin string) *console {
	return &console{files: files, policy: web.Policy(awsOrigin)}
}

// reserved are the stack's own paths: a request the mux did not route
// to their handlers (another method, say) is not the console's.
var reserved = []string{api.Prefix, IssuerPath + "/", webhook.Path, sandboxfake.Prefix, path.Dir(AccountsPath) + "/"}

func (c *console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	for _, prefix := range reserved {
		if strings.HasPrefix(p+"/", prefix) {
			http.Error(w, "not found", http.StatusNotFound)
			return
		}
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "the console takes GET only", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Content-Security-Policy", c.policy)
	if c.files == nil {
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, notBuilt)
		return
	}
	name := strings.TrimPrefix(p, "/")
	switch info, err := fs.Stat(c.files, name); {
	case name != "" && err == nil && info.Mode().IsRegular():
	case strings.HasPrefix(name, "assets/"):
		// A hashed file that is not there is not the page: served as
		// index.html, it would be cached for a year under its name.
		http.Error(w, "not found", http.StatusNotFound)
		return
	default:
		name = "index.html"
	}
	c.serveFile(w, r, name)
}

// serveFile answers one file with its cache policy and an entity tag of
// its content, so that a revalidated index.html costs no body.
func (c *console) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(c.files, name)
	if err != nil {
		http.Error(w, "the console's files cannot be read", http.StatusInternalServerError)
		return
	}
	cache := cacheIndex
	if strings.HasPrefix(name, "assets/") {
		cache = cacheAssets
	}
	sum := sha256.Sum256(b)
	w.Header().Set("Cache-Control", cache)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

// notBuilt is the page "/" answers when this binary carries no console.
const notBuilt = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Relais: the console is not built</title></head>
<body>
<main>
<h1>The console is not built</h1>
<p>This relais binary carries no console. Build it with <code>make deps</code> (or <code>make build</code>) in the Relais source folder, then run <code>make dev</code> or <code>make demo</code> again.</p>
<p>The API, the sign-in and the sandbox network work without it.</p>
</main>
</body>
</html>
`
