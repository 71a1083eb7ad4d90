package mastodon

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// uploadVideo streams the video at att.URL to the instance as the file of
// POST /api/v2/media, with its description: the bytes go on as they are
// read, so a video is never held whole. The instance answers 202 with a
// null url and processes the video in the background.
func (c *Client) uploadVideo(ctx context.Context, token string, a Account, att relais.Attachment) (media, error) {
	k := call{op: "publish: upload video", method: http.MethodPost, url: c.base(a) + "/api/v2/media", token: token}
	// The video's bytes go through the upload: UploadTimeout bounds them.
	hc := netcall.Streaming(c.http, c.UploadTimeout)
	src, ferr := netcall.Call{Network: relais.Mastodon, Op: "publish: read video"}.OpenVideo(ctx, hc, att.URL, 0)
	if ferr != nil {
		return media{}, ferr
	}
	defer src.Close()
	if ferr := src.Limit(Spec, att.ContentType); ferr != nil {
		return media{}, ferr
	}
	head, tail, contentType, err := mediaForm(att.Alt, src.Type)
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
	if src.Size >= 0 {
		req.ContentLength = int64(len(head)) + src.Size + int64(len(tail))
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
	if e := src.Failure(); e != nil {
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
