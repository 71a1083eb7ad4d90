package api

import (
	"context"
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relais"
)

// mediaView is an image as the API shows it: with its upload while it is
// pending (when just created), with a short-lived URL once ready.
type mediaView struct {
	ID      string        `json:"id"`
	Type    string        `json:"type"`
	Size    int64         `json:"size"`
	Alt     string        `json:"alt"`
	Status  media.Status  `json:"status"`
	Upload  *media.Upload `json:"upload,omitempty"`
	Expires *time.Time    `json:"expires,omitempty"`
	URL     string        `json:"url,omitempty"`
}

// viewMedia shows an item, with a preview URL when it is ready.
func (s *Server) viewMedia(ctx context.Context, it media.Item) (mediaView, error) {
	v := mediaView{ID: it.ID, Type: it.Type, Size: it.Size, Alt: it.Alt, Status: it.Status}
	if it.Status == media.Ready {
		url, err := s.media.URL(ctx, it, media.PreviewTTL)
		if err != nil {
			return v, err
		}
		v.URL = url
	}
	return v, nil
}

// newMedia is the body of an image's declaration.
type newMedia struct {
	Type string `json:"type"`
	Size int64  `json:"size"`
	Alt  string `json:"alt"`
}

func (s *Server) createMedia(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in newMedia
	if err := readJSON(r, &in); err != nil {
		return err
	}
	c, err := s.media.Create(r.Context(), r.PathValue("client"), media.Declared{Type: in.Type, Size: in.Size, Alt: in.Alt}, id.Name)
	if err != nil {
		return err
	}
	v := mediaView{ID: c.ID, Type: c.Type, Size: c.Size, Alt: c.Alt, Status: c.Status, Upload: &c.Upload, Expires: &c.Expires}
	w.Header().Set("Location", "/api/clients/"+c.ClientID+"/media/"+c.ID)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getMedia(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	it, err := s.media.Get(r.Context(), r.PathValue("client"), r.PathValue("media"))
	return s.writeMedia(w, r, it, err)
}

// writeMedia answers the image a use case returned, or its error.
func (s *Server) writeMedia(w http.ResponseWriter, r *http.Request, it media.Item, err error) error {
	if err != nil {
		return err
	}
	v, err := s.viewMedia(r.Context(), it)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// completeMedia checks the uploaded object against its declaration; a
// completion of a ready image answers it again. Another client's image
// is unknown, as one that does not exist: its key holds the path's client.
func (s *Server) completeMedia(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	it, err := s.media.Complete(r.Context(), r.PathValue("client"), r.PathValue("media"))
	return s.writeMedia(w, r, it, err)
}

// postMedia is an image a post carries, as its view shows it.
type postMedia struct {
	ID  string `json:"id"`
	Alt string `json:"alt"`
	URL string `json:"url"`
}

// mediaOfPost shows the images a post carries, each with a short-lived
// URL.
func (s *Server) mediaOfPost(ctx context.Context, p relais.Post) ([]postMedia, error) {
	if len(p.Media) == 0 {
		return nil, nil
	}
	out := make([]postMedia, 0, len(p.Media))
	for _, id := range p.Media {
		it, err := s.media.Get(ctx, p.ClientID, id)
		if err != nil {
			return nil, err
		}
		url, err := s.media.URL(ctx, it, media.PreviewTTL)
		if err != nil {
			return nil, err
		}
		out = append(out, postMedia{ID: it.ID, Alt: it.Alt, URL: url})
	}
	return out, nil
}
