package x

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/x/xfake"
)

// video is an attachment of a video on the stack's media server, as the
// publisher hands it from the media library.
func (s *stack) video(path, alt string) relais.Attachment {
	v := videos[path]
	return relais.Attachment{URL: s.videoURL(path), Kind: relais.FormatVideo, ContentType: v.typ, Bytes: int64(len(v.bytes)), Alt: alt}
}

// videoTimeout bounds each request of the video tests: appending a
// segment of a few MB takes most of a second under the race detector.
const videoTimeout = 10 * time.Second

// posted checks that acme has one post, with id, carrying the video at
// path, and no description.
func (s *stack) posted(t *testing.T, id, path string) {
	t.Helper()
	posts := s.fake.Posts(acmeID)
	if len(posts) != 1 || posts[0].ID != id || len(posts[0].Media) != 1 {
		t.Fatalf("posts: got %+v, want one with id %s and one media", posts, id)
	}
	m, v := posts[0].Media[0], videos[path]
	if m.Category != "tweet_video" || m.Type != v.typ || !strings.HasPrefix(m.Key, "7_") || string(m.Bytes) != string(v.bytes) {
		t.Errorf("media: got %s %s %s of %d bytes, want a tweet_video %s of the %d bytes at %s", m.Key, m.Category, m.Type, len(m.Bytes), v.typ, len(v.bytes), path)
	}
	if m.Alt != "" {
		t.Errorf("description: got %q, want none: X takes descriptions of images only", m.Alt)
	}
}

// A post with a video: the video is streamed from its URL to X's chunked
// upload, segment by segment, X processes it, and the post carries it.
func TestPublishVideo(t *testing.T) {
	tests := []struct {
		name       string
		path       string
		noType     bool          // the attachment does not say its type
		processing time.Duration // how long X takes to process it
		// wantAppends is the video's segments; wantPolls the status looks
		// until X has processed it, one a second.
		wantAppends, wantPolls int
	}{
		{name: "MP4 in three segments", path: "/clip.mp4", processing: xfake.DefaultVideoProcessing, wantAppends: 3, wantPolls: 5},
		{name: "QuickTime in one", path: "/clip.mov", processing: 2 * time.Second, wantAppends: 1, wantPolls: 2},
		{name: "processed after many looks", path: "/clip.mov", processing: 15 * time.Second, wantAppends: 1, wantPolls: 15},
		{name: "type from the server", path: "/clip.mp4", noType: true, processing: time.Second, wantAppends: 3, wantPolls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.client.http.Timeout = videoTimeout
			s.fake.VideoProcessing = tt.processing
			a := s.video(tt.path, "Une démo")
			if tt.noType {
				a.ContentType = ""
			}
			id, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", relais.Content{Text: "Regardez", Attachments: []relais.Attachment{a}})
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			s.posted(t, id, tt.path)
			got := [5]int{s.count("POST", "/initialize"), s.count("POST", "/append"), s.count("POST", "/finalize"), s.count("GET", "/2/media/upload"), s.count("POST", "/metadata")}
			if want := [5]int{1, tt.wantAppends, 1, tt.wantPolls, 0}; got != want {
				t.Errorf("initialize, appends, finalize, status looks, descriptions: got %v, want %v", got, want)
			}
			if got, want := s.clock.Now().Sub(t0), tt.processing; got != want {
				t.Errorf("waited: got %v, want %v", got, want)
			}
			if got := s.videoGets(); len(got) != 1 || got[0] != "" {
				t.Errorf("video reads: got ranges %q, want one read of the whole file", got)
			}
		})
	}
}

// A video X or its URL cannot give is refused for good, before the post,
// and leaves nothing for a retry to reuse.
func TestPublishVideoRefused(t *testing.T) {
	tests := []struct {
		name       string
		path       string
		wantKind   relais.Failure
		wantMsg    string
		wantCalls  int64
		wantUpload bool // whether a retry uploads again
	}{
		{name: "X cannot process it", path: "/noise.mp4", wantKind: relais.FailPermanent, wantMsg: "X could not process the video: Unsupported video format", wantCalls: 8, wantUpload: true},
		{name: "gone", path: "/gone.mp4", wantKind: relais.FailPermanent, wantMsg: "its link expired, or it was deleted", wantCalls: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			c := relais.Content{Text: "Regardez", Attachments: []relais.Attachment{{URL: s.videoURL(tt.path), Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: 500_000}}}
			_, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", c)
			e := netfake.MustError(t, err, "secret-signature", acmeToken)
			if got := e.Failure(); got != tt.wantKind {
				t.Errorf("failure: got %s, want %s (%v)", got, tt.wantKind, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q: want it to say %q", err, tt.wantMsg)
			}
			if got, want := s.calls.Load(), tt.wantCalls; got != want {
				t.Errorf("requests X saw: got %d, want %d", got, want)
			}
			if got := len(s.fake.Posts(acmeID)); got != 0 {
				t.Errorf("posts: got %d, want 0", got)
			}
			s.client.Publish(context.Background(), acmeToken, acmeID, "k", c)
			if got, want := s.count("POST", "/initialize"), map[bool]int{true: 2}[tt.wantUpload]; got != want {
				t.Errorf("uploads after a retry: got %d, want %d", got, want)
			}
		})
	}
}

