package xfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	// MaxImageBytes, MaxGIFBytes and MaxVideoBytes are X's upload limits
	// for a post's image, animated GIF and video.
	MaxImageBytes = 5 << 20
	MaxGIFBytes   = 15 << 20
	MaxVideoBytes = 512 << 20
	// MaxAlt is X's limit on an image's description, in characters.
	MaxAlt = 1000
	// DefaultGIFProcessing and DefaultVideoProcessing are how long the
	// fake takes, unless told otherwise, to process an animated GIF or a
	// video once its upload is finalized.
	DefaultGIFProcessing   = 3 * time.Second
	DefaultVideoProcessing = 5 * time.Second
	// MediaIDsInvalid is X's answer to a post whose media cannot be used:
	// unknown, another user's, still processing or expired.
	MediaIDsInvalid = "Your media IDs are invalid."

	// maxSegment bounds one appended chunk, and maxSegmentIndex its index.
	maxSegment      = 5 << 20
	maxSegmentIndex = 999
	// maxAppendBody bounds an append's JSON body: a chunk in base64.
	maxAppendBody = maxSegment/3*4 + 4<<10
	// mediaLife is how long an upload may be used (X's
	// expires_after_secs).
	mediaLife = 24 * time.Hour
	// firstMediaID makes media ids look like X's.
	firstMediaID = 1_880_000_000_000_000_000
)

// category is what X takes in one media category: the types, the
// largest size, the media key's prefix, and whether X processes it after
// the upload.
type category struct {
	types     []string
	max       int64
	keyPrefix string
	async     bool
}

// categories are the media categories of a post's media, the only ones
// the fake takes.
var categories = map[string]category{
	"tweet_image": {types: []string{"image/jpeg", "image/png", "image/webp", "image/gif"}, max: MaxImageBytes, keyPrefix: "3_"},
	"tweet_gif":   {types: []string{"image/gif"}, max: MaxGIFBytes, keyPrefix: "16_", async: true},
	"tweet_video": {types: []string{"video/mp4", "video/quicktime"}, max: MaxVideoBytes, keyPrefix: "7_", async: true},
}

// Media is an uploaded image or video as the fake keeps it.
type Media struct {
	ID, Key string
	// Category is the media category it was uploaded in: tweet_image,
	// tweet_gif or tweet_video.
	Category string
	Type     string
	Bytes    []byte
	// Alt is the image's description, set through the media metadata.
	Alt string
}

// Alone reports whether a post carrying the media may carry nothing else:
// an animated GIF or a video.
func (m Media) Alone() bool { return m.Category != "tweet_image" }

// upload is a media upload and its state. Segments are kept by index
// until the upload is finalized; finalized is zero until then, and ready
// is when processing ends.
type upload struct {
	Media
	userID           string
	total            int64
	segments         map[int][]byte
	finalized, ready time.Time
	// invalid says why processing fails, for a file that is not what its
	// category takes.
	invalid string
}

// state is X's processing state of a finalized upload at now.
func (u *upload) state(now time.Time) string {
	switch {
	case !categories[u.Category].async:
		return "succeeded"
	case now.Before(u.finalized.Add(time.Second)):
		return "pending"
	case now.Before(u.ready):
		return "in_progress"
	case u.invalid != "":
		return "failed"
	default:
		return "succeeded"
	}
}

// processingInfo is the processing_info X gives for an upload: none for
// media ready when finalized.
func (u *upload) processingInfo(now time.Time) map[string]any {
	if !categories[u.Category].async {
		return nil
	}
	st := u.state(now)
	info := map[string]any{"state": st}
	switch st {
	case "pending", "in_progress":
		info["check_after_secs"] = 1
		info["progress_percent"] = int(100 * now.Sub(u.finalized) / max(u.ready.Sub(u.finalized), time.Second))
	case "failed":
		info["progress_percent"] = 100
		info["error"] = map[string]any{"code": 1, "name": "InvalidMedia", "message": u.invalid}
	default:
		info["progress_percent"] = 100
	}
	return info
}

// usable reports whether a user's post may carry the upload at now.
func (u *upload) usable(userID string, now time.Time) bool {
	return u.userID == userID && !u.finalized.IsZero() && u.state(now) == "succeeded" && now.Before(u.finalized.Add(mediaLife))
}

