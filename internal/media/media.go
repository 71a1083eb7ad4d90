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

// Types are the image types a client may upload, which every network
// that takes images accepts.
var Types = []string{"image/jpeg", "image/png", "image/webp", "image/gif"}

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

// Validate refuses an image the networks would not take.
func (d Declared) Validate() error {
	if !slices.Contains(Types, d.Type) {
		return relais.Errorf(relais.EINVALID, "type %q is not an image Relais takes: send %s", d.Type, strings.Join(Types, ", "))
	}
	if d.Size < 1 {
		return relais.Errorf(relais.EINVALID, "size must be the image's size in bytes, at least 1")
	}
	if d.Size > MaxSize {
		return relais.Errorf(relais.EINVALID, "the image is %s; the limit is %s", mib(d.Size), mib(MaxSize))
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

// Attachable checks the images a post of a client is to carry on network
// n, and returns them: uploaded, of the client, within n's image limits;
// for now
// one at most, of that client, uploaded and checked. Another client's
// image is refused as one that does not exist.
func Attachable(ctx context.Context, r Reader, clientID string, ids []string, n relais.Network) ([]Item, error) {
	if len(ids) > 1 {
		return nil, relais.Errorf(relais.EINVALID, "media: a post carries one image for now, not %d", len(ids))
	}
	var items []Item
	for _, id := range ids {
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
		if err := relais.CheckImage(n, it.Type, it.Size); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}
