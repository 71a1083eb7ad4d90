package tiktokfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	openID = "-000acme"
	token  = "act.acme"
)

var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// Media files, by their first bytes.
var (
	mp4  = append([]byte("\x00\x00\x00\x18ftypisom"), bytes.Repeat([]byte{1}, 64)...)
	mov  = append([]byte("\x00\x00\x00\x14ftypqt  "), bytes.Repeat([]byte{1}, 64)...)
	webm = append([]byte{0x1a, 0x45, 0xdf, 0xa3}, bytes.Repeat([]byte{1}, 64)...)
	jpg  = append([]byte{0xff, 0xd8, 0xff, 0xe0}, bytes.Repeat([]byte{1}, 64)...)
	webp = append([]byte("RIFF\x40\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{1}, 64)...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 64)...)
)

// stack is a fake TikTok with one registered public account, an audited
// app and a media host it pulls from over TLS.
type stack struct {
	fake  *Server
	srv   *httptest.Server
	media *httptest.Server
	clock *netfake.Clock
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterAccount(openID, token)
	s.fake.SetAudited(true)
	files := map[string][]byte{"/v.mp4": mp4, "/v.mov": mov, "/v.webm": webm, "/p.jpg": jpg, "/p.webp": webp, "/p.png": png}
	s.media = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/moved.mp4":
			http.Redirect(w, r, "/v.mp4", http.StatusFound)
			return
		case "/big.jpg":
			_, _ = w.Write(append(jpg, make([]byte, MaxPhotoBytes)...))
			return
		}
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(s.media.Close)
	s.fake.MediaClient = s.media.Client()
	s.srv = httptest.NewServer(s.fake)
	t.Cleanup(s.srv.Close)
	return s
}

// url is a media file's URL on the media host.
func (s *stack) url(path string) string { return s.media.URL + path }

// answer is a decoded answer of the fake's API.
type answer struct {
	status int
	Data   map[string]json.RawMessage `json:"data"`
	Error  struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		LogID   string `json:"log_id"`
	} `json:"error"`
}

// post sends a JSON body as tok to path and decodes TikTok's envelope.
func (s *stack) post(t *testing.T, tok, path, body string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	resp, b := netfake.Send(t, req)
	a := answer{status: resp.StatusCode}
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("answer %s: %v", b, err)
	}
	if a.Error.LogID == "" {
		t.Errorf("answer %s has no log_id", b)
	}
	return a
}

// field decodes one field of an answer's data.
func field[T any](t *testing.T, a answer, name string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.Data[name], &v); err != nil {
		t.Fatalf("data.%s: %v", name, err)
	}
	return v
}

// videoBody is a video init's body.
func videoBody(privacy, videoURL string) string {
	return `{"post_info":{"title":"Hello #fyp","privacy_level":"` + privacy + `","disable_comment":true,"disable_duet":false,"disable_stitch":false,"brand_content_toggle":false},
		"source_info":{"source":"PULL_FROM_URL","video_url":"` + videoURL + `"}}`
}

// photoBody is a photo init's body.
func photoBody(privacy string, urls ...string) string {
	b, _ := json.Marshal(urls)
	return `{"post_info":{"description":"Hello #photo","privacy_level":"` + privacy + `","disable_comment":false,"brand_content_toggle":false},
		"source_info":{"source":"PULL_FROM_URL","photo_cover_index":0,"photo_images":` + string(b) + `},"post_mode":"DIRECT_POST","media_type":"PHOTO"}`
}

// publish inits a video as the registered account and returns its
// publish id.
func (s *stack) publish(t *testing.T, privacy string) string {
	t.Helper()
	a := s.post(t, token, "/v2/post/publish/video/init/", videoBody(privacy, s.url("/v.mp4")))
	if a.status != http.StatusOK || a.Error.Code != "ok" {
		t.Fatalf("init: %d %s %s", a.status, a.Error.Code, a.Error.Message)
	}
	return field[string](t, a, "publish_id")
}
