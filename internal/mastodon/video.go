package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// uploadVideo streams the video at att.URL to the instance as the file of
// POST /api/v2/media, with its description: the bytes go on as they are
// read, so a video is never held whole. The instance answers 202 with a
// null url and processes the video in the background.
func (c *Client) uploadVideo(ctx context.Context, token string, a Account, att relais.Attachment) (media, error) {
	k := call{op: "publish: upload video", method: http.MethodPost, url: c.base(a) + "/api/v2/media", token: token}
	hc := c.streaming()
	src, ferr := openVideo(ctx, hc, att)
	if ferr != nil {
		return media{}, ferr
	}
	defer src.Close()
	head, tail, contentType, err := mediaForm(att.Alt, src.typ)
	if err != nil {
		return media{}, k.nc().Refuse(err)
	}
	body := struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), src, bytes.NewReader(tail)), src}
	req, err := http.NewRequestWithContext(ctx, k.method, k.url, body)
	if err != nil {
		return media{}, k.nc().Refusef("build request: %w", err)
	}
	if src.size >= 0 {
		req.ContentLength = int64(len(head)) + src.size + int64(len(tail))
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	// A video that could not be read, or is over the limit, says why the
	// upload stopped better than the upload's own error.
	if e := src.failure(); e != nil {
		return media{}, e
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return media{}, k.nc().Failed(0, true, err)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, netcall.MaxAnswer))
	ans := netcall.Answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
	if err != nil {
		return media{}, k.nc().Failed(resp.StatusCode, true, fmt.Errorf("read answer: %w", err))
	}
	if !ans.OK() {
		return media{}, k.refused(ans, c.Now())
	}
	var m media
	if err := k.nc().Decode(ans, &m); err != nil {
		return media{}, err
	}
	if m.ID == "" {
		return media{}, k.nc().Failed(resp.StatusCode, true, errors.New("the answer carries no media id"))
	}
	return m, nil
}

// streaming is the HTTP client a video's bytes go through: the adapter's,
// with UploadTimeout for a timeout, since a client's timeout bounds a
// whole exchange, body included.
func (c *Client) streaming() *http.Client {
	hc := *c.http
	hc.Timeout = c.UploadTimeout
	return &hc
}

// errTooBig stops the reading of a video over Mastodon's limit.
var errTooBig = errors.New("the video is over the limit")

// videoSource is a video being read from its URL as it is uploaded.
// Read fails past MaxVideoBytes; failure says why reading stopped, if it
// did.
type videoSource struct {
	body io.ReadCloser
	typ  string
	// size is what the host announced, or -1.
	size int64

	mu   sync.Mutex
	read int64
	err  *netcall.Error
	once sync.Once
}

// openVideo starts reading the video at att.URL. Nothing was posted yet,
// so a failure is transient when trying again may work (a timeout, a 5xx,
// a 429) and permanent when it cannot (the link expired or is gone, the
// file is not a video Mastodon takes or is too big). The URL, which may be
// signed, is never in the error.
func openVideo(ctx context.Context, hc *http.Client, att relais.Attachment) (*videoSource, *netcall.Error) {
	read := netcall.Call{Network: relais.Mastodon, Op: "publish: read video"}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, att.URL, nil)
	if err != nil {
		return nil, read.Refusef("the video's URL does not read as a URL")
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, read.Failed(0, false, fmt.Errorf("read the video: %w", err))
	}
	l := Spec.Limits
	typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if typ == "" || typ == "application/octet-stream" || typ == "binary/octet-stream" {
		typ = att.ContentType
	}
	var e *netcall.Error
	switch {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		e = read.Failed(resp.StatusCode, false, fmt.Errorf("read the video: status %d", resp.StatusCode))
	case resp.StatusCode != http.StatusOK:
		e = read.Refusef("the video cannot be read (status %d): its link expired, or it was deleted", resp.StatusCode)
	case resp.ContentLength > l.MaxVideoBytes:
		e = read.Refusef("the video is %d bytes; Mastodon takes %d at most", resp.ContentLength, l.MaxVideoBytes)
	case !strings.HasPrefix(typ, "video/"):
		e = read.Refusef("the file at the video's URL is %s, not a video", netcall.Truncate(typ, 60))
	case !slices.Contains(l.VideoTypes, typ):
		e = read.Refusef("Mastodon takes %s videos, not %s", strings.Join(l.VideoTypes, ", "), typ)
	}
	if e != nil {
		resp.Body.Close()
		return nil, e
	}
	return &videoSource{body: resp.Body, typ: typ, size: resp.ContentLength}, nil
}

func (v *videoSource) Read(p []byte) (int, error) {
	n, err := v.body.Read(p)
	v.mu.Lock()
	defer v.mu.Unlock()
	v.read += int64(n)
	switch {
	case v.read > Spec.Limits.MaxVideoBytes:
		v.err = netcall.Call{Network: relais.Mastodon, Op: "publish: read video"}.Refusef("the video is over %d bytes, which Mastodon takes at most", Spec.Limits.MaxVideoBytes)
		return n, errTooBig
	case err != nil && err != io.EOF:
		v.err = netcall.Call{Network: relais.Mastodon, Op: "publish: read video"}.Failed(0, false, fmt.Errorf("read the video: %w", err))
	}
	return n, err
}

// failure is why reading the video stopped before its end, or nil.
func (v *videoSource) failure() *netcall.Error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.err
}

// Close ends the reading; the upload's transport and the uploader both
// close it.
func (v *videoSource) Close() error {
	var err error
	v.once.Do(func() { err = v.body.Close() })
	return err
}
