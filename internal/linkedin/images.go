package linkedin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// imageOp names the calls that put a post's image on LinkedIn. They
	// make no post, so their failures are transient, never ambiguous.
	imageOp = "upload image"
	// maxImageReads bounds the reads of an uploaded image's status while
	// LinkedIn processes it.
	maxImageReads = 10
	// maxAltText is the Posts API's limit on an image's alternative text.
	maxAltText = 4086
	// Image statuses, as the Images API reports them.
	imageAvailable = "AVAILABLE"
	imageFailed    = "PROCESSING_FAILED"
)

// postContent is a post's image: the URN the Images API gave it and its
// alternative text.
type postContent struct {
	Media postMedia `json:"media"`
}

type postMedia struct {
	ID      string `json:"id"`
	AltText string `json:"altText,omitempty"`
}

// uploadImage puts a post's image on LinkedIn, owned by the page, and
// returns it as a post's content once LinkedIn has processed it: Images
// API initializeUpload, a PUT of the bytes to the upload URL it gave, then
// reads of the image's status. The image is read from content.ImageURL.
func (c *Client) uploadImage(ctx context.Context, token, owner string, content relais.Content) (*postContent, error) {
	k := call{op: imageOp, method: http.MethodPost, path: "/rest/images", token: token,
		query: url.Values{"action": {"initializeUpload"}}}
	if n := utf8.RuneCountInString(content.ImageAlt); n > maxAltText {
		return nil, refuse(k.op, fmt.Errorf("the image's description is %d characters; linkedin takes %d", n, maxAltText))
	}
	img, ferr := k.nc().FetchImage(ctx, c.http, content.ImageURL, imageCap())
	if ferr != nil {
		return nil, ferr
	}
	if err := Spec.CheckImage(img.Type, int64(len(img.Bytes))); err != nil {
		return nil, refuse(k.op, err)
	}
	k.body = map[string]any{"initializeUploadRequest": map[string]string{"owner": owner}}
	a, err := c.do(ctx, k)
	if err != nil {
		return nil, err
	}
	var started struct {
		Value struct {
			UploadURL string `json:"uploadUrl"`
			Image     string `json:"image"`
		} `json:"value"`
	}
	if err := k.nc().Decode(a, &started); err != nil {
		return nil, err
	}
	if started.Value.UploadURL == "" || started.Value.Image == "" {
		return nil, k.nc().Failed(a.Status, true, errors.New("linkedin gave no upload URL or image URN"))
	}
	if err := c.putImage(ctx, k, started.Value.UploadURL, img); err != nil {
		return nil, err
	}
	if err := c.awaitImage(ctx, token, started.Value.Image); err != nil {
		return nil, err
	}
	return &postContent{Media: postMedia{ID: started.Value.Image, AltText: content.ImageAlt}}, nil
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
// error shows it; and no post is made yet, so any failure is transient:
// the next attempt starts a new upload.
func (c *Client) putImage(ctx context.Context, k call, uploadURL string, img netcall.Image) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, uploadURL, bytes.NewReader(img.Bytes))
	if err != nil {
		return k.nc().Failed(0, false, errors.New("put the image: linkedin's upload URL does not read as a URL"))
	}
	req.Header.Set("Authorization", "Bearer "+k.token)
	req.Header.Set("Content-Type", img.Type)
	resp, err := c.http.Do(req)
	if err != nil {
		// url.Error repeats the signed URL.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return k.nc().Failed(0, true, fmt.Errorf("put the image: %w", err))
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return k.nc().Failed(resp.StatusCode, true, fmt.Errorf("put the image: status %d", resp.StatusCode))
	}
	return nil
}

// awaitImage reads an uploaded image's status until LinkedIn has
// processed it, a bounded number of times: a post can only carry an
// AVAILABLE image. An image LinkedIn could not process is refused for
// good; one still processing leaves the attempt to try again later.
func (c *Client) awaitImage(ctx context.Context, token, urn string) error {
	k := call{op: imageOp, method: http.MethodGet, path: "/rest/images/" + url.QueryEscape(urn), token: token}
	for read := 1; ; read++ {
		a, err := c.do(ctx, k)
		if err != nil {
			return err
		}
		var got struct {
			Status string `json:"status"`
		}
		if err := k.nc().Decode(a, &got); err != nil {
			return err
		}
		switch {
		case got.Status == imageAvailable:
			return nil
		case got.Status == imageFailed:
			e := k.nc().Refusef("linkedin could not process the image: it takes JPEG, PNG and GIF images of fewer than 36,152,320 pixels")
			e.Code = imageFailed
			return e
		case read == maxImageReads:
			return k.nc().Failed(0, true, fmt.Errorf("linkedin was still processing the image (%s) after %d reads", netcall.Truncate(got.Status, 40), read))
		}
		select {
		case <-ctx.Done():
			return k.nc().Failed(0, false, ctx.Err())
		case <-time.After(c.ImagePoll):
		}
	}
}
