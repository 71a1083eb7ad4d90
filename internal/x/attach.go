package x

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// checkMedia refuses, before any call, the attachments X would refuse: X
// takes up to 4 images, or one animated GIF, or one video in a post, of
// the types and sizes its spec declares, and an image's description of at
// most 1000 characters.
func checkMedia(atts []relais.Attachment) error {
	l := Spec.Limits
	if len(atts) > l.MaxMedia {
		return invalid(CodeValidation, fmt.Sprintf("x takes at most %d images per post, not %d", l.MaxMedia, len(atts)))
	}
	for i, a := range atts {
		if len(atts) > 1 && (a.Kind == relais.FormatVideo || a.ContentType == "image/gif") {
			return invalid(CodeValidation, fmt.Sprintf("a video or an animated GIF goes out alone on x, not with %d other items", len(atts)-1))
		}
		switch a.Kind {
		case relais.FormatImage:
			name := "the image"
			if len(atts) > 1 {
				name = fmt.Sprintf("image %d", i+1)
			}
			if n := utf8.RuneCountInString(a.Alt); n > maxAlt {
				return invalid(CodeValidation, fmt.Sprintf("%s's description is %d characters; x allows %d", name, n, maxAlt))
			}
			if a.ContentType != "" {
				if err := Spec.CheckImage(a.ContentType, a.Bytes); err != nil {
					return invalid(CodeValidation, relais.ErrorMessage(err))
				}
			}
		case relais.FormatVideo:
			if a.ContentType != "" && !slices.Contains(l.VideoTypes, a.ContentType) {
				return invalid(CodeValidation, fmt.Sprintf("x takes %s videos, not %s", strings.Join(l.VideoTypes, ", "), a.ContentType))
			}
			if a.Bytes > l.MaxVideoBytes {
				return invalid(CodeValidation, fmt.Sprintf("the video is %d bytes; x takes %d at most", a.Bytes, l.MaxVideoBytes))
			}
		default:
			return invalid(CodeValidation, fmt.Sprintf("x takes images and videos, not %q", a.Kind))
		}
	}
	return nil
}

// attach puts attachment a of a post on X, or goes on with the upload an
// earlier attempt at the post left (see uploads), and returns its media
// id, ready for the post, and whether it was uploaded by an earlier
// attempt. An image gets its description; a video does not, as X takes
// descriptions of images only (its data dictionary: "Alt text can only be
// added to images").
func (c *Client) attach(ctx context.Context, token string, k uploadKey, a relais.Attachment) (id string, earlier bool, err error) {
	up := c.kept.get(k, a, c.Now())
	earlier = up.id != ""
	save := func() { c.kept.put(k, up, c.Now()) }
	if !up.ready {
		m, open := imageUpload, c.openImage(a.URL)
		if a.Kind == relais.FormatVideo {
			m, open = videoUpload, c.openVideo(a)
		}
		if err := c.send(ctx, token, m, &up, save, open); err != nil {
			if f, _ := relais.FailureOf(err); f == relais.FailPermanent {
				// X refused the file, or failed to process it: nothing
				// of it is worth keeping.
				c.kept.drop(k)
			}
			return "", earlier, err
		}
	}
	if a.Kind == relais.FormatImage && a.Alt != "" && (!up.described || up.alt != a.Alt) {
		body := map[string]any{"id": up.id, "metadata": map[string]any{"alt_text": map[string]string{"text": a.Alt}}}
		if err := c.do(ctx, call{op: opDescription, method: http.MethodPost, path: "/2/media/metadata", token: token, body: body}, nil); err != nil {
			return "", earlier, err
		}
		up.described, up.alt = true, a.Alt
		save()
	}
	return up.id, earlier, nil
}

// mediaRefused reports whether X refused a post for its media ids: ones
// it no longer has, or never processed.
func mediaRefused(err error) bool {
	var e *netcall.Error
	return errors.As(err, &e) && e.Status == http.StatusBadRequest && e.Err != nil &&
		strings.Contains(strings.ToLower(e.Err.Error()), "media id")
}
