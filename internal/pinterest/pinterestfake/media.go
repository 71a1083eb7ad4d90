package pinterestfake

import (
	"bytes"
	"crypto/subtle"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
)

// Media upload statuses, as GET /v5/media/{media_id} reports them.
const (
	Registered = "registered"
	Processing = "processing"
	Succeeded  = "succeeded"
	Failed     = "failed"
)

const (
	// uploadPath is where the fake takes uploads: Pinterest's upload_url
	// is an S3 bucket's, on another host.
	uploadPath = "/pinterest-media-upload/"
	// maxUpload bounds what the fake reads of one upload; Pinterest takes
	// videos of up to 2 GB, the fake far less.
	maxUpload = 64 << 20
)

// Media is a media upload as the fake stores it.
type Media struct {
	ID     string
	UserID string
	Status string
	// Bytes are the file uploaded.
	Bytes []byte

	// key and policy are the upload's form fields that sign it; reads
	// counts the status reads since the upload, and final is the status
	// processing ends in.
	key, policy string
	reads       int
	final       string
}

// Media returns a media upload by its id.
func (s *Server) Media(id string) (Media, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.media[id]
	if !ok {
		return Media{}, false
	}
	return *m, true
}

// registerMedia handles POST /v5/media: a video upload registered for the
// person, answered with the URL and the form fields to POST it with.
func (s *Server) registerMedia(w http.ResponseWriter, r *http.Request, userID string) {
	var req struct {
		MediaType string `json:"media_type"`
	}
	if !readJSON(w, r, &req, "a JSON media upload") {
		return
	}
	if req.MediaType != "video" {
		writeError(w, http.StatusBadRequest, "Invalid parameters: media_type must be video.")
		return
	}
	s.mu.Lock()
	s.seq++
	now := s.Now().UTC()
	m := &Media{ID: newID(s.seq), UserID: userID, Status: Registered, policy: secret("")}
	m.key = fmt.Sprintf("uploads/fake/%s:video:%s", userID, m.ID)
	s.media[m.ID] = m
	s.mu.Unlock()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	writeJSON(w, http.StatusCreated, map[string]any{
		"media_id":   m.ID,
		"media_type": "video",
		"upload_url": scheme + "://" + r.Host + uploadPath,
		"upload_parameters": map[string]string{
			"key":                  m.key,
			"policy":               m.policy,
			"x-amz-algorithm":      "AWS4-HMAC-SHA256",
			"x-amz-credential":     "FAKEACCESSKEY/" + now.Format("20060102") + "/us-east-1/s3/aws4_request",
			"x-amz-date":           now.Format("20060102T150405Z"),
			"x-amz-security-token": "fake-session-token",
			"x-amz-signature":      "fake-signature",
			"Content-Type":         "multipart/form-data",
		},
	})
}

// s3Error is S3's error answer.
type s3Error struct {
	XMLName xml.Name `xml:"Error"`
	Code    string
	Message string
}

func writeS3Error(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_ = xml.NewEncoder(w).Encode(s3Error{Code: code, Message: message})
}

// upload handles the POST of a file to the upload URL, as S3 takes a
// browser upload: a multipart form of known length, the upload's fields,
// then the file (S3 ignores what follows it). It answers 204; Pinterest
// then processes the video, which fails for a file that is not an MP4,
// MOV or M4V one.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength < 0 {
		writeS3Error(w, http.StatusLengthRequired, "MissingContentLength", "You must provide the Content-Length HTTP header.")
		return
	}
	fields, file, ok := readUpload(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var m *Media
	for _, c := range s.media {
		if c.key == fields["key"] {
			m = c
		}
	}
	switch {
	case m == nil || subtle.ConstantTimeCompare([]byte(m.policy), []byte(fields["policy"])) != 1:
		writeS3Error(w, http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Policy Condition failed.")
	case m.Status != Registered:
		writeS3Error(w, http.StatusForbidden, "AccessDenied", "The upload was made already.")
	default:
		m.Bytes, m.Status, m.final = file, Processing, processed(file)
		if s.ProcessingReads <= 0 {
			m.Status = m.final
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// readUpload reads an upload form's fields up to its file, and the file,
// or answers S3's error and returns false.
func readUpload(w http.ResponseWriter, r *http.Request) (map[string]string, []byte, bool) {
	mr, err := r.MultipartReader()
	if err != nil {
		writeS3Error(w, http.StatusPreconditionFailed, "PreconditionFailed", "The body of a POST upload must be multipart/form-data.")
		return nil, nil, false
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err != nil {
			writeS3Error(w, http.StatusBadRequest, "InvalidArgument", "POST requires exactly one file upload per request.")
			return nil, nil, false
		}
		b, err := io.ReadAll(io.LimitReader(part, maxUpload+1))
		switch {
		case err != nil:
			writeS3Error(w, http.StatusBadRequest, "IncompleteBody", "The request body ended before its Content-Length.")
			return nil, nil, false
		case len(b) > maxUpload:
			writeS3Error(w, http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.")
			return nil, nil, false
		case part.FormName() == "file":
			return fields, b, true
		}
		fields[part.FormName()] = string(b)
	}
}

// processed is the status Pinterest's processing leaves an upload in: an
// MP4, MOV or M4V file starts with an ftyp box.
func processed(b []byte) string {
	if len(b) < 8 || !bytes.Equal(b[4:8], []byte("ftyp")) {
		return Failed
	}
	return Succeeded
}

// getMedia handles GET /v5/media/{media_id}. An uploaded video is
// processing for Server.ProcessingReads reads, then has its final status.
func (s *Server) getMedia(w http.ResponseWriter, r *http.Request, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.media[r.PathValue("media_id")]
	if m == nil || m.UserID != userID {
		writeError(w, http.StatusNotFound, "Media upload not found.")
		return
	}
	if m.Status == Processing {
		if m.reads++; m.reads > s.ProcessingReads {
			m.Status = m.final
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"media_id": m.ID, "media_type": "video", "status": m.Status})
}

// pinnable says why a person's Pin may not carry a media upload, or "":
// it must be theirs, and processed.
func (s *Server) pinnable(mediaID, userID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.media[mediaID]
	switch {
	case m == nil || m.UserID != userID:
		return fmt.Sprintf("media %s is not a media upload of the person", mediaID)
	case m.Status != Succeeded:
		return fmt.Sprintf("media %s is %s, not %s", mediaID, m.Status, Succeeded)
	}
	return ""
}
