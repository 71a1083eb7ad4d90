package meta

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// library serves a client's images and videos as the media bucket does,
// generated on the fly and streamed, at URLs signed anew for each attempt,
// and counts its reads. The fake fetches them as Meta does.
type library struct {
	srv *httptest.Server

	mu    sync.Mutex
	reads map[string]int
}

// Sizes of the files the library serves: small images, a video of a few
// MB.
const (
	imageBytes = 2000
	videoBytes = 3 << 20
)

// types are the content types of the library's files, by extension.
var types = map[string]string{".jpg": "image/jpeg", ".png": "image/png", ".mp4": "video/mp4", ".webm": "video/webm"}

func (s *stack) library(t *testing.T) *library {
	t.Helper()
	l := &library{reads: map[string]int{}}
	l.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Base(r.URL.Path)
		l.mu.Lock()
		l.reads[name]++
		l.mu.Unlock()
		typ := types[path.Ext(name)]
		if typ == "" || !strings.HasPrefix(r.URL.Path, "/media/acme/") {
			http.NotFound(w, r)
			return
		}
		size := int64(imageBytes)
		if strings.HasPrefix(typ, "video/") {
			size = videoBytes
		}
		w.Header().Set("Content-Type", typ)
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		io.Copy(w, io.LimitReader(pattern{}, size))
	}))
	t.Cleanup(l.srv.Close)
	s.fake.Fetch = l.srv.Client()
	return l
}

// pattern is an endless stream of bytes, so that a video is never held
// whole, even by the test.
type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

// attach returns the files as attachments, their URLs signed for attempt
// n, each image with an alternative text naming it.
func (l *library) attach(n int, names ...string) []relais.Attachment {
	out := make([]relais.Attachment, len(names))
	for i, name := range names {
		typ := types[path.Ext(name)]
		a := relais.Attachment{URL: fmt.Sprintf("%s/media/acme/%s?X-Amz-Signature=signed%d", l.srv.URL, name, n), Kind: relais.FormatImage, ContentType: typ, Bytes: imageBytes}
		if strings.HasPrefix(typ, "video/") {
			a.Kind, a.Bytes = relais.FormatVideo, videoBytes
		} else {
			a.Alt = "Photo " + name
		}
		out[i] = a
	}
	return out
}

// images names n JPEG files.
func images(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("p%d.jpg", i+1)
	}
	return out
}

func (l *library) read(name string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reads[name]
}

// count returns how many requests the fake received of "METHOD path",
// whatever their query.
func (s *stack) count(call string) int {
	n := 0
	for _, r := range s.seen() {
		if r, _, _ = strings.Cut(r, "?"); r == call {
			n++
		}
	}
	return n
}

// statusReads returns how many status reads (of a container or a video)
// the fake received.
func (s *stack) statusReads() int {
	n := 0
	for _, r := range s.seen() {
		if strings.HasPrefix(r, "GET ") && strings.Contains(r, "fields=status") {
			n++
		}
	}
	return n
}

// forget drops the requests seen so far.
func (s *stack) forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}
