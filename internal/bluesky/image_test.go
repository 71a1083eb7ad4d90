package bluesky

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// signature stands for the secret part of a signed image URL.
const signature = "X-Amz-Signature=0123456789abcdef"

// served is what the image server answers for a path.
type served struct {
	status int // 200 when zero
	typ    string
	body   []byte
	// sized sends the body's length; a large body goes in chunks
	// without it otherwise.
	sized bool
}

// serveImages serves files by path and returns a signed URL maker.
func serveImages(t *testing.T, files map[string]served) func(path string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := files[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if f.typ != "" {
			w.Header().Set("Content-Type", f.typ)
		}
		if f.sized {
			w.Header().Set("Content-Length", strconv.Itoa(len(f.body)))
		}
		if f.status != 0 {
			w.WriteHeader(f.status)
		}
		w.Write(f.body)
	}))
	t.Cleanup(srv.Close)
	return func(path string) string { return srv.URL + path + "?" + signature }
}

func encoded(t *testing.T, w, h int, enc func(*bytes.Buffer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngOf(t *testing.T, w, h int) []byte {
	return encoded(t, w, h, func(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) })
}

func jpegOf(t *testing.T, w, h int) []byte {
	return encoded(t, w, h, func(b *bytes.Buffer, m image.Image) error { return jpeg.Encode(b, m, nil) })
}

// sized is a 4×3 PNG padded to n bytes: a PNG's header says what it is.
func sized(t *testing.T, n int) []byte {
	b := pngOf(t, 4, 3)
	return append(b, make([]byte, n-len(b))...)
}

// images are the image server's files for the tests.
func images(t *testing.T) map[string]served {
	maxBytes := int(Spec.Limits.MaxImageBytes)
	return map[string]served{
		"/photo.png":    {typ: "image/png", body: pngOf(t, 1200, 800)},
		"/portrait.jpg": {typ: "image/jpeg", body: jpegOf(t, 300, 400)},
		"/untyped":      {typ: "application/octet-stream", body: pngOf(t, 10, 10)},
		"/largest.png":  {typ: "image/png", body: sized(t, maxBytes)},
		"/too-big.png":  {typ: "image/png", body: sized(t, maxBytes+1)},
		"/1.5mb.png":    {typ: "image/png", body: sized(t, 1_500_000)},
		"/pdf.png":      {typ: "image/png", body: []byte("%PDF-1.7\n" + strings.Repeat("d", 100))},
		"/page":         {typ: "text/html", body: []byte("<html>")},
		"/expired":      {status: http.StatusForbidden},
		"/busy":         {status: http.StatusServiceUnavailable},
	}
}

func TestPublishImage(t *testing.T) {
	files := images(t)
	url := serveImages(t, files)
	tests := []struct {
		name     string
		content  relais.Content
		wantType string
		wantPath string
		wantSize *blueskyfake.AspectRatio
	}{
		{
			name:     "photo with its description",
			content:  relais.Content{Text: "Bonjour", ImageURL: url("/photo.png"), ImageAlt: "Croissants du matin"},
			wantType: "image/png", wantPath: "/photo.png", wantSize: &blueskyfake.AspectRatio{Width: 1200, Height: 800},
		},
		{
			name:     "no description: alt is still sent, empty",
			content:  relais.Content{Text: "Bonjour", ImageURL: url("/portrait.jpg")},
			wantType: "image/jpeg", wantPath: "/portrait.jpg", wantSize: &blueskyfake.AspectRatio{Width: 300, Height: 400},
		},
		{
			name:     "with a link",
			content:  relais.Content{Text: "Soldes", Link: "https://acme.example/soldes", ImageURL: url("/photo.png"), ImageAlt: "La vitrine"},
			wantType: "image/png", wantPath: "/photo.png", wantSize: &blueskyfake.AspectRatio{Width: 1200, Height: 800},
		},
		{
			name:     "served without its type",
			content:  relais.Content{Text: "Bonjour", ImageURL: url("/untyped"), ImageAlt: "Un carré"},
			wantType: "image/png", wantPath: "/untyped", wantSize: &blueskyfake.AspectRatio{Width: 10, Height: 10},
		},
		{
			name:     "the largest image Bluesky takes",
			content:  relais.Content{Text: "Bonjour", ImageURL: url("/largest.png"), ImageAlt: "Grande"},
			wantType: "image/png", wantPath: "/largest.png", wantSize: &blueskyfake.AspectRatio{Width: 4, Height: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			uri := s.mustPublish(t, postKey, tt.content)
			if got, want := uri, s.postURI(postKey); got != want {
				t.Errorf("uri: got %q, want %q", got, want)
			}
			recs := s.pds.Records(s.did)
			if len(recs) != 1 || len(recs[0].Images) != 1 {
				t.Fatalf("records: got %+v, want one post with one image", recs)
			}
			if got, want := recs[0].Text, tt.content.Compose(); got != want {
				t.Errorf("text: got %q, want %q", got, want)
			}
			im := recs[0].Images[0]
			if got, want := im.Alt, tt.content.ImageAlt; got != want {
				t.Errorf("alt: got %q, want %q", got, want)
			}
			if got, want := im.MimeType, tt.wantType; got != want {
				t.Errorf("type: got %q, want %q", got, want)
			}
			if !bytes.Equal(im.Bytes, files[tt.wantPath].body) {
				t.Errorf("bytes: got %d, want the %d of %s", len(im.Bytes), len(files[tt.wantPath].body), tt.wantPath)
			}
			if im.AspectRatio == nil || *im.AspectRatio != *tt.wantSize {
				t.Errorf("aspect ratio: got %+v, want %+v", im.AspectRatio, tt.wantSize)
			}
		})
	}
}

// TestPublishImageRefused: an image Bluesky cannot take fails the post,
// permanently, and nothing is posted.
func TestPublishImageRefused(t *testing.T) {
	url := serveImages(t, images(t))
	tests := []struct {
		name        string
		path        string
		pdsMax      int // the PDS's image limit; the lexicon's when zero
		want        string
		wantUploads int
	}{
		{name: "over Bluesky's limit", path: "/too-big.png", want: "over 2000000 bytes"},
		{name: "link expired", path: "/expired", want: "its link expired"},
		{name: "image deleted", path: "/deleted.png", want: "its link expired, or it was deleted"},
		{name: "not an image", path: "/page", want: "not an image"},
		// A PDS older than 0.4.218 holds images to the 1 MB they once were.
		{name: "over an older PDS's limit", path: "/1.5mb.png", pdsMax: 1_000_000, want: "blob too big (maximum 1000000, got 1500000)", wantUploads: 1},
		// The PDS reads the type from the bytes, whatever the server says.
		{name: "a PDF said to be a PNG", path: "/pdf.png", want: `Expected "image/*" (got "application/pdf")`, wantUploads: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.pdsMax != 0 {
				s.pds.MaxImageSize = tt.pdsMax
			}
			_, err := s.client.Publish(t.Context(), password, handle, postKey, relais.Content{Text: "Bonjour", ImageURL: url(tt.path)})
			e := netfake.MustError(t, err, signature, password)
			if got, want := e.Kind, relais.FailPermanent; got != want {
				t.Errorf("kind: got %s, want %s (%v)", got, want, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			checkNoSecret(t, s.pds, err)
			if got, want := s.count("com.atproto.repo.uploadBlob"), tt.wantUploads; got != want {
				t.Errorf("uploads: got %d, want %d", got, want)
			}
			if got := len(s.pds.Records(s.did)); got != 0 {
				t.Errorf("records: got %d, want none", got)
			}
		})
	}
}

// TestPublishImageUploadFails: until the post's record is sent, nothing is
// posted, so a failure is transient and the next attempt posts once.
func TestPublishImageUploadFails(t *testing.T) {
	url := serveImages(t, images(t))
	tests := []struct {
		name     string
		path     string
		fault    netfake.Fault // on uploadBlob
		wantWait time.Duration
		want     string
	}{
		{name: "image server busy", path: "/busy", want: "read the image: status 503"},
		{name: "server error", path: "/photo.png", fault: netfake.ServerError, want: "upload image"},
		{name: "rate limited", path: "/photo.png", fault: netfake.RateLimit, wantWait: blueskyfake.RateLimitWindow, want: "upload image"},
		{name: "no answer", path: "/photo.png", fault: netfake.Timeout, want: "upload image"},
		{name: "blob kept, answer lost", path: "/photo.png", fault: netfake.TimeoutAfterEffect, want: "upload image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.pds.Faults.FailNext(1, tt.fault)
			_, err := s.client.Publish(t.Context(), password, handle, postKey, relais.Content{Text: "Bonjour", ImageURL: url(tt.path), ImageAlt: "Croissants"})
			netfake.MustError(t, err, signature, password)
			kind, wait := relais.FailureOf(err)
			if kind != relais.FailTransient || wait != tt.wantWait {
				t.Errorf("failure: got %s after %v, want %s after %v (%v)", kind, wait, relais.FailTransient, tt.wantWait, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if got, want := s.count("com.atproto.repo.createRecord"), 0; got != want {
				t.Errorf("createRecord calls: got %d, want %d", got, want)
			}
			// The next attempt, with a URL signed anew, posts once.
			if uri, err := s.client.Publish(t.Context(), password, handle, postKey, relais.Content{Text: "Bonjour", ImageURL: url("/photo.png"), ImageAlt: "Croissants"}); err != nil || uri != s.postURI(postKey) {
				t.Fatalf("retry: got %q, %v; want %q", uri, err, s.postURI(postKey))
			}
			if recs := s.pds.Records(s.did); len(recs) != 1 || len(recs[0].Images) != 1 || recs[0].Images[0].Alt != "Croissants" {
				t.Errorf("records after the retry: got %+v, want one post with its image", recs)
			}
		})
	}
}

// TestPublishImageSessionEnded: an upload in a session that ended renews
// it and goes on.
func TestPublishImageSessionEnded(t *testing.T) {
	url := serveImages(t, images(t))
	s := newStack(t)
	s.mustPublish(t, "p1", relais.Content{Text: "first"})
	s.pds.ExpireAccessTokens()
	s.mustPublish(t, postKey, relais.Content{Text: "Bonjour", ImageURL: url("/photo.png")})
	if got, want := s.count("com.atproto.repo.uploadBlob"), 2; got != want {
		t.Errorf("uploads: got %d, want %d (refused, then in the renewed session)", got, want)
	}
	if got, want := s.pds.Refreshes(), 1; got != want {
		t.Errorf("refreshes: got %d, want %d", got, want)
	}
}
