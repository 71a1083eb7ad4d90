package tiktok

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/tiktok/tiktokfake"
)

const (
	acmeID      = "-000acmeOpenId"
	acmeToken   = "act.acme-secret"
	globexID    = "-000globexOpenId"
	globexToken = "act.globex-secret"
)

var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// Media files, by their first bytes.
var (
	mp4  = append([]byte("\x00\x00\x00\x18ftypisom"), bytes.Repeat([]byte{1}, 64)...)
	jpg  = append([]byte{0xff, 0xd8, 0xff, 0xe0}, bytes.Repeat([]byte{1}, 64)...)
	webp = append([]byte("RIFF\x40\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{1}, 64)...)
	png  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 64)...)
)

// stack is a client talking to a fake TikTok with two public accounts and
// an audited app, whose media it pulls from a TLS host.
type stack struct {
	fake     *tiktokfake.Server
	client   *Client
	clock    *netfake.Clock
	media    *httptest.Server
	requests atomic.Int64 // requests that reached the fake
}

func newStack(t *testing.T) *stack {
	t.Helper()
	s := &stack{fake: tiktokfake.New(), clock: netfake.NewClock(start)}
	s.fake.Now = s.clock.Now
	s.fake.RegisterAccount(acmeID, acmeToken)
	s.fake.RegisterAccount(globexID, globexToken)
	s.fake.SetAudited(true)
	files := map[string][]byte{"/v.mp4": mp4, "/p1.jpg": jpg, "/p2.webp": webp, "/p.png": png}
	s.media = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(s.media.Close)
	s.fake.MediaClient = s.media.Client()
	srv := netfake.Serve(t, s.fake, &s.requests)
	// A short timeout keeps the tests of hanging faults fast; the fake's
	// processing is counted in reads, not time.
	s.client = New(srv.URL, &http.Client{Timeout: 500 * time.Millisecond})
	s.client.PollInterval = 0
	return s
}

// video is a content with a video on the media host.
func (s *stack) video(text string) relais.Content {
	return relais.Content{Text: text, Attachments: []relais.Attachment{{URL: s.media.URL + "/v.mp4", Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: int64(len(mp4))}}}
}

// photos is a content with photos on the media host.
func (s *stack) photos(text string, paths ...string) relais.Content {
	c := relais.Content{Text: text}
	for _, p := range paths {
		c.Attachments = append(c.Attachments, relais.Attachment{URL: s.media.URL + p, Kind: relais.FormatImage})
	}
	return c
}

// public are options for a public post.
var public = PostOptions{Privacy: PublicToEveryone}
