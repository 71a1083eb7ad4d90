package blueskyfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

const (
	// DefaultBlobUploadLimit is the reference PDS's default for the
	// largest blob uploadBlob takes (PDS_BLOB_UPLOAD_LIMIT, 5 MiB).
	DefaultBlobUploadLimit = 5 << 20
	// DefaultMaxImageSize is the largest image a post embeds, the
	// app.bsky.embed.images lexicon's maxSize since PDS 0.4.218; it was
	// 1,000,000 bytes before.
	DefaultMaxImageSize = 2_000_000
	// maxImages is how many images an embed holds at most.
	maxImages = 4
	// embedImages is the only embed the fake keeps.
	embedImages = "app.bsky.embed.images"
)

// Image is an image a post embeds, with the blob it names.
type Image struct {
	CID      string
	MimeType string
	Size     int
	Alt      string
	// AspectRatio is nil when the post left it out.
	AspectRatio *AspectRatio
	// Bytes are the blob's, as uploaded.
	Bytes []byte
}

// AspectRatio is an image's width and height, as the post gives them.
type AspectRatio struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// blobRef is a blob as records name it and uploadBlob returns it.
type blobRef struct {
	Type string `json:"$type"`
	Ref  struct {
		Link string `json:"$link"`
	} `json:"ref"`
	MimeType string `json:"mimeType"`
	Size     int    `json:"size"`
}

// blob is an uploaded blob the PDS keeps for an account.
type blob struct {
	mimeType string
	bytes    []byte
}

// uploadBlob handles com.atproto.repo.uploadBlob. Like the reference PDS,
// it takes any type up to BlobUploadLimit bytes, reads the type from the
// bytes, falling back on the Content-Type, and keeps the blob for the
// caller's account only; a post that names it checks its type and size
// against the embed's lexicon. It does not drop blobs no record names, as
// the PDS does after a while.
func (s *Server) uploadBlob(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	_, t, ok := s.bearer(w, r, accessToken)
	limit := s.BlobUploadLimit
	s.mu.Unlock()
	if !ok {
		return
	}
	encoding, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if encoding == "" {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Request encoding (Content-Type) required but not provided")
		return
	}
	b, ok := readBody(w, r, limit)
	if !ok {
		return
	}
	var ref blobRef
	ref.Type, ref.Ref.Link, ref.MimeType, ref.Size = "blob", blobCID(b), sniff(b, encoding), len(b)
	s.mu.Lock()
	s.accounts[t.did].blobs[ref.Ref.Link] = &blob{mimeType: ref.MimeType, bytes: b}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"blob": ref})
}

// sniff reads a blob's type from its bytes, as the PDS does with the
// file-type library, which knows binary formats only: for text or bytes
// it does not know, the type the upload declared.
func sniff(b []byte, declared string) string {
	t, _, _ := mime.ParseMediaType(http.DetectContentType(b))
	if t == "application/octet-stream" || strings.HasPrefix(t, "text/") {
		return declared
	}
	return t
}

