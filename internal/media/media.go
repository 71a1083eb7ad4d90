// Package media keeps each client's uploaded images: a record per image
// in the store, its bytes in the media bucket under the client's prefix,
// uploaded by the browser itself through a pre-signed PUT and checked by
// the server once the upload is complete. It imports nothing of AWS: the
// bucket is behind Objects.
package media

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/relais"
)

// MaxSize bounds an image, in bytes: 8 MiB, within every network's limit
// for a photo.
const MaxSize = 8 << 20

// MaxVideoSize bounds a video, in bytes: 1 GiB, within what the networks
// that take videos fetch or take in chunks.
const MaxVideoSize = 1 << 30

// ImageTypes are the image types a client may upload, which every network
// that takes images accepts; VideoTypes the video types.
var (
	ImageTypes = []string{"image/jpeg", "image/png", "image/webp", "image/gif"}
	VideoTypes = []string{"video/mp4", "video/quicktime"}
	// Types are every type a client may upload.
	Types = slices.Concat(ImageTypes, VideoTypes)
)

// KindOf is whether a type is an image's or a video's.
func KindOf(contentType string) relais.Format {
	if slices.Contains(VideoTypes, contentType) {
		return relais.FormatVideo
	}
	return relais.FormatImage
}

// maxSizeOf is the largest file of a type the library takes.
func maxSizeOf(contentType string) int64 {
	if KindOf(contentType) == relais.FormatVideo {
		return MaxVideoSize
	}
	return MaxSize
}

// MaxAlt bounds an image's alternative text, in characters.
const MaxAlt = 1000

// Status is where an image is in its upload.
type Status string

const (
	// Pending: declared, its upload URL handed out, not checked yet.
	Pending Status = "pending"
	// Ready: uploaded and checked against what was declared.
	Ready Status = "ready"
)

// Item is one image of a client.
type Item struct {
	ID       string `json:"id"`
	ClientID string `json:"clientId"`
	// Type and Size are what the uploader declared; a ready item's object
	// is exactly that.
	Type      string    `json:"type"`
	Size      int64     `json:"size"`
	Alt       string    `json:"alt"`
	Status    Status    `json:"status"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

// ObjectKey is where a client's image is in the media bucket: under the
// client's own prefix, so that a grant or a lifecycle rule can name it.
func ObjectKey(clientID, id string) string { return "media/" + clientID + "/" + id }

// Key is where the item's bytes are.
func (it Item) Key() string { return ObjectKey(it.ClientID, it.ID) }

// Declared is what an uploader says of an image before sending it.
type Declared struct {
	Type string
	Size int64
	Alt  string
}

// Validate refuses an image or a video the networks would not take.
func (d Declared) Validate() error {
	if !slices.Contains(Types, d.Type) {
		return relais.Errorf(relais.EINVALID, "type %q is not an image or a video Relais takes: send %s", d.Type, strings.Join(Types, ", "))
	}
	kind := KindOf(d.Type)
	if d.Size < 1 {
		return relais.Errorf(relais.EINVALID, "size must be the %s's size in bytes, at least 1", kind)
	}
	if most := maxSizeOf(d.Type); d.Size > most {
		return relais.Errorf(relais.EINVALID, "the %s is %s; the limit is %s", kind, mib(d.Size), mib(most))
	}
	if n := utf8.RuneCountInString(d.Alt); n > MaxAlt {
		return relais.Errorf(relais.EINVALID, "the alternative text is %d characters long; the limit is %d", n, MaxAlt)
	}
	return nil
}

// Validate checks an item before it is stored.
func (it Item) Validate() error {
	if err := relais.ValidateID("client", it.ClientID); err != nil {
		return err
	}
	if it.ID == "" {
		return relais.Errorf(relais.EINVALID, "an image needs an id")
	}
	return Declared{Type: it.Type, Size: it.Size, Alt: it.Alt}.Validate()
}

// mib writes a size for people: 8 MiB, 8.5 MiB, 512 bytes.
func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MiB"
}

// Reader reads a client's image; another client's is ENOTFOUND, as one
// that does not exist.
type Reader interface {
	Media(ctx context.Context, clientID, id string) (Item, error)
}

// Attachable checks the images and videos a post of a client is to carry
// on network n, and returns them: uploaded, of the client, as many and of
// the kinds n takes, within its limits. Another client's item is refused
// as one that does not exist.
func Attachable(ctx context.Context, r Reader, clientID string, ids []string, n relais.Network) ([]Item, error) {
	spec, ok := relais.SpecOf(n)
	if !ok {
		_, err := relais.ParseNetwork(string(n))
		return nil, err
	}
	if len(ids) > 1 && !slices.Contains(spec.Formats, relais.FormatCarousel) {
		return nil, relais.Errorf(relais.EINVALID, "media: %s takes one image or video per post from Relais, not %d", n, len(ids))
	}
	if most := spec.Limits.MaxMedia; most > 0 && len(ids) > most {
		return nil, relais.Errorf(relais.EINVALID, "media: %s takes at most %d images per post, not %d", n, most, len(ids))
	}
	var items []Item
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return nil, relais.Errorf(relais.EINVALID, "media: %q is attached twice", id)
		}
		it, err := r.Media(ctx, clientID, id)
		if relais.ErrorCode(err) == relais.ENOTFOUND {
			return nil, relais.Errorf(relais.EINVALID, "media: there is no image %q for this client; upload it first", id)
		}
		if err != nil {
			return nil, fmt.Errorf("media: read %s of %s: %w", id, clientID, err)
		}
		if it.Status != Ready {
			return nil, relais.Errorf(relais.EINVALID, "media: image %q is not uploaded yet; complete its upload first", id)
		}
		if err := checkKind(spec, it, len(ids)); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// checkKind refuses an item network s would not take: a video where it
// takes none, or with other items, or over its video limits; an image over
// its image limits.
func checkKind(s relais.Spec, it Item, count int) error {
	if KindOf(it.Type) == relais.FormatImage {
		return s.CheckImage(it.Type, it.Size)
	}
	switch l := s.Limits; {
	case !slices.Contains(s.Formats, relais.FormatVideo):
		return relais.Errorf(relais.EINVALID, "media: %s does not take videos from Relais", s.Name)
	case count > 1:
		return relais.Errorf(relais.EINVALID, "media: a video goes out alone, not with %d other items", count-1)
	case len(l.VideoTypes) > 0 && !slices.Contains(l.VideoTypes, it.Type):
		return relais.Errorf(relais.EINVALID, "%s takes %s videos, not %s", s.Name, strings.Join(l.VideoTypes, ", "), it.Type)
	case l.MaxVideoBytes > 0 && it.Size > l.MaxVideoBytes:
		return relais.Errorf(relais.EINVALID, "the video is %d bytes; %s takes %d at most", it.Size, s.Name, l.MaxVideoBytes)
	}
	return nil
}
