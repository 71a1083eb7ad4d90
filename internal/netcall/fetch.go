package netcall

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// open starts the GET of the file at fileURL (what names it: an image, a
// video), from byte from on, and returns the answer and the whole file's
// size (Content-Length, or the total of a Content-Range), or -1. Nothing
// was posted yet, so a failure is transient when trying again may work
// (no answer, a 5xx, a 429, another part than the one asked for) and
// permanent when it cannot (the link expired or is gone). The URL, which
// may be signed, is never in the error.
func (c Call) open(ctx context.Context, hc *http.Client, what, fileURL string, from int64) (*http.Response, int64, *Error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fileURL, nil)
	if err != nil {
		return nil, 0, c.Refusef("the %s's URL does not read as a URL", what)
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
		return nil, 0, c.Failed(0, false, fmt.Errorf("read the %s: %w", what, err))
	}
	size := resp.ContentLength
	var e *Error
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests || s >= 500:
		e = c.Failed(s, false, fmt.Errorf("read the %s: status %d", what, s))
	case s == http.StatusPartialContent && from > 0:
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != from {
			e = c.Failed(s, false, fmt.Errorf("read the %s: the host sent another part than the one asked for", what))
		}
		size = total
	case s != http.StatusOK:
		e = c.Refusef("the %s cannot be read (status %d): its link expired, or it was deleted", what, s)
	}
	if e != nil {
		resp.Body.Close()
		return nil, 0, e
	}
	return resp, size, nil
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
