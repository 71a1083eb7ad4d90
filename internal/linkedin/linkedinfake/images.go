package linkedinfake

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"image"
	_ "image/gif" // the formats LinkedIn takes: JPG, GIF and PNG
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"strings"
	"time"
)

const (
	// maxPixels is the Images API's limit: an image has fewer pixels.
	maxPixels = 36_152_320
	// maxUpload bounds what the fake reads of one upload. LinkedIn
	// documents a pixel count, not a byte size; this is the fake's own.
	maxUpload = 16 << 20
	// uploadPrefix starts the upload URLs the fake hands out: not the
	// versioned API, as LinkedIn's are on another host.
	uploadPrefix = "/dms-uploads/"
	uploadSuffix = "/uploaded-image/0"
)

// Image and video statuses, as the Images and Videos APIs report them.
const (
	WaitingUpload    = "WAITING_UPLOAD"
	Processing       = "PROCESSING"
	Available        = "AVAILABLE"
	ProcessingFailed = "PROCESSING_FAILED"
)

// Image is an image as the fake stores it.
type Image struct {
	// ID is the image's URN, urn:li:image:ID.
	ID string
	// OrgID is the organization that owns it, the only one whose posts
	// may carry it.
	OrgID  string
	Status string
	// Bytes are what was uploaded.
	Bytes []byte

	// sig signs the upload URL, which works until expires; reads counts
	// the status reads since the upload, and final is the status its
	// processing ends in.
	sig     string
	expires time.Time
	reads   int
	final   string
}

// Images returns an organization's images (by id or URN), in the order
// their uploads were initialized.
func (s *Server) Images(orgID string) []Image {
	orgID = strings.TrimPrefix(orgID, orgPrefix)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Image
	for _, urn := range s.imageOrder {
		if img := s.images[urn]; img.OrgID == orgID {
			out = append(out, *img)
		}
	}
	return out
}

// Image returns an image by its URN.
func (s *Server) Image(urn string) (Image, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	img, ok := s.images[urn]
	if !ok {
		return Image{}, false
	}
	return *img, true
}

// initializeUpload handles POST /rest/images?action=initializeUpload: it
// registers an image owned by an organization and answers its URN and the
// URL to PUT its bytes to.
func (s *Server) initializeUpload(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("action") != "initializeUpload" {
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the only action is initializeUpload")
		return
	}
	var req struct {
		InitializeUploadRequest struct {
			Owner string `json:"owner"`
		} `json:"initializeUploadRequest"`
	}
	if !readJSON(w, r, &req, "a JSON initializeUploadRequest") {
		return
	}
	owner := req.InitializeUploadRequest.Owner
	orgID, ok := parseOrg(owner)
	switch {
	case !ok:
		writeInputError(w, "INVALID_VALUE", "/initializeUploadRequest/owner", "want an organization URN, got %q", owner)
		return
	case !s.canAct(bearer(r), orgID):
		writeDenied(w, "not enough permissions to upload images for "+owner)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	id := fmt.Sprintf("C4E10AQ%012d", s.seq)
	img := &Image{ID: "urn:li:image:" + id, OrgID: orgID, Status: WaitingUpload, sig: rand.Text(), expires: s.Now().Add(uploadURLsLast)}
	s.images[img.ID] = img
	s.imageOrder = append(s.imageOrder, img.ID)
	writeJSON(w, http.StatusOK, map[string]any{"value": map[string]any{
		"uploadUrlExpiresAt": img.expires.UnixMilli(),
		"uploadUrl":          origin(r) + uploadPrefix + id + uploadSuffix + "?ca=vector_feedshare&sig=" + img.sig,
		"image":              img.ID,
	}})
}

// upload handles PUT to an upload URL: an image's, or a video part's.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method != http.MethodPut:
		writeError(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED", "upload with PUT")
	case strings.Contains(r.URL.Path, videoInfix):
		s.uploadPart(w, r)
	default:
		s.uploadImage(w, r)
	}
}

// uploadImage takes an image's bytes, with the owner's token, before the
// URL expires. It answers 201; LinkedIn then processes the image, which
// fails for a file that is not a JPEG, PNG or GIF, or has too many pixels.
func (s *Server) uploadImage(w http.ResponseWriter, r *http.Request) {
	id, _ := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, uploadPrefix), uploadSuffix)
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpload))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "REQUEST_ENTITY_TOO_LARGE", "the fake takes uploads of %d bytes at most", maxUpload)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	img := s.images["urn:li:image:"+id]
	switch {
	case img == nil || subtle.ConstantTimeCompare([]byte(img.sig), []byte(r.URL.Query().Get("sig"))) != 1:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no upload at this URL")
	case !s.actsFor(bearer(r), img.OrgID):
		writeError(w, http.StatusUnauthorized, "INVALID_ACCESS_TOKEN", "invalid or missing access token")
	case !s.Now().Before(img.expires):
		writeError(w, http.StatusForbidden, "ACCESS_DENIED", "the upload URL expired")
	case img.Status != WaitingUpload:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the image was uploaded already")
	default:
		img.Bytes, img.Status, img.final = b, Processing, processed(b)
		if s.ProcessingReads <= 0 {
			img.Status = img.final
		}
		w.WriteHeader(http.StatusCreated)
	}
}

// processed is the status LinkedIn's processing leaves an upload in.
func processed(b []byte) string {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width*cfg.Height >= maxPixels {
		return ProcessingFailed
	}
	return Available
}

// getImage handles GET /rest/images/{urn}. An uploaded image is
// PROCESSING for Server.ProcessingReads reads, then has its final status.
func (s *Server) getImage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	img := s.images[r.PathValue("urn")]
	switch {
	case img == nil:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no image %s", r.PathValue("urn"))
		return
	case !s.actsFor(bearer(r), img.OrgID):
		writeDenied(w, "not enough permissions to read "+img.ID)
		return
	}
	if img.Status == Processing {
		if img.reads++; img.reads > s.ProcessingReads {
			img.Status = img.final
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": img.ID, "owner": orgPrefix + img.OrgID, "status": img.Status})
}

// postImage returns why a post by an organization may not carry an image,
// or "" if it may: the image must be the organization's, and AVAILABLE.
// Callers hold mu.
func (s *Server) postImage(orgID, urn string) string {
	img := s.images[urn]
	switch {
	case img == nil || img.OrgID != orgID:
		return fmt.Sprintf("%s is not an image of %s%s", urn, orgPrefix, orgID)
	case img.Status != Available:
		return fmt.Sprintf("%s is %s, not %s", urn, img.Status, Available)
	}
	return ""
}

// postMedia is postImage for content.media, which is an image or a
// video. Callers hold mu.
func (s *Server) postMedia(orgID, urn string) string {
	if !strings.HasPrefix(urn, "urn:li:video:") {
		return s.postImage(orgID, urn)
	}
	v := s.videos[urn]
	switch {
	case v == nil || v.OrgID != orgID:
		return fmt.Sprintf("%s is not a video of %s%s", urn, orgPrefix, orgID)
	case v.Status != Available:
		return fmt.Sprintf("%s is %s, not %s", urn, v.Status, Available)
	}
	return ""
}