// A video's server that fails, or a file X does not take, is found before
// any call to X.
func TestPublishVideoSource(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		length   string // the Content-Length the server announces
		typ      string
		wantKind relais.Failure
		wantMsg  string
	}{
		{name: "server error", status: 503, wantKind: relais.FailTransient, wantMsg: "read the video: status 503"},
		{name: "rate limited", status: 429, wantKind: relais.FailTransient, wantMsg: "status 429"},
		{name: "forbidden", status: 403, wantKind: relais.FailPermanent, wantMsg: "the video cannot be read (status 403)"},
		{name: "over 512 MB", status: 200, length: "629145600", typ: "video/mp4", wantKind: relais.FailPermanent, wantMsg: "the video is 629145600 bytes; x takes 536870912 at most"},
		{name: "not a video", status: 200, length: "10", typ: "text/html", wantKind: relais.FailPermanent, wantMsg: `x takes video/mp4, video/quicktime videos, not "text/html"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			src := newSource(t, tt.status, tt.length, tt.typ)
			c := relais.Content{Text: "Regardez", Attachments: []relais.Attachment{{URL: src + "/v?X-Amz-Signature=secret-signature", Kind: relais.FormatVideo}}}
			_, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", c)
			e := netfake.MustError(t, err, "secret-signature")
			if got := e.Failure(); got != tt.wantKind {
				t.Errorf("failure: got %s, want %s (%v)", got, tt.wantKind, err)
			}
			if got, want := e.Op, opReadVideo; got != want {
				t.Errorf("op: got %q, want %q", got, want)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q: want it to say %q", err, tt.wantMsg)
			}
			if got := s.calls.Load(); got != 0 {
				t.Errorf("requests X saw: got %d, want 0", got)
			}
		})
	}
}

// newSource serves a video's URL that answers with status, the
// Content-Length and Content-Type given, and as many bytes as it
// announces, up to 10.
func newSource(t *testing.T, status int, length, typ string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if typ != "" {
			w.Header().Set("Content-Type", typ)
		}
		if length != "" {
			w.Header().Set("Content-Length", length)
		}
		w.WriteHeader(status)
		if n, _ := strconv.Atoi(length); n > 0 {
			w.Write(make([]byte, min(n, 10)))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// A video X takes too long to process is left for the next attempt,
// nothing posted; that attempt polls the same upload and posts it.
func TestPublishVideoProcessingTooLong(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.client.http.Timeout = videoTimeout
	s.fake.VideoProcessing = time.Minute
	c := relais.Content{Text: "Regardez", Attachments: []relais.Attachment{s.video("/clip.mp4", "")}}
	_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
	if got, _ := relais.FailureOf(err); got != relais.FailTransient || !strings.Contains(err.Error(), "X is still processing the video after 20s") {
		t.Fatalf("got %s (%v), want transient, still processing", got, err)
	}
	if got := len(s.fake.Posts(acmeID)); got != 0 {
		t.Fatalf("posts: got %d, want 0", got)
	}
	s.clock.Advance(time.Minute)
	id, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	s.posted(t, id, "/clip.mp4")
	got := [3]int{s.count("POST", "/initialize"), s.count("POST", "/append"), len(s.videoGets())}
	if want := [3]int{1, 3, 1}; got != want {
		t.Errorf("uploads, appends, video reads: got %v, want %v", got, want)
	}
}

// A retry after a failure in the middle of an upload goes on with the
// same upload: X sees one initialize, and the segments it lacks.
func TestPublishVideoRetryReusesUpload(t *testing.T) {
	const second = "bytes=3145728-" // the offset of the second segment
	tests := []struct {
		name  string
		setup func(s *stack)
		// timeout bounds each request; videoTimeout when zero.
		timeout   time.Duration
		wantOp    string
		wantCode  Code
		wantWait  time.Duration
		wantCalls [4]int   // initialize, appends, finalize, status looks over both attempts
		wantReads []string // the Range of each read of the video
	}{
		{
			name:      "X fails the second segment",
			setup:     func(s *stack) { s.failNth("POST", "/append", 2, netfake.ServerError) },
			wantOp:    opUploadVideo,
			wantCode:  CodeUnavailable,
			wantCalls: [4]int{1, 4, 1, 5},
			wantReads: []string{"", second},
		},
		{
			name:      "X takes the second segment and its answer is lost",
			setup:     func(s *stack) { s.failNth("POST", "/append", 2, netfake.TimeoutAfterEffect) },
			timeout:   3 * time.Second,
			wantOp:    opUploadVideo,
			wantCode:  CodeNoAnswer,
			wantCalls: [4]int{1, 4, 1, 5},
			wantReads: []string{"", second},
		},
		{
			name:      "X limits appends",
			setup:     func(s *stack) { s.failNth("POST", "/append", 3, netfake.RateLimit) },
			wantOp:    opUploadVideo,
			wantCode:  CodeRateLimited,
			wantWait:  xfake.Window,
			wantCalls: [4]int{1, 4, 1, 5},
			wantReads: []string{"", "bytes=6291456-"},
		},
		{
			name: "the video's server breaks off",
			setup: func(s *stack) {
				s.cutAt = videoSegmentBytes + 1000
			},
			wantOp:    opReadVideo,
			wantCode:  CodeNoAnswer,
			wantCalls: [4]int{1, 3, 1, 5},
			wantReads: []string{"", second},
		},
		{
			name: "the video's server breaks off and ignores ranges",
			setup: func(s *stack) {
				s.cutAt, s.noRange = videoSegmentBytes+1000, true
			},
			wantOp:    opReadVideo,
			wantCode:  CodeNoAnswer,
			wantCalls: [4]int{1, 3, 1, 5},
			wantReads: []string{"", second},
		},
		{
			name:      "X fails the finalize",
			setup:     func(s *stack) { s.failNth("POST", "/finalize", 1, netfake.ServerError) },
			wantOp:    opUploadVideo,
			wantCode:  CodeUnavailable,
			wantCalls: [4]int{1, 3, 2, 5},
			wantReads: []string{""},
		},
		{
			name:      "X fails a status look",
			setup:     func(s *stack) { s.failNth("GET", "/2/media/upload", 2, netfake.ServerError) },
			wantOp:    opVideoProcessing,
			wantCode:  CodeUnavailable,
			wantCalls: [4]int{1, 3, 1, 6},
			wantReads: []string{""},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // a lost answer takes the client's timeout
			ctx := context.Background()
			s := newStack(t)
			s.client.http.Timeout = cmp.Or(tt.timeout, videoTimeout)
			tt.setup(s)
			c := relais.Content{Text: "Regardez", Attachments: []relais.Attachment{s.video("/clip.mp4", "")}}
			_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
			e := netfake.MustError(t, err, acmeToken, "secret-signature")
			if got, wait := relais.FailureOf(err); got != relais.FailTransient || wait != tt.wantWait {
				t.Errorf("failure: got %s after %v, want transient after %v (%v)", got, wait, tt.wantWait, err)
			}
			if e.Op != tt.wantOp || e.Code != tt.wantCode {
				t.Errorf("op, code: got %q, %q, want %q, %q", e.Op, e.Code, tt.wantOp, tt.wantCode)
			}
			if got := len(s.fake.Posts(acmeID)); got != 0 {
				t.Fatalf("posts after the failure: got %d, want 0", got)
			}
			s.setFault(nil)
			s.clock.Advance(tt.wantWait)
			id, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			s.posted(t, id, "/clip.mp4")
			got := [4]int{s.count("POST", "/initialize"), s.count("POST", "/append"), s.count("POST", "/finalize"), s.count("GET", "/2/media/upload")}
			if got != tt.wantCalls {
				t.Errorf("initialize, appends, finalize, status looks: got %v, want %v", got, tt.wantCalls)
			}
			if got, want := strings.Join(s.videoGets(), ","), strings.Join(tt.wantReads, ","); got != want {
				t.Errorf("video reads: got ranges %q, want %q", got, want)
			}
		})
	}
}

// An upload about to expire on X is not reused: the retry uploads anew.
func TestPublishVideoRetryAfterExpiry(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.client.http.Timeout = videoTimeout
	s.fake.VideoProcessing = time.Minute
	c := relais.Content{Text: "Regardez", Attachments: []relais.Attachment{s.video("/clip.mov", "")}}
	if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c); err == nil {
		t.Fatal("publish: got no error, want X still processing")
	}
	s.clock.Advance(23 * time.Hour)
	s.fake.VideoProcessing = time.Second
	id, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	s.posted(t, id, "/clip.mov")
	if got, want := s.count("POST", "/initialize"), 2; got != want {
		t.Errorf("uploads: got %d, want %d", got, want)
	}
}
