package linkedin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// maxAltText is the Posts API's limit on a media's alternative text.
	maxAltText = 4086
	// minVideoBytes is the Videos API's smallest video, 75 KB, read in
	// binary units as Relais' media library counts; its largest is the
	// spec's MaxVideoBytes.
	minVideoBytes = 75 << 10
	// Statuses of an image or video, as the Images and Videos APIs report
	// them.
	mediaWaiting   = "WAITING_UPLOAD"
	mediaAvailable = "AVAILABLE"
	mediaFailed    = "PROCESSING_FAILED"
)

// postContent is a post's media: one image or video (content.media), or
// 2 to 20 images (content.multiImage).
type postContent struct {
	Media      *postMedia  `json:"media,omitempty"`
	MultiImage *multiImage `json:"multiImage,omitempty"`
}

// postMedia is an image or a video as a post names it: its URN, and an
// image's alternative text or a video's title.
type postMedia struct {
	ID      string `json:"id"`
	Title   string `json:"title,omitempty"`
	AltText string `json:"altText,omitempty"`
}

type multiImage struct {
	Images []postMedia `json:"images"`
}

// checkMedia refuses, before any call, attachments LinkedIn would refuse:
// more than a post takes, a video with anything else, a description over
// the Posts API's limit, or a known type or size LinkedIn does not take.
// What Relais does not know of an image given by URL, LinkedIn judges.
func checkMedia(atts []relais.Attachment) error {
	l := Spec.Limits
	if len(atts) > l.MaxMedia {
		return relais.Errorf(relais.EINVALID, "the post carries %d images; a LinkedIn post takes %d at most", len(atts), l.MaxMedia)
	}
	for i, a := range atts {
		if n := utf8.RuneCountInString(a.Alt); n > maxAltText {
			return relais.Errorf(relais.EINVALID, "the description of item %d is %d characters; linkedin takes %d", i+1, n, maxAltText)
		}
		switch {
		case a.Kind == relais.FormatImage && a.ContentType != "":
			if err := Spec.CheckImage(a.ContentType, a.Bytes); err != nil {
				return err
			}
		case a.Kind == relais.FormatImage:
		case a.Kind != relais.FormatVideo:
			return relais.Errorf(relais.EINVALID, "item %d is a %q, neither an image nor a video", i+1, a.Kind)
		case len(atts) > 1:
			return relais.Errorf(relais.EINVALID, "a LinkedIn post takes one video alone, not with %d other items", len(atts)-1)
		case a.ContentType != "" && !slices.Contains(l.VideoTypes, a.ContentType):
			return relais.Errorf(relais.EINVALID, "linkedin takes %s videos, not %s", strings.Join(l.VideoTypes, ", "), a.ContentType)
		case a.Bytes > 0:
			if err := checkVideoSize(a.Bytes); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkVideoSize refuses a video size the Videos API does not take.
func checkVideoSize(n int64) error {
	if n < minVideoBytes || n > Spec.Limits.MaxVideoBytes {
		return relais.Errorf(relais.EINVALID, "the video is %d bytes; linkedin takes %d to %d", n, minVideoBytes, Spec.Limits.MaxVideoBytes)
	}
	return nil
}

// attach puts a post's attachments on LinkedIn, owned by the page, and
// returns them as the post's content once LinkedIn has processed them:
// one video, one image, or several images as a multiImage post. Key names
// the post, for a retry to reuse what went up.
func (c *Client) attach(ctx context.Context, token, owner, key string, atts []relais.Attachment) (*postContent, error) {
	if atts[0].Kind == relais.FormatVideo {
		m, err := c.uploadVideo(ctx, token, uploadKey{owner: owner, post: key, kind: relais.FormatVideo}, atts[0])
		if err != nil {
			return nil, err
		}
		return &postContent{Media: m}, nil
	}
	urns, err := c.uploadImages(ctx, token, owner, key, atts)
	if err != nil {
		return nil, err
	}
	images := make([]postMedia, len(urns))
	for i, urn := range urns {
		images[i] = postMedia{ID: urn, AltText: atts[i].Alt}
	}
	if len(images) == 1 {
		return &postContent{Media: &images[0]}, nil
	}
	return &postContent{MultiImage: &multiImage{Images: images}}, nil
}

// uploadImages uploads a post's images, ImageUploads at a time, in order,
// and returns their URNs. A permanent failure stops the others, as the
// post cannot be made; after a transient one the others go on, so that a
// retry finds them uploaded.
func (c *Client) uploadImages(ctx context.Context, token, owner, key string, atts []relais.Attachment) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	urns := make([]string, len(atts))
	errs := make([]error, len(atts))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(c.ImageUploads, 1), len(atts)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(atts); i = int(next.Add(1)) - 1 {
				if err := ctx.Err(); err != nil {
					errs[i] = netcall.Call{Network: relais.LinkedIn, Op: imageOp}.Failed(0, false, err)
					continue
				}
				urns[i], errs[i] = c.uploadImage(ctx, token, uploadKey{owner: owner, post: key, index: i, kind: relais.FormatImage}, atts[i])
				if kind, _ := relais.FailureOf(errs[i]); errs[i] != nil && kind == relais.FailPermanent {
					cancel()
				}
			}
		})
	}
	wg.Wait()
	return urns, firstFailure(errs)
}

