package netcall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
// Range request, for an upload that goes on). Nothing was posted yet, so a
// failure is transient when trying again may work (no answer, a 5xx, a 429,
// another part than the one asked for) and permanent when it cannot (the
// link expired or is gone). What the network takes is the caller's to check.
// The URL, which may be signed, is never in the error.
func (c Call) OpenVideo(ctx context.Context, hc *http.Client, videoURL string, from int64) (*Video, *Error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, videoURL, nil)
	if err != nil {
		return nil, c.Refusef("the video's URL does not read as a URL")
	}
	if from > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(from, 10)+"-")
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, c.Failed(0, false, fmt.Errorf("read the video: %w", err))
	}
	typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	v := &Video{Size: resp.ContentLength, Type: typ, c: c, body: resp.Body}
	var e *Error
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests || s >= 500:
		e = c.Failed(s, false, fmt.Errorf("read the video: status %d", s))
	case s == http.StatusPartialContent && from > 0:
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != from {
			e = c.Failed(s, false, errors.New("read the video: the host sent another part than the one asked for"))
		}
		v.Size = total
	case s == http.StatusOK:
		v.Skip = from
	default:
		e = c.Refusef("the video cannot be read (status %d): its link expired, or it was deleted", s)
	}
	if e != nil {
		resp.Body.Close()
		return nil, e
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

// contentRange reads a Content-Range header, "bytes first-last/total".
func contentRange(v string) (start, total int64, ok bool) {
	r, ok := strings.CutPrefix(v, "bytes ")
	if !ok {
		return 0, 0, false
	}
	span, size, ok := strings.Cut(r, "/")
	first, _, ok2 := strings.Cut(span, "-")
	if !ok || !ok2 {
		return 0, 0, false
	}
	start, err1 := strconv.ParseInt(first, 10, 64)
	total, err2 := strconv.ParseInt(size, 10, 64)
	if err1 != nil || err2 != nil || start < 0 || start >= total {
		return 0, 0, false
	}
	return start, total, true
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
