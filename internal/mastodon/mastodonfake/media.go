package mastodonfake

import (
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Mastodon's media limits, as GET /api/v2/instance advertises them
// (configuration.media_attachments, configuration.statuses).
const (
	// DefaultImageSizeLimit is Mastodon's image_size_limit: 16 MB.
	DefaultImageSizeLimit = 16 << 20
	// DefaultVideoSizeLimit is Mastodon's video_size_limit since 4.0:
	// 99 MB (40 MB before).
	DefaultVideoSizeLimit = 99 << 20
	// descriptionLimit is description_limit, in characters.
	descriptionLimit = 1500
	// maxMediaAttachments is statuses.max_media_attachments.
	maxMediaAttachments = 4
	// maxUploadBody is client_max_body_size in Mastodon's nginx
	// configuration: a larger upload never reaches Mastodon.
	maxUploadBody = 99 << 20
	// unattachedTTL is how long Mastodon keeps an upload no status
	// uses: its media cleanup deletes older ones.
	unattachedTTL = 24 * time.Hour
)

// imageTypes and videoTypes are the image and video types among
// Mastodon's supported_mime_types; the fake takes no audio.
var (
	imageTypes = []string{"image/jpeg", "image/png", "image/gif", "image/heic", "image/heif", "image/webp", "image/avif"}
	videoTypes = []string{"video/webm", "video/mp4", "video/quicktime", "video/ogg"}
)

// Media is a media attachment as the instance stores it.
type Media struct {
	ID string
	// Type is the file's MIME type, Bytes the file.
	Type  string
	Bytes []byte
	// Description is the alt text.
	Description string
	// StatusID is the status it is attached to, or "" before.
	StatusID string
	// CreatedAt is when it was uploaded.
	CreatedAt time.Time

	owner *account
	// processing counts the reads that will still find it processing.
	processing int
	// failed is set when the instance could not process it.
	failed bool
}

// IsVideo reports whether the attachment is a video.
func (m *Media) IsVideo() bool { return slices.Contains(videoTypes, m.Type) }

// uploadMedia handles POST /api/v2/media: a multipart file with its type,
// and its description. Images are processed at once, as on Mastodon 4.0
// and later (200, with a url), unless ProcessingReads asks for 202 and a
// null url, as for large files and on older instances. Videos are always
// processed in the background (202, a null url), for VideoProcessingReads
// reads.
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.caller(w, r)
	if a == nil {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	file, typ, err := readUpload(r)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		// nginx's answer, an HTML page.
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = io.WriteString(w, "<html><head><title>413 Request Entity Too Large</title></head></html>")
		return
	case err != nil:
		writeError(w, http.StatusUnprocessableEntity, "Validation failed: File can't be blank")
		return
	}
	description := r.PostFormValue("description")
	video := slices.Contains(videoTypes, typ)
	limit := s.ImageSizeLimit
	if video {
		limit = s.VideoSizeLimit
	}
	switch {
	case !video && !slices.Contains(imageTypes, typ):
		writeError(w, http.StatusUnprocessableEntity, "Validation failed: File content type is invalid, File is invalid")
		return
	case int64(len(file)) > limit:
		size := humanSize(limit)
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: File must be less than %s, File file size must be less than %s", size, size))
		return
	case utf8.RuneCountInString(description) > descriptionLimit:
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("Validation failed: Description is too long (maximum is %d characters)", descriptionLimit))
		return
	}
	m := &Media{ID: s.nextID(), Type: typ, Bytes: file, Description: description, CreatedAt: s.Now().UTC(), owner: a, processing: s.ProcessingReads, failed: s.FailProcessing}
	if video {
		m.processing = s.VideoProcessingReads
	}
	s.media[m.ID] = m
	if video || m.processing > 0 || m.failed {
		// Processing goes on in the background: no url yet, whatever
		// reads will find.
		e := mediaEntity(baseURL(r), m)
		e.URL = nil
		writeJSON(w, http.StatusAccepted, e)
		return
	}
	writeJSON(w, http.StatusOK, mediaEntity(baseURL(r), m))
}

// readUpload reads the file part of a multipart upload and its declared
// type.
func readUpload(r *http.Request) ([]byte, string, error) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		return nil, "", err
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, "", err
	}
	typ, _, _ := mime.ParseMediaType(h.Header.Get("Content-Type"))
	return b, typ, nil
}

// getMedia handles GET /api/v1/media/{id}: 206 while the file is
// processing, 422 when it could not be, 200 with its url once done. An
// attachment of another account, or one already attached, is not found.
func (s *Server) getMedia(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.caller(w, r)
	if a == nil {
		return
	}
	m := s.media[r.PathValue("id")]
	switch {
	case !s.unattached(m, a):
		writeError(w, http.StatusNotFound, "Record not found")
	case m.failed:
		writeError(w, http.StatusUnprocessableEntity, "Error processing thumbnail for uploaded media")
	case m.processing > 0:
		e := mediaEntity(baseURL(r), m)
		m.processing--
		writeJSON(w, http.StatusPartialContent, e)
	default:
		writeJSON(w, http.StatusOK, mediaEntity(baseURL(r), m))
	}
}

// unattached reports whether m is a's upload, attached to no status and
// not deleted yet by the media cleanup; s.mu is held.
func (s *Server) unattached(m *Media, a *account) bool {
	return m != nil && m.owner == a && m.StatusID == "" && s.Now().Sub(m.CreatedAt) < unattachedTTL
}

// attachable returns the media a new status of a's names, in order, or
// the message of Mastodon's refusal (PostStatusService's checks); s.mu is
// held.
func (s *Server) attachable(a *account, ids []string) ([]Media, string) {
	if len(ids) > maxMediaAttachments {
		return nil, fmt.Sprintf("Cannot attach more than %d files", maxMediaAttachments)
	}
	var out []Media
	var missing []string
	for _, id := range ids {
		m := s.media[id]
		if !s.unattached(m, a) {
			missing = append(missing, id)
			continue
		}
		out = append(out, *m)
	}
	if len(missing) > 0 {
		return nil, fmt.Sprintf("Media %s not found or already attached to another post", strings.Join(missing, ", "))
	}
	if len(out) > 1 && slices.ContainsFunc(out, func(m Media) bool { return m.IsVideo() }) {
		return nil, "Cannot attach a video to a post that already contains images"
	}
	for _, m := range out {
		if m.processing > 0 || m.failed {
			return nil, "Cannot attach files that have not finished processing. Try again in a moment!"
		}
	}
	return out, ""
}

// humanSize spells a size as Rails' number_to_human_size does in
// Mastodon's messages: 16777216 is "16 MB".
func humanSize(n int64) string {
	units := []string{"Bytes", "KB", "MB", "GB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) + " " + units[u]
}
