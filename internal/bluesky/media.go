package bluesky

import (
	"context"

	"github.com/relais-dev/relais/internal/relais"
)

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
