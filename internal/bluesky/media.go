package bluesky

import (
	"context"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// checkMedia refuses, before any call, attachments Bluesky would refuse:
// more images than an embed holds, a video with anything else, a kind,
// type or size the spec does not take. Types and sizes Relais does not
// know (an image given by URL) are checked once read.
func checkMedia(atts []relais.Attachment) error {
	l := Spec.Limits
	if len(atts) > l.MaxMedia {
		return relais.Errorf(relais.EINVALID, "the post carries %d images or videos; a Bluesky post takes %d images", len(atts), l.MaxMedia)
	}
	for _, a := range atts {
		switch a.Kind {
		case relais.FormatImage:
			if err := Spec.CheckImage(a.ContentType, a.Bytes); err != nil {
				return err
			}
		case relais.FormatVideo:
			switch {
			case len(atts) > 1:
				return relais.Errorf(relais.EINVALID, "a Bluesky post takes a video alone, not with %d other images or videos", len(atts)-1)
			case a.ContentType != "" && !slices.Contains(l.VideoTypes, a.ContentType):
				return relais.Errorf(relais.EINVALID, "Bluesky takes %s videos, not %s", strings.Join(l.VideoTypes, ", "), a.ContentType)
			case a.Bytes > l.MaxVideoBytes:
				return relais.Errorf(relais.EINVALID, "the video is %d bytes; Bluesky takes %d at most", a.Bytes, l.MaxVideoBytes)
			}
		default:
			return relais.Errorf(relais.EINVALID, "an attachment is a %q, neither an image nor a video", a.Kind)
		}
	}
	return nil
}

// embedded is a post's embed, once its media are uploaded: the keys of
// the uploads it shows, and whether an earlier attempt made any of them.
type embedded struct {
	embed  any
	keys   []string
	reused bool
}

// embed uploads a post's images or its video, or finds them uploaded by
// an earlier attempt at the post, and returns the embed that shows them.
func (c *Client) embed(ctx context.Context, token, account, key string, atts []relais.Attachment) (embedded, error) {
	var e embedded
	if len(atts) == 0 {
		return e, nil
	}
	for i, att := range atts {
		e.keys = append(e.keys, uploadKey(account, key, i, att))
	}
	if atts[0].Kind == relais.FormatVideo {
		v, reused, err := c.video(ctx, token, account, e.keys[0], atts[0])
		e.embed, e.reused = v, reused
		return e, err
	}
	images := &imagesEmbed{Type: embedImages}
	for i, att := range atts {
		im, reused, err := c.image(ctx, token, account, e.keys[i], att)
		if err != nil {
			return e, err
		}
		images.Images = append(images.Images, im)
		e.reused = e.reused || reused
	}
	e.embed = images
	return e, nil
}
