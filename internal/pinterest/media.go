package pinterest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// The calls that put a post's video on Pinterest. None of them makes a
// Pin, so their failures are transient or permanent, never ambiguous.
const (
	opReadVideo   = "publish: read video"
	opUploadVideo = "publish: upload video"
	// maxMediaReads bounds the reads of an uploaded video's status while
	// Pinterest processes it: at MediaPoll's 2 s, a minute.
	maxMediaReads = 30
)

// Media statuses, as GET /v5/media/{media_id} reports them.
const (
	mediaSucceeded = "succeeded"
	mediaFailed    = "failed"
)

// mediaUpload is Pinterest's answer to a media registration: where and
// with which form fields to POST the file.
type mediaUpload struct {
	MediaID          string            `json:"media_id"`
	UploadURL        string            `json:"upload_url"`
	UploadParameters map[string]string `json:"upload_parameters"`
}

// uploadVideo puts a post's video on Pinterest and returns its media id
// once Pinterest has processed it: the video is read from its URL and
// streamed, never held whole, to the upload URL a media registration
// gives.
func (c *Client) uploadVideo(ctx context.Context, token string, v relais.Attachment) (string, error) {
	// One client reads the video and posts it, the one streaming into the
	// other, both within VideoTimeout.
	transfer := *c.http
	transfer.Timeout = c.VideoTimeout
	video, size, err := openVideo(ctx, &transfer, v)
	if err != nil {
		return "", err
	}
	defer video.Close()
	k := call{op: opUploadVideo, method: http.MethodPost, path: "/v5/media", token: token, body: map[string]string{"media_type": "video"}}
	var up mediaUpload
	if err := c.do(ctx, k, &up); err != nil {
		return "", err
	}
	if up.MediaID == "" || up.UploadURL == "" {
		return "", k.nc().Failed(0, true, errors.New("pinterest gave no media id or upload URL"))
	}
	if err := postVideo(ctx, &transfer, up, video, size); err != nil {
		return "", err
	}
	return up.MediaID, c.awaitMedia(ctx, token, up.MediaID)
}

// openVideo starts reading a post's video, refusing one whose type or size
// Pinterest does not take. Nothing was posted yet: a failure is transient
// when trying again may work (a timeout, a 5xx, a 429) and permanent when
// it cannot (the link expired or is gone, the file is too big). The URL,
// which may be signed, is never in the error.
func openVideo(ctx context.Context, hc *http.Client, v relais.Attachment) (io.ReadCloser, int64, error) {
	k := netcall.Call{Network: Network, Op: opReadVideo}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, v.URL, nil)
	if err != nil {
		return nil, 0, k.Refusef("the video's URL does not read as a URL")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, 0, k.Failed(0, false, fmt.Errorf("read the video: %w", unwrapURL(err)))
	}
	var refusal *netcall.Error
	switch typ, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); {
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		refusal = k.Failed(resp.StatusCode, false, fmt.Errorf("read the video: status %d", resp.StatusCode))
	case resp.StatusCode != http.StatusOK:
		refusal = k.Refusef("the video cannot be read (status %d): its link expired, or it was deleted", resp.StatusCode)
	case resp.ContentLength < 0:
		refusal = k.Refusef("the video's host does not say its size, which its upload to pinterest needs")
	default:
		v.Bytes = resp.ContentLength
		// A host that does not know the type leaves the media library's.
		if typ != "" && typ != "application/octet-stream" && typ != "binary/octet-stream" {
			v.ContentType = typ
		}
		if err := checkAttachment(v); err != nil {
			refusal = k.Refuse(err)
		}
	}
	if refusal != nil {
		resp.Body.Close()
		return nil, 0, refusal
	}
	return resp.Body, resp.ContentLength, nil
}

// postVideo sends the video to the upload URL as S3's browser upload
// takes it: a multipart form of the upload parameters, then the file,
// with its length said. The URL and the parameters sign the upload, so no
// error shows them; and no Pin is made yet, so any failure is transient:
// the next attempt registers a new upload.
func postVideo(ctx context.Context, hc *http.Client, up mediaUpload, video io.Reader, size int64) error {
	k := netcall.Call{Network: Network, Op: opUploadVideo}
	var head bytes.Buffer
	form := multipart.NewWriter(&head)
	for _, name := range slices.Sorted(maps.Keys(up.UploadParameters)) {
		if err := form.WriteField(name, up.UploadParameters[name]); err != nil {
			return k.Refusef("build the upload form: %v", err)
		}
	}
	if _, err := form.CreateFormFile("file", "video"); err != nil {
		return k.Refusef("build the upload form: %v", err)
	}
	// Closing writes only the closing boundary, which goes after the file.
	n := head.Len()
	if err := form.Close(); err != nil {
		return k.Refusef("build the upload form: %v", err)
	}
	trailer := bytes.Clone(head.Bytes()[n:])
	body := io.MultiReader(bytes.NewReader(head.Bytes()[:n]), video, bytes.NewReader(trailer))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, up.UploadURL, body)
	if err != nil {
		return k.Failed(0, false, errors.New("post the video: pinterest's upload URL does not read as a URL"))
	}
	req.ContentLength = int64(n) + size + int64(len(trailer))
	req.Header.Set("Content-Type", form.FormDataContentType())
	resp, err := hc.Do(req)
	if err != nil {
		return k.Failed(0, true, fmt.Errorf("post the video: %w", unwrapURL(err)))
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return k.Failed(resp.StatusCode, true, fmt.Errorf("post the video: status %d", resp.StatusCode))
	}
	return nil
}

// awaitMedia reads an uploaded video's status until Pinterest has
// processed it, a bounded number of times: a Pin can only carry a
// succeeded video. A video Pinterest could not process is refused for
// good; one still processing leaves the attempt to try again later.
func (c *Client) awaitMedia(ctx context.Context, token, id string) error {
	k := call{op: opUploadVideo, method: http.MethodGet, path: "/v5/media/" + url.PathEscape(id), token: token}
	for read := 1; ; read++ {
		var got struct {
			Status string `json:"status"`
		}
		if err := c.do(ctx, k, &got); err != nil {
			return err
		}
		switch {
		case got.Status == mediaSucceeded:
			return nil
		case got.Status == mediaFailed:
			e := k.nc().Refusef("pinterest could not process the video: it takes H.264 or H.265 .mp4, .mov and .m4v files of 4 seconds to 15 minutes")
			e.Code = CodeMediaFailed
			return e
		case read == maxMediaReads:
			return k.nc().Failed(0, false, fmt.Errorf("pinterest was still processing the video (%s) after %d reads", netcall.Truncate(got.Status, 40), read))
		}
		select {
		case <-ctx.Done():
			return k.nc().Failed(0, false, ctx.Err())
		case <-time.After(c.MediaPoll):
		}
	}
}

// unwrapURL drops a url.Error's URL, which may be signed and says nothing
// the op does not.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