// ownUpload returns the user's upload with id, given as param, or
// answers as X does for a media id it cannot use. Callers hold mu.
func (s *Server) ownUpload(w http.ResponseWriter, userID, param, id string) *upload {
	u, ok := s.uploads[id]
	if !ok || u.userID != userID {
		writeInvalid(w, param, "Invalid media id "+id)
		return nil
	}
	return u
}

// initUpload handles POST /2/media/upload/initialize.
func (s *Server) initUpload(w http.ResponseWriter, r *http.Request, userID string) {
	if !s.take(w, userID, "media initialize", s.uploadLimitNow()) {
		return
	}
	var req struct {
		MediaType     string `json:"media_type"`
		MediaCategory string `json:"media_category"`
		TotalBytes    *int64 `json:"total_bytes"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil {
		writeInvalid(w, "body", "the request body is not valid JSON")
		return
	}
	if req.MediaCategory == "" {
		// Without a category, X takes the upload as a post's media of
		// its type.
		req.MediaCategory = "tweet_image"
		switch {
		case req.MediaType == "image/gif":
			req.MediaCategory = "tweet_gif"
		case strings.HasPrefix(req.MediaType, "video/"):
			req.MediaCategory = "tweet_video"
		}
	}
	cat, ok := categories[req.MediaCategory]
	switch {
	case !ok:
		writeInvalid(w, "media_category", "The fake takes tweet_image, tweet_gif and tweet_video only, not "+req.MediaCategory+".")
		return
	case !slices.Contains(cat.types, req.MediaType):
		writeInvalid(w, "media_type", fmt.Sprintf("media type %q is not supported for %s.", req.MediaType, req.MediaCategory))
		return
	case req.TotalBytes == nil || *req.TotalBytes <= 0:
		writeInvalid(w, "total_bytes", "total_bytes must be a positive number.")
		return
	case *req.TotalBytes > cat.max:
		writeInvalid(w, "total_bytes", fmt.Sprintf("File size exceeds %d bytes.", cat.max))
		return
	}
	s.mu.Lock()
	s.mediaSeq++
	id := strconv.FormatInt(firstMediaID+s.mediaSeq, 10)
	u := &upload{Media: Media{ID: id, Key: cat.keyPrefix + id, Category: req.MediaCategory, Type: req.MediaType}, userID: userID, total: *req.TotalBytes, segments: map[int][]byte{}}
	s.uploads[id] = u
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": id, "media_key": u.Key, "expires_after_secs": int(mediaLife / time.Second)}})
}

// appendUpload handles POST /2/media/upload/{id}/append, in its JSON form
// (the chunk in base64). Appending an index again replaces its chunk.
func (s *Server) appendUpload(w http.ResponseWriter, r *http.Request, userID string) {
	if !s.take(w, userID, "media append", s.uploadLimitNow()) {
		return
	}
	var req struct {
		SegmentIndex json.Number `json:"segment_index"`
		Media        []byte      `json:"media"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAppendBody)).Decode(&req); err != nil {
		writeInvalid(w, "media", "the request body is not JSON with a base64 media chunk")
		return
	}
	index, err := strconv.Atoi(req.SegmentIndex.String())
	switch {
	case err != nil || index < 0 || index > maxSegmentIndex:
		writeInvalid(w, "segment_index", fmt.Sprintf("segment_index must be between 0 and %d.", maxSegmentIndex))
		return
	case len(req.Media) == 0 || len(req.Media) > maxSegment:
		writeInvalid(w, "media", fmt.Sprintf("a chunk must hold 1 to %d bytes.", maxSegment))
		return
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.ownUpload(w, userID, "id", r.PathValue("id"))
	switch {
	case u == nil:
		return
	case !u.finalized.IsZero():
		writeInvalid(w, "id", "Media "+u.ID+" is already finalized.")
		return
	}
	size := int64(len(req.Media))
	for i, b := range u.segments {
		if i != index {
			size += int64(len(b))
		}
	}
	if size > u.total {
		writeInvalid(w, "media", fmt.Sprintf("The chunks exceed total_bytes (%d).", u.total))
		return
	}
	u.segments[index] = req.Media
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"expires_at": now.Add(mediaLife).Unix()}})
}

