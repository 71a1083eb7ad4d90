package linkedin

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// imageHost serves the images posts carry, as the media bucket or a
// person's link would.
type imageHost struct {
	*httptest.Server
	png, jpeg []byte
	hits      atomic.Int64 // requests served
}

func newImageHost(t *testing.T) *imageHost {
	t.Helper()
	h := &imageHost{png: encode(t, png.Encode), jpeg: encode(t, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) })}
	files := map[string]struct {
		typ  string
		body []byte
	}{
		"/photo.png": {"image/png", h.png},
		"/photo.jpg": {"image/jpeg", h.jpeg},
		// A GIF's header is enough for LinkedIn to count its pixels:
		// 7000 × 6000 is over its 36,152,320.
		"/huge.gif":   {"image/gif", []byte("GIF89a\x58\x1b\x70\x17\x00\x00\x00")},
		"/photo.webp": {"image/webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00")},
		"/heavy.png":  {"image/png", make([]byte, media.MaxSize+1)},
	}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.hits.Add(1)
		switch f, ok := files[r.URL.Path]; {
		case r.URL.Path == "/busy.png":
			w.WriteHeader(http.StatusServiceUnavailable)
		case !ok:
			// An expired pre-signed URL.
			w.WriteHeader(http.StatusForbidden)
		default:
			w.Header().Set("Content-Type", f.typ)
			w.Write(f.body)
		}
	}))
	t.Cleanup(h.Close)
	return h
}

func encode(t *testing.T, enc func(io.Writer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPublishImage: the image goes up through the Images API, waits for
// LinkedIn's processing, and the post carries it with its description;
// the post is found again by its text and link alone.
func TestPublishImage(t *testing.T) {
	ctx := context.Background()
	host := newImageHost(t)
	tests := []struct {
		name            string
		path, alt       string
		processingReads int
		wantBytes       []byte
		wantRequests    int64
	}{
		{name: "png with its description", path: "/photo.png", alt: "Notre équipe au salon (stand B12)", wantBytes: host.png, wantRequests: 4},
		{name: "jpeg without one", path: "/photo.jpg", wantBytes: host.jpeg, wantRequests: 4},
		{name: "processed after reads", path: "/photo.png", alt: "logo", processingReads: 3, wantBytes: host.png, wantRequests: 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads = tt.processingReads
			c := relais.Content{Text: "Nous y étions !", Link: "https://acme.example/salon", ImageURL: host.URL + tt.path, ImageAlt: tt.alt}
			id, err := s.client.Publish(ctx, acmeToken, acmeURN, "key-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			posts := s.fake.Posts(acmeOrg)
			if len(posts) != 1 || posts[0].ID != id {
				t.Fatalf("posts: got %+v, want one with id %s", posts, id)
			}
			if got, want := posts[0].Media.AltText, tt.alt; got != want {
				t.Errorf("alt text: got %q, want %q", got, want)
			}
			img, ok := s.fake.Image(posts[0].Media.ID)
			if !ok {
				t.Fatalf("the post carries %q, which the fake does not have", posts[0].Media.ID)
			}
			if img.OrgID != acmeOrg || img.Status != linkedinfake.Available || !bytes.Equal(img.Bytes, tt.wantBytes) {
				t.Errorf("image: got %s %s %d bytes, want acme's, %s, the %d bytes served", img.OrgID, img.Status, len(img.Bytes), linkedinfake.Available, len(tt.wantBytes))
			}
			got, err := s.client.RecentPosts(ctx, acmeToken, acmeOrg, start)
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if want := (relais.PublishedPost{ID: id, Hash: c.Hash(), CreatedAt: start}); len(got) != 1 || got[0] != want {
				t.Errorf("recent posts: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestPublishImageRefused: an image that no attempt could post is refused
// for good, and nothing is posted.
func TestPublishImageRefused(t *testing.T) {
	host := newImageHost(t)
	tests := []struct {
		name, path, alt string
		wantKind        relais.Failure
		wantCode        string
		wantRequests    int64
	}{
		{name: "over linkedin's pixels", path: "/huge.gif", wantKind: relais.FailPermanent, wantCode: "PROCESSING_FAILED", wantRequests: 3},
		{name: "a type linkedin does not take", path: "/photo.webp", wantKind: relais.FailPermanent},
		{name: "over the bytes read", path: "/heavy.png", wantKind: relais.FailPermanent},
		{name: "link expired", path: "/gone.png?X-Amz-Signature=secret", wantKind: relais.FailPermanent},
		{name: "description too long", path: "/photo.png", alt: strings.Repeat("é", 4087), wantKind: relais.FailPermanent},
		{name: "image host busy", path: "/busy.png", wantKind: relais.FailTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			c := relais.Content{Text: "Nouveau logo", ImageURL: host.URL + tt.path, ImageAlt: tt.alt}
			_, err := s.client.Publish(context.Background(), acmeToken, acmeOrg, "key-1", c)
			e := netfake.MustError(t, err, acmeToken, globexToken, "secret")
			if e.Kind != tt.wantKind || e.Code != tt.wantCode {
				t.Errorf("got %s %q, want %s %q (%v)", e.Kind, e.Code, tt.wantKind, tt.wantCode, err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			if got := len(s.fake.Posts(acmeOrg)); got != 0 {
				t.Errorf("posts: got %d, want 0", got)
			}
		})
	}
}
