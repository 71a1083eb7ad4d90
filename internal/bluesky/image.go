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

// imagesEmbed is an app.bsky.embed.images embed: a post's image.
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

// uploadImage reads the post's image, uploads it as a blob of the
// account's, and returns the embed that shows it with its alt text.
// Nothing is posted yet, so no failure here is ambiguous. Each attempt
// uploads anew: the PDS drops a blob that no record names within minutes,
// and uploading the same bytes again gives the same blob.
func (c *Client) uploadImage(ctx context.Context, token, account string, content relais.Content) (*imagesEmbed, error) {
	img, ferr := netcall.Call{Network: relais.Bluesky, Op: "publish"}.FetchImage(ctx, c.http, content.ImageURL, Spec.Limits.MaxImageBytes)
	if ferr != nil {
		return nil, ferr
	}
	var out struct {
		Blob json.RawMessage `json:"blob"`
	}
	err := c.authed(ctx, account, token, func(s *session) call {
		return call{op: "upload image", nsid: "com.atproto.repo.uploadBlob", procedure: true, blob: &img, bearer: s.access}
	}, &out)
	if err != nil {
		return nil, err
	}
	if len(out.Blob) == 0 || string(out.Blob) == "null" {
		return nil, &netcall.Error{Network: relais.Bluesky, Op: "upload image", Kind: relais.FailTransient, Status: http.StatusOK, Err: errors.New("the answer carries no blob")}
	}
	return &imagesEmbed{Type: embedImages, Images: []embedImage{{Image: out.Blob, Alt: content.ImageAlt, AspectRatio: aspectOf(img.Bytes)}}}, nil
}
