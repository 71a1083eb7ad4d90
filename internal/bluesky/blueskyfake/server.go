// Package blueskyfake is a fake Bluesky PDS for Relais' tests: it opens
// sessions with app passwords, issues service tokens, keeps uploaded
// blobs, app.bsky.feed.post records (with the images or the video they
// embed) and threadgate records, serves Bluesky's video service on the
// same host (upload limits, uploads behind a service token, processing
// jobs that store the video on the PDS), shows
// posts and lists the notifications that tests make with Mention, Quote
// and Like, serves the chat (its log and sending a message, behind the
// chat service's proxy header, refused to an app password without access
// to direct messages) with the messages tests send with SendMessage, and
// answers XRPC calls and errors as the reference PDS, AppView, chat and
// video services do. Its knobs expire tokens, deny an app password the
// chat or an account videos, bound blobs, images and videos, make video
// jobs slow or failed and inject the shared network faults.
package blueskyfake

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// DuplicateAnswer is how createRecord answers a record key already taken.
type DuplicateAnswer int

const (
	// DuplicateServerError answers 500 InternalServerError, as the
	// reference PDS does (bluesky-social/indigo#873): it has no check and
	// fails deep in the repo write.
	DuplicateServerError DuplicateAnswer = iota
	// DuplicateConflict answers 409 RecordAlreadyExists, as some other PDS
	// implementations do.
	DuplicateConflict
	// DuplicateInvalidRequest answers 400 InvalidRequest "Record already
	// exists" (unconfirmed).
	DuplicateInvalidRequest
)

// Server is a fake PDS. It is an http.Handler serving /xrpc/, safe for
// concurrent use. Set its fields before serving.
type Server struct {
	// Now is the clock for token lifetimes and rate-limit headers.
	Now func() time.Time
	// AccessTTL is how long an access token lives (2 h on the reference
	// PDS); refresh tokens live 90 days.
	AccessTTL time.Duration
	// Faults applies injected faults to every XRPC call but the session
	// calls, so that they hit the calls that matter.
	Faults *netfake.Injector
	// Duplicate is the answer to a record key already taken.
	Duplicate DuplicateAnswer
	// Engagement holds the posts' counts, by at:// URI.
	Engagement netfake.MetricsBook
	// ChatLogPage is how many entries getLog lists at most.
	ChatLogPage int
	// BlobUploadLimit is the largest blob uploadBlob takes, in bytes.
	BlobUploadLimit int64
	// MaxImageSize is the largest image a post embeds, in bytes: set it
	// to 1,000,000 for a PDS older than 0.4.218.
	MaxImageSize int
	// MaxVideoSize is the largest video the video service takes, in
	// bytes; DailyVideos and DailyVideoBytes bound what an account
	// uploads a day.
	MaxVideoSize    int64
	DailyVideos     int
	DailyVideoBytes int64
	// JobReads is how many getJobStatus reads find a new video job still
	// processing; FailJobs, when set, makes new jobs fail with it.
	JobReads int
	FailJobs *VideoFailure

	mu        sync.Mutex
	accounts  map[string]*account // by DID
	handles   map[string]string   // handle to DID
	tokens    map[string]*token
	services  map[string]*serviceToken
	jobs      map[string]*job
	convos    map[string]*convo
	sessions  int
	refreshes int
	lastTID   int64 // microseconds of the last TID made
}

// New returns a PDS with no accounts.
func New() *Server {
	return &Server{
		Now:             time.Now,
		AccessTTL:       2 * time.Hour,
		Faults:          &netfake.Injector{},
		accounts:        map[string]*account{},
		handles:         map[string]string{},
		tokens:          map[string]*token{},
		services:        map[string]*serviceToken{},
		jobs:            map[string]*job{},
		convos:          map[string]*convo{},
		ChatLogPage:     DefaultChatLogPage,
		BlobUploadLimit: DefaultBlobUploadLimit,
		MaxImageSize:    DefaultMaxImageSize,
		MaxVideoSize:    DefaultMaxVideoSize,
		DailyVideos:     DefaultDailyVideos,
		DailyVideoBytes: DefaultDailyVideoBytes,
	}
}

// ServeHTTP routes an XRPC call by its NSID.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	nsid, ok := strings.CutPrefix(r.URL.Path, "/xrpc/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	var h http.HandlerFunc
	procedure := true
	switch nsid {
	case "com.atproto.server.createSession":
		h = s.createSession
	case "com.atproto.server.refreshSession":
		h = s.refreshSession
	case "com.atproto.repo.createRecord":
		h = s.faulty(s.createRecord)
	case "com.atproto.repo.uploadBlob":
		h = s.faulty(s.uploadBlob)
	case "com.atproto.server.getServiceAuth":
		h, procedure = s.faulty(s.getServiceAuth), false
	case "app.bsky.video.getUploadLimits":
		// The video service, on the same host: its DID is the host's, as
		// the PDS's is.
		h, procedure = s.faulty(s.getUploadLimits), false
	case "app.bsky.video.uploadVideo":
		h = s.faulty(s.uploadVideo)
	case "app.bsky.video.getJobStatus":
		h, procedure = s.faulty(s.getJobStatus), false
	case "com.atproto.repo.putRecord":
		h = s.faulty(s.putRecord)
	case "com.atproto.repo.getRecord":
		h, procedure = s.faulty(s.getRecord), false
	case "app.bsky.feed.getPosts":
		h, procedure = s.faulty(s.getPosts), false
	case "com.atproto.repo.listRecords":
		h, procedure = s.faulty(s.listRecords), false
	case "app.bsky.notification.listNotifications":
		// A PDS serves it by proxying to the AppView; the fake is both.
		h, procedure = s.faulty(s.listNotifications), false
	case "chat.bsky.convo.getLog":
		// The chat service too, behind its proxy header.
		h, procedure = s.faulty(s.chat(s.getLog)), false
	case "chat.bsky.convo.sendMessage":
		h = s.faulty(s.chat(s.sendMessage))
	default:
		writeError(w, http.StatusNotImplemented, "MethodNotImplemented", "Method Not Implemented")
		return
	}
	want := http.MethodGet
	if procedure {
		want = http.MethodPost
	}
	if r.Method != want {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Incorrect HTTP method ("+r.Method+") expected "+want)
		return
	}
	h(w, r)
}

func (s *Server) faulty(h http.HandlerFunc) http.HandlerFunc {
	return s.Faults.Wrap(h, answers{s})
}

// SessionsCreated is how many sessions createSession opened.
func (s *Server) SessionsCreated() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Refreshes is how many sessions refreshSession renewed.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}
