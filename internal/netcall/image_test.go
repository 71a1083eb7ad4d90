package netcall

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestFetchImage(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 100))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		case "/untyped":
			w.Write(png)
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>"))
		case "/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	defer srv.Close()
	c := Call{Network: relais.X, Op: "publish"}
	for _, tt := range []struct {
		path     string
		max      int64
		wantType string
		wantKind relais.Failure
		want     string
	}{
		{"/ok.png", 1000, "image/png", "", ""},
		{"/untyped", 1000, "image/png", "", ""},
		{"/ok.png", 50, "", relais.FailPermanent, "takes 50 at most"},
		{"/page", 1000, "", relais.FailPermanent, "not an image"},
		{"/busy", 1000, "", relais.FailTransient, "status 503"},
		{"/expired?X-Amz-Signature=secret", 1000, "", relais.FailPermanent, "its link expired"},
	} {
		img, err := c.FetchImage(t.Context(), srv.Client(), srv.URL+tt.path, tt.max)
		if tt.wantKind == "" {
			if err != nil || img.Type != tt.wantType || len(img.Bytes) != len(png) {
				t.Errorf("%s: got %s %d bytes, %v", tt.path, img.Type, len(img.Bytes), err)
			}
			continue
		}
		if err == nil || err.Kind != tt.wantKind || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: got %v, want %s saying %q and no URL", tt.path, err, tt.wantKind, tt.want)
		}
	}
}