// firstFailure is the error that decides a post's fate among its
// attachments': the first permanent one, as no retry can help, else the
// first one.
func firstFailure(errs []error) error {
	var first error
	for _, err := range errs {
		if kind, _ := relais.FailureOf(err); err != nil && kind == relais.FailPermanent {
			return err
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// mediaAPI is one of LinkedIn's media APIs, as the client reads an
// upload's status from it.
type mediaAPI struct {
	op, path, noun string
	// reads bounds the status reads of one attempt.
	reads int
	// takes says what LinkedIn processes, for a failure's message.
	takes string
}

var (
	imagesAPI = mediaAPI{op: imageOp, path: "/rest/images/", noun: "image", reads: maxImageReads,
		takes: "JPEG, PNG and GIF images of fewer than 36,152,320 pixels"}
	videosAPI = mediaAPI{op: videoOp, path: "/rest/videos/", noun: "video", reads: maxVideoReads,
		takes: "MP4 videos of 3 seconds to 30 minutes"}
)

// status reads an upload's status.
func (c *Client) status(ctx context.Context, token, urn string, api mediaAPI) (string, error) {
	k := call{op: api.op, method: http.MethodGet, path: api.path + url.QueryEscape(urn), token: token}
	a, err := c.do(ctx, k)
	if err != nil {
		return "", err
	}
	var got struct {
		Status string `json:"status"`
	}
	if err := k.nc().Decode(a, &got); err != nil {
		return "", err
	}
	return got.Status, nil
}

// await reads an upload's status until LinkedIn has processed it, every
// poll, a bounded number of times and never past what ctx leaves for the
// post itself: a post can only carry an AVAILABLE image or video. One
// LinkedIn could not process is refused for good; one still processing
// leaves the attempt to try again later, when the retry waits for the
// same upload.
func (c *Client) await(ctx context.Context, token, urn string, api mediaAPI, poll time.Duration) error {
	nc := netcall.Call{Network: relais.LinkedIn, Op: api.op}
	for read := 1; ; read++ {
		got, err := c.status(ctx, token, urn, api)
		if err != nil {
			return err
		}
		switch {
		case got == mediaAvailable:
			return nil
		case got == mediaFailed:
			e := nc.Refusef("linkedin could not process the %s: it takes %s", api.noun, api.takes)
			e.Code = mediaFailed
			return e
		case read == api.reads || !c.leaves(ctx, poll):
			return nc.Failed(0, false, fmt.Errorf("linkedin was still processing the %s (%s) after %d reads", api.noun, netcall.Truncate(got, 40), read))
		}
		select {
		case <-ctx.Done():
			return nc.Failed(0, false, ctx.Err())
		case <-time.After(poll):
		}
	}
}

// leaves reports whether ctx leaves time to wait d and still make the
// post: one call's timeout.
func (c *Client) leaves(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d+c.http.Timeout
}

// stale reports whether err is LinkedIn refusing an upload an earlier
// attempt began: it no longer knows it, or no longer takes it. A new
// upload may be taken.
func stale(err error) bool {
	var e *netcall.Error
	if !errors.As(err, &e) || e.Status < 400 || e.Status > 499 {
		return false
	}
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests:
		return false
	}
	return true
}
