package netcall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// errTooBig stops the reading of a video over a network's limit.
var errTooBig = errors.New("the video is over the limit")

// Video is a video being read from its URL as it is sent on: its bytes are
// never held whole. Read fails past the limit Limit sets, if any; Failure
// says why reading stopped before the end, if it did.
type Video struct {
	// Size is the whole video's size as its host gave it (Content-Length,
	// or the total of a Content-Range), or -1.
	Size int64
	// Type is the media type its host gave, without parameters, or "".
	Type string
	// Skip is how many bytes come before the first one asked for: a host
	// that ignores the range sends the whole video, and the reader drops
	// them.
	Skip int64

	c Call
	// max, when set, is the most Read takes: the network's limit, which
	// label names.
	max   int64
	label string
	body  io.ReadCloser
	mu    sync.Mutex
	read  int64
	err   *Error
	once  sync.Once
}

// OpenVideo starts reading the video at videoURL, from byte from on (a
// Range request, for an upload that goes on), failing as open does. What
// the network takes is the caller's to check.
func (c Call) OpenVideo(ctx context.Context, hc *http.Client, videoURL string, from int64) (*Video, *Error) {
	resp, size, e := c.open(ctx, hc, "video", videoURL, from)
	if e != nil {
		return nil, e
	}
	typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	v := &Video{Size: size, Type: typ, c: c, body: resp.Body}
	if resp.StatusCode == http.StatusOK {
		v.Skip = from
	}
	return v, nil
}

// Streaming is hc with timeout for a timeout (0: none), for a video's
// bytes: a client's timeout bounds a whole exchange, body included, which
// a streamed video may outlast.
func Streaming(hc *http.Client, timeout time.Duration) *http.Client {
	s := *hc
	s.Timeout = timeout
	return &s
}

// Limit refuses a video its host gave as over the network's limit or not
// of a type it takes, and has Read stop past the limit. A host that gives
// no type, or a generic one, is taken at fallback's word (the type the
// post gave).
func (v *Video) Limit(s relais.Spec, fallback string) *Error {
	if v.Type == "" || v.Type == "application/octet-stream" || v.Type == "binary/octet-stream" {
		v.Type = fallback
	}
	max, types, name := s.Limits.MaxVideoBytes, s.Limits.VideoTypes, s.Label
	v.max, v.label = max, name
	switch {
	case v.Size > max:
		return v.c.Refusef("the video is %d bytes; %s takes %d at most", v.Size, name, max)
	case !strings.HasPrefix(v.Type, "video/"):
		return v.c.Refusef("the file at the video's URL is %s, not a video", Truncate(v.Type, 60))
	case !slices.Contains(types, v.Type):
		return v.c.Refusef("%s takes %s videos, not %s", name, strings.Join(types, ", "), v.Type)
	}
	return nil
}

func (v *Video) Read(p []byte) (int, error) {
	n, err := v.body.Read(p)
	v.mu.Lock()
	defer v.mu.Unlock()
	v.read += int64(n)
	switch {
	case v.max > 0 && v.read > v.max:
		v.err = v.c.Refusef("the video is over %d bytes, which %s takes at most", v.max, v.label)
		return n, errTooBig
	case err != nil && err != io.EOF:
		v.err = v.c.Failed(0, false, fmt.Errorf("read the video: %w", err))
	}
	return n, err
}

// Failure is why reading the video stopped before its end, or nil.
func (v *Video) Failure() *Error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.err
}

// Close ends the reading; an upload's transport and the uploader may both
// close it.
func (v *Video) Close() error {
	var err error
	v.once.Do(func() { err = v.body.Close() })
	return err
}
