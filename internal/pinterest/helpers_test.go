package pinterest

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/pinterest/pinterestfake"
)

const (
	acmeBoard   = "549755885175"
	acmeBoard2  = "549755885176"
	acmeToken   = "pina_acme-secret"
	globexBoard = "1337"
	globexToken = "pina_globex-secret"
	// signature stands for the signature of a pre-signed media URL,
	// which no error may show.
	signature = "X-Amz-Signature=sig-secret"
)

var start = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// stack is a client talking to a fake Pinterest where acme owns two
// boards and globex one.
type stack struct {
	fake     *pinterestfake.Server
	client   *Client
	clock    *netfake.Clock
	requests atomic.Int64 // requests that reached the fake
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: pinterestfake.New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterAccount(acmeBoard, acmeToken)
	s.fake.RegisterAccount(acmeBoard2, acmeToken)
	s.fake.RegisterAccount(globexBoard, globexToken)
	srv := netfake.Serve(t, s.fake, &s.requests)
	// A short timeout keeps the tests of hanging faults fast.
	s.client = New(srv.URL, &http.Client{Timeout: time.Second})
	s.client.Now = s.clock.Now
	s.client.VideoTimeout = time.Second
	// The fake's processing is counted in reads, not time.
	s.client.MediaPoll = 0
	return s
}

// mediaHost serves the images and videos posts carry, as the media
// bucket or a person's link would.
type mediaHost struct {
	*httptest.Server
	png, jpeg, mp4 []byte
}

// file is one file a mediaHost serves.
type file struct {
	typ  string
	body []byte
}

func newMediaHost(t *testing.T) *mediaHost {
	t.Helper()
	h := &mediaHost{
		png:  encode(t, png.Encode),
		jpeg: encode(t, func(w io.Writer, m image.Image) error { return jpeg.Encode(w, m, nil) }),
		// An MP4's ftyp box, then what stands for its frames.
		mp4: append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), bytes.Repeat([]byte{7}, 3000)...),
	}
	files := map[string]file{
		"/photo.png":  {"image/png", h.png},
		"/photo.jpg":  {"image/jpeg", h.jpeg},
		"/photo.webp": {"image/webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00")},
		"/clip.mp4":   {"video/mp4", h.mp4},
		"/clip.webm":  {"video/webm", []byte("\x1a\x45\xdf\xa3 a webm")},
		// A file the media library takes for a video that is none.
		"/broken.mp4": {"video/mp4", []byte("not a video at all")},
	}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch f, ok := files[r.URL.Path]; {
		case r.URL.Path == "/busy.png" || r.URL.Path == "/busy.mp4":
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.URL.Path == "/streamed.mp4":
			// Flushed before its end, it goes chunked, without a length.
			w.Header().Set("Content-Type", "video/mp4")
			w.Write(h.mp4[:10])
			w.(http.Flusher).Flush()
			w.Write(h.mp4[10:])
		case !ok:
			// An expired pre-signed URL.
			w.WriteHeader(http.StatusForbidden)
		default:
			w.Header().Set("Content-Type", f.typ)
			w.Header().Set("Content-Length", strconv.Itoa(len(f.body)))
			w.Write(f.body)
		}
	}))
	t.Cleanup(h.Close)
	return h
}

// at is the URL of a file on the host, pre-signed.
func (h *mediaHost) at(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return h.URL + path + sep + signature
}

func encode(t *testing.T, enc func(io.Writer, image.Image) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, image.NewRGBA(image.Rect(0, 0, 4, 6))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// mustError returns err as a *netcall.Error showing no token and no
// signed URL (a media URL's, or the upload URL), or fails the test.
func mustError(t *testing.T, err error) *netcall.Error {
	t.Helper()
	return netfake.MustError(t, err, acmeToken, globexToken, "sig-secret", "pinterest-media-upload")
}
