package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// embedImages is the $type of a post's images embed.
const embedImages = "app.bsky.embed.images"

// imagesEmbed is an app.bsky.embed.images embed: a post's images, four at
// most.
type imagesEmbed struct {
	Type   string       `json:"$type"`
	Images []embedImage `json:"images"`
}

// embedImage is an image of an embed. Image is the blob ref uploadBlob
// returned, sent back as it came: the PDS checks its type and size against
// the blob it holds. Alt is required, even empty.
type embedImage struct {
	Image       json.RawMessage `json:"image"`
	Alt         string          `json:"alt"`
	AspectRatio *aspectRatio    `json:"aspectRatio,omitempty"`
}

// image returns an image of a post, uploaded as a blob of the account's,
// as its embed shows it: with its alt text and its size. The upload k
// names may have been made by an earlier attempt at the post: its blob is
// then used again (reused says so). Nothing is posted yet, so no failure
// here is ambiguous.
func (c *Client) image(ctx context.Context, token, account, k string, att relais.Attachment) (im embedImage, reused bool, err error) {
	up, reused := c.uploads.Get(k, c.Now())
	if !reused {
		img, ferr := netcall.Call{Network: relais.Bluesky, Op: "publish"}.FetchImage(ctx, c.http, att.URL, Spec.Limits.MaxImageBytes)
		if ferr != nil {
			return embedImage{}, false, ferr
		}
		var out struct {
			Blob json.RawMessage `json:"blob"`
		}
		err := c.authed(ctx, account, token, func(s *session) call {
			return call{op: "upload image", nsid: "com.atproto.repo.uploadBlob", procedure: true, blob: &img, bearer: s.access}
		}, &out)
		if err != nil {
			return embedImage{}, false, err
		}
		if len(out.Blob) == 0 || string(out.Blob) == "null" {
			return embedImage{}, false, &netcall.Error{Network: relais.Bluesky, Op: "upload image", Kind: relais.FailTransient, Status: http.StatusOK, Err: errors.New("the answer carries no blob")}
		}
		up = upload{blob: out.Blob, aspect: aspectOf(img.Bytes), expires: c.Now().Add(reuseBlobFor)}
		c.uploads.Put(k, up, up.expires, c.Now())
	}
	return embedImage{Image: up.blob, Alt: att.Alt, AspectRatio: up.aspect}, reused, nil
}
