package media

import (
	"context"
	"fmt"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Store keeps the media records.
type Store interface {
	Reader
	// PutMedia stores a new item.
	PutMedia(ctx context.Context, it Item) error
	// MarkMediaReady records a pending item as ready; an item no longer
	// pending is ECONFLICT.
	MarkMediaReady(ctx context.Context, it Item) (Item, error)
}

// Object is a stored object as the bucket describes it.
type Object struct {
	Size int64
	Type string
}

// Upload is how a browser sends an object's bytes itself.
type Upload struct {
	Method string `json:"method"`
	URL    string `json:"url"`
	// Headers are the ones the request must carry as given: the URL is
	// signed with them.
	Headers map[string]string `json:"headers"`
}

// Objects is the media bucket.
type Objects interface {
	// PresignPut signs an upload of one object of exactly the given type
	// and size, valid for ttl.
	PresignPut(ctx context.Context, key, contentType string, size int64, ttl time.Duration) (Upload, error)
	// Head describes an object; a missing one is ENOTFOUND.
	Head(ctx context.Context, key string) (Object, error)
	Delete(ctx context.Context, key string) error
	// Link signs a GET of an object, valid for ttl.
	Link(ctx context.Context, key string, ttl time.Duration) (string, error)
}

// Default lifetimes of the URLs the service signs.
const (
	// UploadTTL leaves a person time to send a large image on a slow
	// line, and no more.
	UploadTTL = 15 * time.Minute
	// PreviewTTL is how long the console may show an image it was given;
	// it asks again after.
	PreviewTTL = 15 * time.Minute
	// FetchTTL is how long a network has to fetch an image it is handed
	// at publishing; some fetch it asynchronously, minutes later.
	FetchTTL = time.Hour
)

// Service runs the media use cases.
type Service struct {
	store   Store
	objects Objects
	// Now reads the clock; tests replace it.
	Now func() time.Time
}

// New returns the service over the store and the media bucket.
func New(store Store, objects Objects) *Service {
	return &Service{store: store, objects: objects, Now: time.Now}
}

// Created is a new item with the upload that sends its bytes.
type Created struct {
	Item
	Upload  Upload
	Expires time.Time
}

// Create records an image a person is about to upload and signs the
// upload of exactly what they declared.
func (s *Service) Create(ctx context.Context, clientID string, d Declared, by string) (Created, error) {
	if err := d.Validate(); err != nil {
		return Created{}, err
	}
	now := s.Now().UTC()
	it := Item{ID: relais.NewID("m", now, 8), ClientID: clientID, Type: d.Type, Size: d.Size, Alt: d.Alt, Status: Pending, CreatedBy: by, CreatedAt: now}
	if err := s.store.PutMedia(ctx, it); err != nil {
		return Created{}, err
	}
	up, err := s.objects.PresignPut(ctx, it.Key(), it.Type, it.Size, UploadTTL)
	if err != nil {
		return Created{}, fmt.Errorf("media: sign the upload of %s: %w", it.Key(), err)
	}
	return Created{Item: it, Upload: up, Expires: now.Add(UploadTTL)}, nil
}

// Complete checks the uploaded object against what was declared and
// makes the item ready. An object unlike the declaration is deleted, so
// that nothing unchecked stays in the bucket; the person may upload
// again while the upload URL lasts.
func (s *Service) Complete(ctx context.Context, clientID, id string) (Item, error) {
	it, err := s.store.Media(ctx, clientID, id)
	if err != nil {
		return it, err
	}
	if it.Status == Ready {
		return it, nil
	}
	o, err := s.objects.Head(ctx, it.Key())
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return it, relais.Errorf(relais.EINVALID, "the image is not uploaded yet: send its bytes to the upload URL first")
	}
	if err != nil {
		return it, fmt.Errorf("media: look at %s: %w", it.Key(), err)
	}
	if why := unlike(it, o); why != "" {
		if err := s.objects.Delete(ctx, it.Key()); err != nil {
			return it, fmt.Errorf("media: delete %s, %s: %w", it.Key(), why, err)
		}
		return it, relais.Errorf(relais.EINVALID, "the uploaded file was deleted: %s", why)
	}
	ready, err := s.store.MarkMediaReady(ctx, it)
	if relais.ErrorCode(err) == relais.ECONFLICT {
		// Another call completed it meanwhile.
		return s.store.Media(ctx, clientID, id)
	}
	return ready, err
}

// unlike says how a stored object differs from its item's declaration,
// or "".
func unlike(it Item, o Object) string {
	switch {
	case o.Size > maxSizeOf(it.Type):
		return fmt.Sprintf("it is %s; the limit is %s", mib(o.Size), mib(maxSizeOf(it.Type)))
	case o.Size != it.Size:
		return fmt.Sprintf("it is %d bytes, not the %d declared", o.Size, it.Size)
	case o.Type != it.Type:
		return fmt.Sprintf("it was sent as %q, not the %q declared", o.Type, it.Type)
	}
	return ""
}

// Get returns a client's image.
func (s *Service) Get(ctx context.Context, clientID, id string) (Item, error) {
	return s.store.Media(ctx, clientID, id)
}

// URL signs a GET of a ready item's image, valid for ttl.
func (s *Service) URL(ctx context.Context, it Item, ttl time.Duration) (string, error) {
	if it.Status != Ready {
		return "", relais.Errorf(relais.ECONFLICT, "image %q is not uploaded yet", it.ID)
	}
	url, err := s.objects.Link(ctx, it.Key(), ttl)
	if err != nil {
		return "", fmt.Errorf("media: sign a link to %s: %w", it.Key(), err)
	}
	return url, nil
}
