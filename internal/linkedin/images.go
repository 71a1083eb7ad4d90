package linkedin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// imageOp names the calls that put a post's images on LinkedIn. They
	// make no post, so their failures are transient, never ambiguous.
	imageOp = "upload image"
	// maxImageReads bounds the reads of an uploaded image's status while
	// LinkedIn processes it.
	maxImageReads = 10
)

// uploadImage puts one of a post's images on LinkedIn, owned by the page
// k names, and returns its URN once LinkedIn has processed it: Images API
// initializeUpload, a PUT of the bytes to the upload URL it gave, then
// reads of the image's status. What an earlier attempt at the post
// uploaded is reused (see uploads.go); when LinkedIn refuses it, the
// image is uploaded anew.
func (c *Client) uploadImage(ctx context.Context, token string, k uploadKey, a relais.Attachment) (string, error) {
	up, reused := c.uploads.get(k, c.Now())
	err := c.sendImage(ctx, token, k, a, &up)
	if err == nil {
		err = c.await(ctx, token, up.urn, imagesAPI, c.ImagePoll)
	}
	if reused && stale(err) {
		c.uploads.forget(k)
		return c.uploadImage(ctx, token, k, a)
	}
	if err != nil {
		return "", err
	}
	return up.urn, nil
}

// sendImage puts the image's bytes with LinkedIn, read from its URL,
// unless LinkedIn has them: to the upload URL up holds, else to a new
// upload's.
func (c *Client) sendImage(ctx context.Context, token string, k uploadKey, a relais.Attachment, up *upload) error {
	if up.urn != "" && !up.sent {
		// The last attempt's PUT may have arrived although its answer
		// did not: LinkedIn takes an image's bytes once.
		st, err := c.status(ctx, token, up.urn, imagesAPI)
		if err != nil {
			return err
		}
		up.sent = st != mediaWaiting
	}
	if up.sent {
		return nil
	}
	nc := netcall.Call{Network: relais.LinkedIn, Op: imageOp}
	img, ferr := nc.FetchImage(ctx, c.http, a.URL, imageCap())
	if ferr != nil {
		return ferr
	}
	if err := Spec.CheckImage(img.Type, int64(len(img.Bytes))); err != nil {
		return nc.Refuse(err)
	}
	if up.urn == "" {
		started, err := c.initImage(ctx, token, k.owner)
		if err != nil {
			return err
		}
		*up = started
		c.uploads.put(k, *up, c.Now())
	}
	if err := c.putImage(ctx, token, up.imageURL, img); err != nil {
		if stale(err) {
			// The URL refuses the bytes: the next attempt starts anew.
			c.uploads.forget(k)
		}
		return err
	}
	up.sent = true
	c.uploads.put(k, *up, c.Now())
	return nil
}

// initImage registers a new image owned by owner.
func (c *Client) initImage(ctx context.Context, token, owner string) (upload, error) {
	k := call{op: imageOp, method: http.MethodPost, path: "/rest/images", token: token,
		query: url.Values{"action": {"initializeUpload"}},
		body:  map[string]any{"initializeUploadRequest": map[string]string{"owner": owner}}}
	a, err := c.do(ctx, k)
	if err != nil {
		return upload{}, err
	}
	var started struct {
		Value struct {
			UploadURL          string `json:"uploadUrl"`
			UploadURLExpiresAt int64  `json:"uploadUrlExpiresAt"`
			Image              string `json:"image"`
		} `json:"value"`
	}
	if err := k.nc().Decode(a, &started); err != nil {
		return upload{}, err
	}
	v := started.Value
	if v.UploadURL == "" || v.Image == "" {
		return upload{}, k.nc().Failed(a.Status, true, errors.New("linkedin gave no upload URL or image URN"))
	}
	up := upload{urn: v.Image, imageURL: v.UploadURL}
	if v.UploadURLExpiresAt > 0 {
		up.urlsExpire = time.UnixMilli(v.UploadURLExpiresAt)
	}
	return up, nil
}

// imageCap is the most Relais reads of a post's image: LinkedIn's limit
// where limits.go has one, else what Relais' media library takes, as
// LinkedIn documents a pixel count (36,152,320) but no byte size.
func imageCap() int64 {
	if n := Spec.Limits.MaxImageBytes; n > 0 {
		return n
	}
	return media.MaxSize
}

// putImage sends the image's bytes to the upload URL initializeUpload
// gave, with the page's token as LinkedIn asks. The URL is signed, so no
// error shows it; and no post is made yet, so any failure is transient.
func (c *Client) putImage(ctx context.Context, token, uploadURL string, img netcall.Image) error {
	nc := netcall.Call{Network: relais.LinkedIn, Op: imageOp}
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, uploadURL, bytes.NewReader(img.Bytes))
	if err != nil {
		return nc.Failed(0, false, errors.New("put the image: linkedin's upload URL does not read as a URL"))
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", img.Type)
	resp, err := c.http.Do(req)
	if err != nil {
		// url.Error repeats the signed URL.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nc.Failed(0, true, fmt.Errorf("put the image: %w", err))
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nc.Failed(resp.StatusCode, true, fmt.Errorf("put the image: status %d", resp.StatusCode))
	}
	return nil
}