// finalizeUpload handles POST /2/media/upload/{id}/finalize: the chunks,
// in index order, must make the announced size (a missing one leaves them
// short), and the file must be what its category takes. A still image is
// checked at once; a GIF or a video is processed after, and fails then.
func (s *Server) finalizeUpload(w http.ResponseWriter, r *http.Request, userID string) {
	if !s.take(w, userID, "media finalize", s.uploadLimitNow()) {
		return
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.ownUpload(w, userID, "id", r.PathValue("id"))
	if u == nil {
		return
	}
	if u.finalized.IsZero() {
		var file []byte
		for i := range len(u.segments) {
			file = append(file, u.segments[i]...)
		}
		if int64(len(file)) != u.total {
			writeInvalid(w, "id", "Segments do not add up to provided total file size.")
			return
		}
		cat := categories[u.Category]
		processing := s.GIFProcessing
		switch sniffed := http.DetectContentType(file); {
		case u.Category == "tweet_video":
			processing = s.VideoProcessing
			if !isVideo(file) {
				u.invalid = "Unsupported video format"
			}
		case !slices.Contains(cat.types, sniffed) && !cat.async:
			writeInvalid(w, "id", "media type unrecognized.")
			return
		case !slices.Contains(cat.types, sniffed):
			u.invalid = "Unsupported file format"
		}
		u.Bytes, u.segments, u.finalized, u.ready = file, nil, now, now.Add(processing)
	}
	data := map[string]any{"id": u.ID, "media_key": u.Key, "size": len(u.Bytes), "expires_after_secs": int(u.finalized.Add(mediaLife).Sub(now) / time.Second)}
	if info := u.processingInfo(now); info != nil {
		data["processing_info"] = info
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

// isVideo reports whether a file looks like an MP4 or QuickTime movie: a
// file of boxes whose first one is of a type such files start with.
func isVideo(file []byte) bool {
	return len(file) >= 8 && slices.Contains([]string{"ftyp", "moov", "mdat", "wide", "free"}, string(file[4:8]))
}

// uploadStatus handles GET /2/media/upload?command=STATUS&media_id=...
func (s *Server) uploadStatus(w http.ResponseWriter, r *http.Request, userID string) {
	if !s.take(w, userID, "media status", StatusLimit) {
		return
	}
	q := r.URL.Query()
	if c := q.Get("command"); c != "" && c != "STATUS" {
		writeInvalid(w, "command", "command must be STATUS.")
		return
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.ownUpload(w, userID, "media_id", q.Get("media_id"))
	switch {
	case u == nil:
		return
	case u.finalized.IsZero():
		writeInvalid(w, "media_id", "Media "+u.ID+" is not finalized.")
		return
	}
	data := map[string]any{"id": u.ID, "media_key": u.Key}
	if info := u.processingInfo(now); info != nil {
		data["processing_info"] = info
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

// mediaMetadata handles POST /2/media/metadata, for an image's
// description (alt_text), the only metadata the fake keeps.
func (s *Server) mediaMetadata(w http.ResponseWriter, r *http.Request, userID string) {
	if !s.take(w, userID, "media metadata", MetadataLimit) {
		return
	}
	var req struct {
		ID       string `json:"id"`
		Metadata struct {
			AltText *struct {
				Text string `json:"text"`
			} `json:"alt_text"`
		} `json:"metadata"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&req); err != nil {
		writeInvalid(w, "body", "the request body is not valid JSON")
		return
	}
	alt := req.Metadata.AltText
	if alt != nil && utf8.RuneCountInString(alt.Text) > MaxAlt {
		writeInvalid(w, "metadata.alt_text.text", fmt.Sprintf("alt_text must be %d characters or fewer.", MaxAlt))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.ownUpload(w, userID, "id", req.ID)
	if u == nil {
		return
	}
	set := map[string]any{}
	if alt != nil {
		u.Alt = alt.Text
		set["alt_text"] = map[string]string{"text": alt.Text}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": u.ID, "associated_metadata": set}})
}

// ForgetMedia forgets every upload, as X does once they expire, so that a
// post with their ids is refused.
func (s *Server) ForgetMedia() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.uploads)
}

// attach returns the media a user's post may carry, or false when one of
// the ids cannot be used. Callers hold mu.
func (s *Server) attach(userID string, ids []string, now time.Time) ([]Media, bool) {
	var media []Media
	for _, id := range ids {
		u, ok := s.uploads[id]
		if !ok || !u.usable(userID, now) {
			return nil, false
		}
		media = append(media, u.Media)
	}
	return media, true
}
