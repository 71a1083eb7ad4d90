package linkedin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// videoOp names the calls that put a post's video on LinkedIn. They
	// make no post, so their failures are transient or permanent, never
	// ambiguous.
	videoOp = "upload video"
	// maxVideoReads bounds the reads of a finalized video's status while
	// LinkedIn processes it, which takes minutes for a long one: the
	// attempt then fails, and the retry reads on.
	maxVideoReads = 10
	// maxPartBytes bounds the part of a video held in memory at once.
	// LinkedIn cuts a video in 4 MB parts; a larger one is refused rather
	// than held.
	maxPartBytes = 16 << 20
)

// videoPart is where one part of a video goes, as initializeUpload says:
// the bytes from FirstByte to LastByte, included, to UploadURL.
type videoPart struct {
	UploadURL string `json:"uploadUrl"`
	FirstByte int64  `json:"firstByte"`
	LastByte  int64  `json:"lastByte"`
}

func (p videoPart) size() int64 { return p.LastByte - p.FirstByte + 1 }

// uploadVideo puts a post's video on LinkedIn, owned by the page k names,
// and returns it as the post's media once LinkedIn has processed it:
// Videos API initializeUpload with the video's size, a PUT of each part
// to its upload URL, read from the attachment's URL as it goes,
// finalizeUpload with the parts' ETags in order, then reads of the
// video's status. What an earlier attempt at the post uploaded is reused
// (see uploads.go); when LinkedIn refuses it, the video is uploaded anew.
func (c *Client) uploadVideo(ctx context.Context, token string, k uploadKey, a relais.Attachment) (*postMedia, error) {
	up, reused := c.uploads.get(k, c.Now())
	var err error
	if !up.sent {
		err = c.sendVideo(ctx, token, k, a, &up)
	}
	if err == nil {
		err = c.await(ctx, token, up.urn, videosAPI, c.VideoPoll)
	}
	if reused && stale(err) {
		c.uploads.forget(k)
		return c.uploadVideo(ctx, token, k, a)
	}
	if err != nil {
		return nil, err
	}
	// The Posts API names a video with a title; the video's description
	// is what Relais has.
	return &postMedia{ID: up.urn, Title: a.Alt}, nil
}

// sendVideo puts the video's bytes with LinkedIn, from where up left off:
// a new upload unless up holds one, the parts not sent yet, then
// finalizeUpload.
func (c *Client) sendVideo(ctx context.Context, token string, k uploadKey, a relais.Attachment, up *upload) error {
	next := 0
	for next < len(up.etags) && up.etags[next] != "" {
		next++
	}
	if up.urn == "" || next < len(up.parts) {
		var from int64
		if up.urn != "" {
			from = up.parts[next].FirstByte
		}
		v, err := c.openVideo(ctx, a, from)
		if err != nil {
			return err
		}
		defer v.close()
		if up.urn == "" {
			if *up, err = c.initVideo(ctx, token, k.owner, v.size); err != nil {
				return err
			}
			c.uploads.put(k, *up, c.Now())
		} else if v.size != up.size {
			c.uploads.forget(k)
			return v.nc.Failed(0, false, fmt.Errorf("the video is %d bytes, not the %d its upload began with; the next attempt starts again", v.size, up.size))
		}
		if err := c.sendParts(ctx, k, v, up, next); err != nil {
			return err
		}
	}
	return c.finalizeVideo(ctx, token, k, up)
}

// initVideo registers a new video of size bytes owned by owner, without
// captions or thumbnail, and checks that its parts cover the video.
func (c *Client) initVideo(ctx context.Context, token, owner string, size int64) (upload, error) {
	k := call{op: videoOp, method: http.MethodPost, path: "/rest/videos", token: token,
		query: url.Values{"action": {"initializeUpload"}},
		body: map[string]any{"initializeUploadRequest": map[string]any{
			"owner": owner, "fileSizeBytes": size, "uploadCaptions": false, "uploadThumbnail": false,
		}}}
	a, err := c.do(ctx, k)
	if err != nil {
		return upload{}, err
	}
	var started struct {
		Value struct {
			Video              string      `json:"video"`
			UploadToken        string      `json:"uploadToken"`
			UploadURLsExpireAt int64       `json:"uploadUrlsExpireAt"`
			UploadInstructions []videoPart `json:"uploadInstructions"`
		} `json:"value"`
	}
	if err := k.nc().Decode(a, &started); err != nil {
		return upload{}, err
	}
	v := started.Value
	if v.Video == "" {
		return upload{}, k.nc().Failed(a.Status, true, errors.New("linkedin gave no video URN"))
	}
	if err := checkParts(v.UploadInstructions, size); err != nil {
		return upload{}, k.nc().Failed(a.Status, true, fmt.Errorf("linkedin's upload instructions do not fit the video: %w", err))
	}
	up := upload{urn: v.Video, size: size, token: v.UploadToken,
		parts: v.UploadInstructions, etags: make([]string, len(v.UploadInstructions))}
	if v.UploadURLsExpireAt > 0 {
		up.urlsExpire = time.UnixMilli(v.UploadURLsExpireAt)
	}
	return up, nil
}

