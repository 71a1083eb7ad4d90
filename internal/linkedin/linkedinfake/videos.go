package linkedinfake

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// PartBytes is the size of every part of a video upload but the last,
	// as the Videos API cuts them: 4 MB.
	PartBytes = 4 << 20
	// minVideo and maxVideo bound a video's fileSizeBytes: the Videos API
	// takes 75 KB to 500 MB, read here in binary units.
	minVideo = 75 << 10
	maxVideo = 500 << 20
	// uploadURLsLast is how long the fake's upload URLs work. LinkedIn
	// states the time in each answer (uploadUrlsExpireAt); this is the
	// fake's own.
	uploadURLsLast = time.Hour
	// videoInfix names a video part in an upload URL.
	videoInfix = "/uploaded-video/"
)

// Video is a video as the fake stores it.
type Video struct {
	// ID is the video's URN, urn:li:video:ID.
	ID    string
	OrgID string
	// Status is WaitingUpload until finalizeUpload, then Processing, then
	// Available or ProcessingFailed.
	Status string
	// Size is the fileSizeBytes declared at initializeUpload.
	Size int64
	// Bytes are the parts put together at finalizeUpload.
	Bytes []byte
	// PartUploads counts the part uploads the fake took, repeats
	// included.
	PartUploads int

	sig, token string
	expires    time.Time
	parts      [][]byte // by part, nil until uploaded
	etags      []string // by part, the ETag its last upload got
	reads      int
	final      string
}

// Videos returns an organization's videos (by id or URN), in the order
// their uploads were initialized.
func (s *Server) Videos(orgID string) []Video {
	orgID = strings.TrimPrefix(orgID, orgPrefix)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Video
	for _, urn := range s.videoOrder {
		if v := s.videos[urn]; v.OrgID == orgID {
			out = append(out, *v)
		}
	}
	return out
}

// videoAction handles POST /rest/videos, whose action is initializeUpload
// or finalizeUpload.
func (s *Server) videoAction(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("action") {
	case "initializeUpload":
		s.initializeVideo(w, r)
	case "finalizeUpload":
		s.finalizeVideo(w, r)
	default:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the actions are initializeUpload and finalizeUpload")
	}
}

// initializeVideo registers a video owned by an organization and answers
// its URN, the URLs to PUT its parts to (each part's byte range) and the
// token finalizeUpload names the upload with.
func (s *Server) initializeVideo(w http.ResponseWriter, r *http.Request) {
	var req struct {
		InitializeUploadRequest struct {
			Owner           string `json:"owner"`
			FileSizeBytes   int64  `json:"fileSizeBytes"`
			UploadCaptions  bool   `json:"uploadCaptions"`
			UploadThumbnail bool   `json:"uploadThumbnail"`
		} `json:"initializeUploadRequest"`
	}
	if !readJSON(w, r, &req, "a JSON initializeUploadRequest") {
		return
	}
	in := req.InitializeUploadRequest
	orgID, ok := parseOrg(in.Owner)
	switch {
	case !ok:
		writeInputError(w, "INVALID_VALUE", "/initializeUploadRequest/owner", "want an organization URN, got %q", in.Owner)
		return
	case !s.canAct(bearer(r), orgID):
		writeDenied(w, "not enough permissions to upload videos for "+in.Owner)
		return
	case in.FileSizeBytes < minVideo || in.FileSizeBytes > maxVideo:
		writeInputError(w, "INVALID_VALUE", "/initializeUploadRequest/fileSizeBytes", "a video is %d to %d bytes, not %d", minVideo, maxVideo, in.FileSizeBytes)
		return
	case in.UploadCaptions || in.UploadThumbnail:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the fake takes no captions or thumbnails")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	id := fmt.Sprintf("D5610AQ%012d", s.seq)
	n := int((in.FileSizeBytes + PartBytes - 1) / PartBytes)
	v := &Video{ID: "urn:li:video:" + id, OrgID: orgID, Status: WaitingUpload, Size: in.FileSizeBytes,
		sig: rand.Text(), expires: s.Now().Add(uploadURLsLast), parts: make([][]byte, n), etags: make([]string, n)}
	// A single part needs no token to be put together.
	if n > 1 {
		v.token = rand.Text()
	}
	s.videos[v.ID] = v
	s.videoOrder = append(s.videoOrder, v.ID)
	type instruction struct {
		UploadURL string `json:"uploadUrl"`
		FirstByte int64  `json:"firstByte"`
		LastByte  int64  `json:"lastByte"`
	}
	parts := make([]instruction, n)
	for i := range parts {
		first := int64(i) * PartBytes
		parts[i] = instruction{
			UploadURL: origin(r) + uploadPrefix + id + videoInfix + strconv.Itoa(i) + "?ca=vector_feedshare&sig=" + v.sig,
			FirstByte: first,
			LastByte:  min(first+PartBytes, in.FileSizeBytes) - 1,
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": map[string]any{
		"uploadUrlsExpireAt": v.expires.UnixMilli(),
		"video":              v.ID,
		"uploadInstructions": parts,
		"uploadToken":        v.token,
	}})
}

