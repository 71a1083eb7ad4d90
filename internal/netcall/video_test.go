package netcall

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

func TestContentRange(t *testing.T) {
	tests := []struct {
		header      string
		start, size int64
		ok          bool
	}{
		{"bytes 3145728-7340154/7340155", 3145728, 7340155, true},
		{"bytes 0-0/1", 0, 1, true},
		{"bytes 10-20/*", 0, 0, false},
		{"bytes */100", 0, 0, false},
		{"items 0-1/2", 0, 0, false},
		{"bytes 100-200/100", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		start, size, ok := contentRange(tt.header)
		if got, want := []int64{start, size}, []int64{tt.start, tt.size}; ok != tt.ok || (ok && !slices.Equal(got, want)) {
			t.Errorf("%q: got %v %v, want %v %v", tt.header, got, ok, want, tt.ok)
		}
	}
}

// TestOpenVideo: a range is asked for and honoured or skipped, the size is
// the whole video's, failures are classified, and no error shows the URL.
func TestOpenVideo(t *testing.T) {
	video := strings.Repeat("v", 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "video/mp4; codecs=avc1")
		switch r.URL.Path {
		case "/ranged.mp4":
			http.ServeContent(w, r, "", time.Time{}, strings.NewReader(video))
		case "/whole.mp4":
			w.Write([]byte(video))
		case "/wrong-part.mp4":
			w.Header().Set("Content-Range", "bytes 0-99/100")
			w.WriteHeader(http.StatusPartialContent)
		case "/busy":
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	c := Call{Network: relais.LinkedIn, Op: "read video"}
	for _, tt := range []struct {
		path           string
		from           int64
		wantSkip, size int64
		wantKind       relais.Failure
		want           string
	}{
		{"/ranged.mp4", 0, 0, 100, "", ""},
		{"/ranged.mp4", 40, 0, 100, "", ""},
		{"/whole.mp4", 40, 40, 100, "", ""},
		{"/wrong-part.mp4", 40, 0, 0, relais.FailTransient, "another part"},
		{"/busy", 0, 0, 0, relais.FailTransient, "status 429"},
		{"/gone?X-Amz-Signature=secret", 0, 0, 0, relais.FailPermanent, "its link expired"},
	} {
		v, err := c.OpenVideo(t.Context(), srv.Client(), srv.URL+tt.path, tt.from)
		if tt.wantKind != "" {
			if err == nil || err.Kind != tt.wantKind || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "secret") {
				t.Errorf("%s: got %v, want %s saying %q and no URL", tt.path, err, tt.wantKind, tt.want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s from %d: %v", tt.path, tt.from, err)
		}
		b, rerr := io.ReadAll(v)
		v.Close()
		if got, want := [4]any{v.Size, v.Skip, v.Type, string(b[v.Skip:])}, [4]any{tt.size, tt.wantSkip, "video/mp4", video[tt.from:]}; rerr != nil || got != want {
			t.Errorf("%s from %d: got %v (%v), want %v", tt.path, tt.from, got, rerr, want)
		}
	}
}

// TestVideoLimit: a video over the network's limit stops being read.
func TestVideoLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.(http.Flusher).Flush() // no Content-Length: the limit holds as it is read
		w.Write([]byte(strings.Repeat("v", 100)))
	}))
	defer srv.Close()
	s := relais.Spec{Label: "Mastodon", Limits: relais.Limits{MaxVideoBytes: 50, VideoTypes: []string{"video/mp4"}}}
	v, err := Call{Network: relais.Mastodon, Op: "read video"}.OpenVideo(t.Context(), srv.Client(), srv.URL, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Limit(s, "video/mp4"); err != nil {
		t.Fatalf("limit: %v", err)
	}
	if _, rerr := io.ReadAll(v); rerr == nil || v.Failure() == nil || !strings.Contains(v.Failure().Error(), "over 50 bytes, which Mastodon takes at most") {
		t.Errorf("got %v, %v; want the read stopped past 50 bytes", rerr, v.Failure())
	}
}
