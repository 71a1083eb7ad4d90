package x

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

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// openVideo streams the video at a's URL: its bytes are read as its
// segments go to X, never held beyond one segment. An upload that goes on
// asks for the rest only (a Range request); from a server that sends the
// whole file all the same, the start is read and dropped. Nothing was
// posted yet, so a failure is transient when trying again may work and
// permanent when it cannot; the URL, which is signed, is never in the
// error.
func (c *Client) openVideo(a relais.Attachment) opener {
	return func(ctx context.Context, offset int64) (file, error) {
		k := netcall.Call{Network: relais.X, Op: opReadVideo}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.URL, nil)
		if err != nil {
			return file{}, k.Refusef("the video's URL does not read as a URL")
		}
		if offset > 0 {
			req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
		}
		// The file is read for as long as its segments take to reach X,
		// longer than one call may: the attempt's context bounds it.
		hc := *c.http
		hc.Timeout = 0
		resp, err := hc.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return file{}, &netcall.Error{Network: relais.X, Op: k.Op, Kind: relais.FailTransient, Code: CodeNoAnswer, Err: fmt.Errorf("read the video: %w", err)}
		}
		f, ferr := videoFile(k, resp, a, offset)
		if ferr != nil {
			resp.Body.Close()
			return file{}, ferr
		}
		return f, nil
	}
}

// videoFile checks the answer to a video's GET, from offset, against what
// X takes, and returns the file it carries.
func videoFile(k netcall.Call, resp *http.Response, a relais.Attachment, offset int64) (file, *netcall.Error) {
	size := resp.ContentLength
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests || s >= 500:
		return file{}, &netcall.Error{Network: k.Network, Op: k.Op, Kind: relais.FailTransient, Status: s, Err: fmt.Errorf("read the video: status %d", s)}
	case s == http.StatusPartialContent:
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			return file{}, &netcall.Error{Network: k.Network, Op: k.Op, Kind: relais.FailTransient, Status: s, Err: errors.New("read the video: the server sent another part than the one asked for")}
		}
		size = total
	case s == http.StatusOK:
		if _, err := io.CopyN(io.Discard, resp.Body, offset); err != nil {
			return file{}, &netcall.Error{Network: k.Network, Op: k.Op, Kind: relais.FailTransient, Err: fmt.Errorf("read the video: %w", err)}
		}
	default:
		return file{}, k.Refusef("the video cannot be read (status %d): its link expired, or it was deleted", s)
	}
	if size < 0 {
		size = a.Bytes
	}
	l := Spec.Limits
	switch {
	case size <= 0:
		return file{}, k.Refusef("the video's size is unknown, and X must be told it before the upload")
	case size > l.MaxVideoBytes:
		return file{}, k.Refusef("the video is %d bytes; %s takes %d at most", size, k.Network, l.MaxVideoBytes)
	}
	typ := a.ContentType
	if typ == "" {
		typ, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
	}
	if !slices.Contains(l.VideoTypes, typ) {
		return file{}, k.Refusef("%s takes %s videos, not %q", k.Network, strings.Join(l.VideoTypes, ", "), typ)
	}
	return file{size: size, typ: typ, body: resp.Body}, nil
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