// parseImages checks an embed as the post lexicon does, but for the
// images' sizes, which the server's limit checks (checkEmbed).
func parseImages(raw json.RawMessage) ([]Image, error) {
	var e struct {
		Type   string `json:"$type"`
		Images *[]struct {
			Image       *blobRef     `json:"image"`
			Alt         *string      `json:"alt"`
			AspectRatio *AspectRatio `json:"aspectRatio"`
		} `json:"images"`
	}
	bad := "Invalid app.bsky.feed.post record: "
	switch {
	case json.Unmarshal(raw, &e) != nil:
		return nil, errors.New(bad + "Expected object value type at $.record.embed")
	case e.Type != embedImages:
		return nil, fmt.Errorf(bad+"blueskyfake keeps only %s and %s embeds, not %q", embedImages, embedVideo, e.Type)
	case e.Images == nil:
		return nil, errors.New(bad + `Missing required key "images" at $.record.embed`)
	case len(*e.Images) > maxImages:
		return nil, fmt.Errorf(bad+"array too big (maximum %d, got %d) at $.record.embed.images", maxImages, len(*e.Images))
	}
	images := make([]Image, 0, len(*e.Images))
	for i, im := range *e.Images {
		at := fmt.Sprintf(" at $.record.embed.images[%d]", i)
		switch {
		case im.Image == nil:
			return nil, errors.New(bad + `Missing required key "image"` + at)
		case im.Alt == nil:
			return nil, errors.New(bad + `Missing required key "alt"` + at)
		case im.Image.Type != "blob" || im.Image.Ref.Link == "" || im.Image.MimeType == "":
			return nil, errors.New(bad + "Expected blob value type" + at + ".image")
		case !strings.HasPrefix(im.Image.MimeType, "image/"):
			return nil, fmt.Errorf(bad+`Expected "image/*" (got %q)%s.image.mimeType`, im.Image.MimeType, at)
		case im.AspectRatio != nil && (im.AspectRatio.Width < 1 || im.AspectRatio.Height < 1):
			return nil, errors.New(bad + "integer too small (minimum 1)" + at + ".aspectRatio")
		}
		images = append(images, Image{CID: im.Image.Ref.Link, MimeType: im.Image.MimeType, Size: im.Image.Size, Alt: *im.Alt, AspectRatio: im.AspectRatio})
	}
	return images, nil
}

// checkEmbed refuses a post's image over MaxImageSize, or video over the
// lexicon's maxSize, as the lexicon does, then one whose blob the account
// does not hold, or holds with another type or size, as the PDS does when
// it writes the record; it gives the images and the video their bytes. It
// answers the error itself otherwise; s.mu must be held.
func (s *Server) checkEmbed(w http.ResponseWriter, a *account, rec *Record) bool {
	for i, im := range rec.Images {
		if im.Size > s.MaxImageSize {
			writeError(w, http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Invalid app.bsky.feed.post record: blob too big (maximum %d, got %d) at $.record.embed.images[%d].image", s.MaxImageSize, im.Size, i))
			return false
		}
	}
	if v := rec.Video; v != nil && v.Size > maxEmbedVideoSize {
		writeError(w, http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Invalid app.bsky.feed.post record: blob too big (maximum %d, got %d) at $.record.embed.video", maxEmbedVideoSize, v.Size))
		return false
	}
	for i, im := range rec.Images {
		b, ok := held(w, a, im.CID, im.MimeType, im.Size)
		if !ok {
			return false
		}
		rec.Images[i].Bytes = b
	}
	if v := rec.Video; v != nil {
		b, ok := held(w, a, v.CID, v.MimeType, v.Size)
		if !ok {
			return false
		}
		v.Bytes = b
	}
	return true
}

// held returns the bytes of a blob the account holds with the type and
// size a record names, or answers the PDS's error; s.mu must be held.
func held(w http.ResponseWriter, a *account, cid, mimeType string, size int) ([]byte, bool) {
	b := a.blobs[cid]
	switch {
	case b == nil:
		writeError(w, http.StatusBadRequest, "BlobNotFound", "Could not find blob: "+cid)
	case b.mimeType != mimeType:
		writeError(w, http.StatusBadRequest, "InvalidMimeType", fmt.Sprintf("Referenced Mimetype does not match stored blob. Expected: %s, Got: %s", b.mimeType, mimeType))
	case len(b.bytes) != size:
		writeError(w, http.StatusBadRequest, "InvalidSize", fmt.Sprintf("Referenced Size does not match stored blob. Expected: %d, Got: %d", len(b.bytes), size))
	default:
		return b.bytes, true
	}
	return nil, false
}

// DropUnusedBlobs deletes the blobs no record names, as the PDS does a
// while after their upload.
func (s *Server) DropUnusedBlobs() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accounts {
		used := map[string]bool{}
		for _, recs := range a.records {
			for _, r := range recs {
				for _, im := range r.Images {
					used[im.CID] = true
				}
				if r.Video != nil {
					used[r.Video.CID] = true
				}
			}
		}
		for cid := range a.blobs {
			if !used[cid] {
				delete(a.blobs, cid)
			}
		}
	}
}
