package blueskyfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
)

// Bluesky's video limits: 100 MB a video (app.bsky.embed.video's maxSize
// from March 2025; the lexicon took 300 MB in August 2026, with the
// multipart upload), 25 videos or 10 GB a day per account (as Bluesky
// announced videos in 2024).
const (
	DefaultMaxVideoSize    = 100_000_000
	DefaultDailyVideos     = 25
	DefaultDailyVideoBytes = 10_000_000_000
	// maxEmbedVideoSize is the embed lexicon's maxSize for the video blob.
	maxEmbedVideoSize = 300_000_000
	embedVideo        = "app.bsky.embed.video"
)

// videoTypes are the types the video service takes: Bluesky's app sends
// MP4, MPEG, WebM and QuickTime files; the service makes an MP4 of each.
var videoTypes = []string{"video/mp4", "video/mpeg", "video/webm", "video/quicktime"}

// Video is the video a post embeds, with the blob it names.
type Video struct {
	CID      string
	MimeType string
	Size     int
	Alt      string
	// AspectRatio is nil when the post left it out.
	AspectRatio *AspectRatio
	// Bytes are the blob's, as the video service stored them.
	Bytes []byte
}

// VideoFailure is how the video service fails a job: its failureCode,
// error and message.
type VideoFailure struct {
	Code, Error, Message string
}

// job is a processing job of the video service.
type job struct {
	id, did string
	digest  string
	bytes   []byte
	// reads counts the getJobStatus reads that still find it processing.
	reads   int
	failure *VideoFailure
	// blob is the processed video, kept on the account's PDS, once done.
	blob *blobRef
}

// jobStatus is app.bsky.video.defs#jobStatus.
type jobStatus struct {
	JobID       string   `json:"jobId"`
	DID         string   `json:"did"`
	State       string   `json:"state"`
	Progress    int      `json:"progress,omitempty"`
	Blob        *blobRef `json:"blob,omitempty"`
	Error       string   `json:"error,omitempty"`
	FailureCode string   `json:"failureCode,omitempty"`
	Message     string   `json:"message,omitempty"`
}

// UnconfirmedEmail makes an account (handle or DID) one whose email is
// not verified: Bluesky takes no video from it. It panics on an unknown
// account, a test's mistake.
func (s *Server) UnconfirmedEmail(account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustAccount(account).unconfirmed = true
}

// VideoUploads is how many videos the video service took.
func (s *Server) VideoUploads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}

// usage returns what an account uploaded today, on the fake's clock; s.mu
// is held.
func (s *Server) usage(a *account) (videos int, bytes int64) {
	if day := s.Now().UTC().Format("2006-01-02"); a.videoDay != day {
		a.videoDay, a.videosToday, a.videoBytesToday = day, 0, 0
	}
	return a.videosToday, a.videoBytesToday
}

// getUploadLimits handles app.bsky.video.getUploadLimits, behind a
// service token for the video service.
func (s *Server) getUploadLimits(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.serviceCaller(w, r, "app.bsky.video.getUploadLimits")
	if !ok {
		return
	}
	a := s.accounts[t.did]
	videos, bytes := s.usage(a)
	out := map[string]any{
		"canUpload":            true,
		"remainingDailyVideos": max(s.DailyVideos-videos, 0),
		"remainingDailyBytes":  max(s.DailyVideoBytes-bytes, 0),
	}
	switch {
	case a.unconfirmed:
		out["canUpload"], out["error"], out["message"] = false, "unconfirmed_email", "Please verify your email address before uploading videos."
	case videos >= s.DailyVideos || bytes >= s.DailyVideoBytes:
		out["canUpload"], out["message"] = false, "You have temporarily reached the limit for video uploads. Please try again later."
	}
	writeJSON(w, out)
}