// checkParts checks that parts cover a video of size bytes, in order,
// each within what the client holds at once.
func checkParts(parts []videoPart, size int64) error {
	var next int64
	for i, p := range parts {
		switch {
		case p.UploadURL == "":
			return fmt.Errorf("part %d has no upload URL", i)
		case p.FirstByte != next || p.LastByte < p.FirstByte:
			return fmt.Errorf("part %d is bytes %d to %d, not from %d", i, p.FirstByte, p.LastByte, next)
		case p.size() > maxPartBytes:
			return fmt.Errorf("part %d is %d bytes, over %d", i, p.size(), maxPartBytes)
		}
		next = p.LastByte + 1
	}
	if next != size {
		return fmt.Errorf("the parts cover %d bytes of %d", next, size)
	}
	return nil
}

// sendParts puts the parts from next on, each read from the video as it
// comes, and remembers each ETag as it is given, so that a retry sends
// only what is left.
func (c *Client) sendParts(ctx context.Context, k uploadKey, v *videoStream, up *upload, next int) error {
	var most int64
	for _, p := range up.parts[next:] {
		most = max(most, p.size())
	}
	buf := make([]byte, most)
	for i := next; i < len(up.parts); i++ {
		p := up.parts[i]
		chunk := buf[:p.size()]
		if err := v.read(chunk); err != nil {
			return err
		}
		// The URL is signed: it takes no token.
		a, err := v.nc.Do(ctx, c.http, netcall.Request{Method: http.MethodPut, URL: p.UploadURL, Body: chunk, ContentType: "application/octet-stream"})
		if err != nil {
			return err
		}
		if !a.OK() {
			err := v.nc.Failed(a.Status, true, fmt.Errorf("put part %d of %d: status %d", i+1, len(up.parts), a.Status))
			if stale(err) {
				// The URL refuses the part: the next attempt starts anew.
				c.uploads.forget(k)
			}
			return err
		}
		etag := a.Header.Get("ETag")
		if etag == "" {
			return v.nc.Failed(a.Status, true, fmt.Errorf("put part %d of %d: linkedin gave no ETag", i+1, len(up.parts)))
		}
		up.etags[i] = etag
		c.uploads.put(k, *up, c.Now())
	}
	return nil
}

// finalizeVideo tells LinkedIn the parts are all sent, naming each by its
// ETag, in order. When an earlier attempt sent it already and its answer
// was lost, the video's status says whether it took effect.
func (c *Client) finalizeVideo(ctx context.Context, token string, k uploadKey, up *upload) error {
	if up.finalizing {
		st, err := c.status(ctx, token, up.urn, videosAPI)
		if err != nil {
			return err
		}
		if st != mediaWaiting {
			up.sent = true
			c.uploads.put(k, *up, c.Now())
			return nil
		}
	}
	up.finalizing = true
	c.uploads.put(k, *up, c.Now())
	_, err := c.do(ctx, call{op: videoOp, method: http.MethodPost, path: "/rest/videos", token: token,
		query: url.Values{"action": {"finalizeUpload"}},
		body: map[string]any{"finalizeUploadRequest": map[string]any{
			"video": up.urn, "uploadToken": up.token, "uploadedPartIds": up.etags,
		}}})
	if err != nil {
		if stale(err) {
			// LinkedIn refuses this upload: the next attempt starts anew.
			c.uploads.forget(k)
		}
		return err
	}
	up.sent = true
	c.uploads.put(k, *up, c.Now())
	return nil
}