// uploadPart handles PUT to a part's upload URL: exactly the part's
// bytes, before the URL expires. The URL is signed and takes no token. It
// answers 200 with the part's ETag, which finalizeUpload must name; a
// part uploaded again replaces the first.
func (s *Server) uploadPart(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, uploadPrefix)
	id, n, _ := strings.Cut(rest, videoInfix)
	part, perr := strconv.Atoi(n)
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, PartBytes))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, "REQUEST_ENTITY_TOO_LARGE", "a part is %d bytes at most", PartBytes)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.videos["urn:li:video:"+id]
	switch {
	case v == nil || subtle.ConstantTimeCompare([]byte(v.sig), []byte(r.URL.Query().Get("sig"))) != 1:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no upload at this URL")
	case !s.Now().Before(v.expires):
		writeError(w, http.StatusForbidden, "ACCESS_DENIED", "the upload URL expired")
	case v.Status != WaitingUpload:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the video was finalized already")
	case perr != nil || part < 0 || part >= len(v.parts):
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no upload at this URL")
	case int64(len(b)) != partSize(v.Size, part):
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "part %d is %d bytes, not %d", part, partSize(v.Size, part), len(b))
	default:
		v.parts[part] = b
		v.etags[part] = fmt.Sprintf("/ambry-video/signedId/%s-%d-%s", id, part, rand.Text()[:8])
		v.PartUploads++
		w.Header().Set("ETag", v.etags[part])
		w.WriteHeader(http.StatusOK)
	}
}

// partSize is the size of part i of a video of size bytes.
func partSize(size int64, i int) int64 {
	first := int64(i) * PartBytes
	return min(first+PartBytes, size) - first
}

// finalizeVideo puts a video's parts together once every one is
// uploaded and named by its ETag, in order; LinkedIn then processes it,
// which fails for a file that is not an MP4.
func (s *Server) finalizeVideo(w http.ResponseWriter, r *http.Request) {
	var req struct {
		FinalizeUploadRequest struct {
			Video           string   `json:"video"`
			UploadToken     string   `json:"uploadToken"`
			UploadedPartIDs []string `json:"uploadedPartIds"`
		} `json:"finalizeUploadRequest"`
	}
	if !readJSON(w, r, &req, "a JSON finalizeUploadRequest") {
		return
	}
	in := req.FinalizeUploadRequest
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.videos[in.Video]
	switch {
	case v == nil:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no video %s", in.Video)
		return
	case !s.actsFor(bearer(r), v.OrgID):
		writeDenied(w, "not enough permissions to finalize "+v.ID)
		return
	case v.Status != WaitingUpload:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "%s was finalized already", v.ID)
		return
	case in.UploadToken != v.token:
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the uploadToken is not this upload's")
		return
	case len(in.UploadedPartIDs) != len(v.parts):
		writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "the upload has %d parts; uploadedPartIds names %d", len(v.parts), len(in.UploadedPartIDs))
		return
	}
	var all bytes.Buffer
	for i, p := range v.parts {
		switch {
		case p == nil:
			writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "part %d was never uploaded", i)
			return
		case in.UploadedPartIDs[i] != v.etags[i]:
			writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "uploadedPartIds[%d] is not the ETag of part %d", i, i)
			return
		}
		all.Write(p)
	}
	v.Bytes, v.parts, v.Status, v.final = all.Bytes(), nil, Processing, videoProcessed(all.Bytes())
	if s.ProcessingReads <= 0 {
		v.Status = v.final
	}
	w.WriteHeader(http.StatusOK)
}

// videoProcessed is the status LinkedIn's processing leaves a video in:
// an MP4 file has its ftyp box first.
func videoProcessed(b []byte) string {
	if len(b) < 12 || string(b[4:8]) != "ftyp" {
		return ProcessingFailed
	}
	return Available
}

// getVideo handles GET /rest/videos/{urn}. A finalized video is
// PROCESSING for Server.ProcessingReads reads, then has its final status.
func (s *Server) getVideo(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.videos[r.PathValue("urn")]
	switch {
	case v == nil:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no video %s", r.PathValue("urn"))
		return
	case !s.actsFor(bearer(r), v.OrgID):
		writeDenied(w, "not enough permissions to read "+v.ID)
		return
	}
	if v.Status == Processing {
		if v.reads++; v.reads > s.ProcessingReads {
			v.Status = v.final
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": v.ID, "owner": orgPrefix + v.OrgID, "status": v.Status})
}

// origin is the scheme and host the request came to, for the URLs the
// fake hands out.
func origin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