// uploadVideo handles app.bsky.video.uploadVideo?did=&name=: the video's
// bytes, behind a service token the account's PDS issued for its own
// uploadBlob, which the service uses to store the processed video there.
// It answers the new job's status flat, as the service does (the lexicon
// wraps it in jobStatus), and 409 already_exists with the earlier job for
// a video the account already uploaded, storing the video on the PDS
// again.
func (s *Server) uploadVideo(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !requireParams(w, q.Get, "did", "name") {
		return
	}
	s.mu.Lock()
	t, ok := s.serviceCaller(w, r, "com.atproto.repo.uploadBlob")
	limit := s.MaxVideoSize
	s.mu.Unlock()
	if !ok {
		return
	}
	typ, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case q.Get("did") != t.did:
		writeError(w, http.StatusUnauthorized, "BadJwt", "the token was issued to another account")
		return
	case !slices.Contains(videoTypes, typ):
		writeError(w, http.StatusBadRequest, "UnsupportedContentType", fmt.Sprintf("unsupported video type %q", typ))
		return
	case r.ContentLength > limit:
		writeError(w, http.StatusRequestEntityTooLarge, "VideoTooLarge", fmt.Sprintf("video is %d bytes; the limit is %d", r.ContentLength, limit))
		return
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeError(w, http.StatusRequestEntityTooLarge, "VideoTooLarge", fmt.Sprintf("video is over the limit of %d bytes", limit))
		return
	case err != nil:
		writeError(w, http.StatusBadRequest, "InvalidRequest", "could not read the input")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accounts[t.did]
	digest := blobCID(b)
	for _, j := range s.jobs {
		if j.did == a.did && j.digest == digest && j.failure == nil {
			if j.blob != nil {
				// The new upload's token lets the service store the video
				// on the PDS again, had the PDS dropped it (unconfirmed).
				a.blobs[j.blob.Ref.Link] = &blob{mimeType: j.blob.MimeType, bytes: j.bytes}
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(http.StatusConflict)
			_ = json.NewEncoder(w).Encode(jobStatus{JobID: j.id, DID: a.did, State: "JOB_STATE_COMPLETED", Error: "already_exists", Message: "Video already processed"})
			return
		}
	}
	videos, bytes := s.usage(a)
	switch {
	case a.unconfirmed:
		// As the service answers it, wrapped (atproto#3097).
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]jobStatus{"jobStatus": {Error: "unconfirmed_email", Message: "Please verify your email address before uploading videos."}})
		return
	case videos >= s.DailyVideos || bytes+int64(len(b)) > s.DailyVideoBytes:
		writeError(w, http.StatusTooManyRequests, "DailyLimitExceeded", "daily video upload limit exceeded")
		return
	}
	a.videosToday++
	a.videoBytesToday += int64(len(b))
	j := &job{id: "job" + strconv.Itoa(len(s.jobs)+1) + digest[7:19], did: a.did, digest: digest, bytes: b, reads: s.JobReads, failure: s.FailJobs}
	s.jobs[j.id] = j
	writeJSON(w, jobStatus{JobID: j.id, DID: j.did, State: "JOB_STATE_CREATED"})
}

// getJobStatus handles app.bsky.video.getJobStatus?jobId=, which needs no
// token: JOB_STATE_ENCODING while the job has reads left, then
// JOB_STATE_FAILED with the job's failure or JOB_STATE_COMPLETED with the
// blob the service stored on the account's PDS.
func (s *Server) getJobStatus(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !requireParams(w, q.Get, "jobId") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	j := s.jobs[q.Get("jobId")]
	if j == nil {
		writeError(w, http.StatusNotFound, "NotFound", "job not found")
		return
	}
	st := jobStatus{JobID: j.id, DID: j.did}
	switch {
	case j.reads > 0:
		j.reads--
		st.State, st.Progress = "JOB_STATE_ENCODING", 50
	case j.failure != nil:
		st.State, st.FailureCode, st.Error, st.Message = "JOB_STATE_FAILED", j.failure.Code, j.failure.Error, j.failure.Message
	default:
		if j.blob == nil {
			ref := blobRef{Type: "blob", MimeType: "video/mp4", Size: len(j.bytes)}
			ref.Ref.Link = blobCID(j.bytes)
			s.accounts[j.did].blobs[ref.Ref.Link] = &blob{mimeType: ref.MimeType, bytes: j.bytes}
			j.blob = &ref
		}
		st.State, st.Progress, st.Blob = "JOB_STATE_COMPLETED", 100, j.blob
	}
	writeJSON(w, map[string]jobStatus{"jobStatus": st})
}

// parseVideo checks an app.bsky.embed.video embed as the lexicon does,
// but for the video's size, which checkEmbed checks.
func parseVideo(raw json.RawMessage) (*Video, error) {
	var e struct {
		Video       *blobRef     `json:"video"`
		Alt         *string      `json:"alt"`
		AspectRatio *AspectRatio `json:"aspectRatio"`
	}
	bad := "Invalid app.bsky.feed.post record: "
	switch {
	case json.Unmarshal(raw, &e) != nil:
		return nil, errors.New(bad + "Expected object value type at $.record.embed")
	case e.Video == nil:
		return nil, errors.New(bad + `Missing required key "video" at $.record.embed`)
	case e.Video.Type != "blob" || e.Video.Ref.Link == "" || e.Video.MimeType == "":
		return nil, errors.New(bad + "Expected blob value type at $.record.embed.video")
	case e.Video.MimeType != "video/mp4":
		return nil, fmt.Errorf(bad+`Expected "video/mp4" (got %q) at $.record.embed.video.mimeType`, e.Video.MimeType)
	case e.AspectRatio != nil && (e.AspectRatio.Width < 1 || e.AspectRatio.Height < 1):
		return nil, errors.New(bad + "integer too small (minimum 1) at $.record.embed.aspectRatio")
	}
	v := &Video{CID: e.Video.Ref.Link, MimeType: e.Video.MimeType, Size: e.Video.Size, AspectRatio: e.AspectRatio}
	if e.Alt != nil {
		v.Alt = *e.Alt
	}
	return v, nil
}

// parseEmbed checks a post's embed: images or a video, the two the fake
// keeps.
func parseEmbed(rec *Record, raw json.RawMessage) error {
	var e struct {
		Type string `json:"$type"`
	}
	var err error
	if json.Unmarshal(raw, &e) == nil && e.Type == embedVideo {
		rec.Video, err = parseVideo(raw)
	} else {
		rec.Images, err = parseImages(raw)
	}
	return err
}
