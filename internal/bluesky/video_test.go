package bluesky

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// clip is a portrait video of a few MB, as a phone records it: 1920×1080
// turned a quarter turn.
var clip = mp4Of(1920, 1080, 3<<20, true, false)

// videos are the video server's files for the tests.
func videos(t *testing.T) map[string]served {
	return map[string]served{
		"/clip.mp4":    {typ: "video/mp4", body: clip, sized: true},
		"/stream.mp4":  {typ: "video/mp4", body: clip},
		"/untyped.mp4": {typ: "application/octet-stream", body: clip, sized: true},
		"/clip.mov":    {typ: "video/quicktime", body: clip, sized: true},
		"/page":        {typ: "text/html", body: []byte("<html>")},
		"/expired":     {status: http.StatusForbidden},
		"/busy":        {status: http.StatusServiceUnavailable},
	}
}

// clipPost is a post with the video at path.
func clipPost(url func(string) string, path string) relais.Content {
	return relais.Content{Text: "Le chef en cuisine", Attachments: []relais.Attachment{
		{URL: url(path), Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: int64(len(clip)), Alt: "Le chef dresse une assiette"},
	}}
}

// TestPublishVideo: the video goes to the video service, streamed, behind
// service tokens; the post embeds the blob the service stored, with its
// alt text and its size.
func TestPublishVideo(t *testing.T) {
	url := serveImages(t, videos(t))
	tests := []struct {
		name  string
		path  string
		reads int // looks that find the job processing
	}{
		{name: "with its length", path: "/clip.mp4"},
		{name: "in chunks", path: "/stream.mp4"},
		{name: "served without its type", path: "/untyped.mp4"},
		{name: "processing through several looks", path: "/clip.mp4", reads: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.pds.JobReads = tt.reads
			uri := s.mustPublish(t, postKey, clipPost(url, tt.path))
			if got, want := uri, s.postURI(postKey); got != want {
				t.Errorf("uri: got %q, want %q", got, want)
			}
			recs := s.pds.Records(s.did)
			if len(recs) != 1 || recs[0].Video == nil || len(recs[0].Images) != 0 {
				t.Fatalf("records: got %+v, want one post with a video", recs)
			}
			v := recs[0].Video
			if v.MimeType != "video/mp4" || !bytes.Equal(v.Bytes, clip) || v.Alt != "Le chef dresse une assiette" {
				t.Errorf("video: got %s, %d bytes, alt %q, want video/mp4, the clip's %d bytes, its alt", v.MimeType, len(v.Bytes), v.Alt, len(clip))
			}
			if v.AspectRatio == nil || *v.AspectRatio != (blueskyfake.AspectRatio{Width: 1080, Height: 1920}) {
				t.Errorf("aspect ratio: got %+v, want 1080×1920", v.AspectRatio)
			}
			for nsid, want := range map[string]int{
				"com.atproto.server.getServiceAuth": 2, "app.bsky.video.getUploadLimits": 1,
				"app.bsky.video.uploadVideo": 1, "app.bsky.video.getJobStatus": tt.reads + 1,
			} {
				if got := s.count(nsid); got != want {
					t.Errorf("%s calls: got %d, want %d", nsid, got, want)
				}
			}
		})
	}
}

// TestPublishVideoFails: a failure before createRecord posted nothing; a
// permanent one says why, a transient one is safe to try again, and
// trying again posts once.
func TestPublishVideoFails(t *testing.T) {
	url := serveImages(t, videos(t))
	tests := []struct {
		name     string
		setup    func(*stack)
		path     string
		timeout  time.Duration
		wantKind relais.Failure
		wantWait time.Duration
		want     string
		// wantUploads is what the video service took; -1: not checked.
		wantUploads int
	}{
		{name: "unverified email", setup: func(s *stack) { s.pds.UnconfirmedEmail(handle) }, path: "/clip.mp4",
			wantKind: relais.FailPermanent, want: "Bluesky takes no video from this account now: Please verify your email"},
		{name: "no videos left today", setup: func(s *stack) { s.pds.DailyVideos = 0 }, path: "/clip.mp4",
			wantKind: relais.FailPermanent, want: "takes no video from this account now: You have temporarily reached the limit"},
		{name: "fewer bytes left today", setup: func(s *stack) { s.pds.DailyVideoBytes = 1000 }, path: "/clip.mp4",
			wantKind: relais.FailPermanent, want: "Bluesky takes 1000 more from this account today"},
		{name: "over the service's limit", setup: func(s *stack) { s.pds.MaxVideoSize = 1 << 20 }, path: "/clip.mp4",
			wantKind: relais.FailPermanent, want: "VideoTooLarge"},
		{name: "processing failed", setup: func(s *stack) {
			s.pds.FailJobs = &blueskyfake.VideoFailure{Code: "validation_failure", Error: "video too long", Message: "Videos may be 3 minutes long at most"}
		}, path: "/clip.mp4", wantKind: relais.FailPermanent, want: "validation_failure): the video service failed the video: Videos may be 3 minutes long at most", wantUploads: 1},
		{name: "the service could not store it", setup: func(s *stack) {
			s.pds.FailJobs = &blueskyfake.VideoFailure{Code: "pds_upload_failure", Error: "upload failed", Message: "Failed to upload video"}
		}, path: "/clip.mp4", wantKind: relais.FailTransient, want: "Failed to upload video", wantUploads: 1},
		{name: "still processing", setup: func(s *stack) { s.pds.JobReads = 5; s.client.MaxPolls = 2 }, path: "/clip.mp4",
			wantKind: relais.FailTransient, want: "still processing the video after 2 looks", wantUploads: 1},
		{name: "a QuickTime file", path: "/clip.mov", wantKind: relais.FailPermanent, want: "Bluesky takes video/mp4 videos, not video/quicktime"},
		{name: "not a video", path: "/page", wantKind: relais.FailPermanent, want: "text/html, not a video"},
		{name: "link expired", path: "/expired", wantKind: relais.FailPermanent, want: "its link expired"},
		{name: "video host busy", path: "/busy", wantKind: relais.FailTransient, want: "read the video: status 503"},
		{name: "upload 5xx", setup: func(s *stack) { s.pds.Faults.FailNext(3, netfake.None); s.pds.Faults.FailNext(1, netfake.ServerError) }, path: "/clip.mp4",
			wantKind: relais.FailTransient, want: "upload video", wantUploads: 0},
		{name: "upload rate limited", setup: func(s *stack) { s.pds.Faults.FailNext(3, netfake.None); s.pds.Faults.FailNext(1, netfake.RateLimit) }, path: "/clip.mp4",
			wantKind: relais.FailTransient, wantWait: blueskyfake.RateLimitWindow, want: "Rate Limit Exceeded", wantUploads: 0},
		{name: "upload unanswered", setup: func(s *stack) { s.pds.Faults.FailNext(3, netfake.None); s.pds.Faults.FailNext(1, netfake.Timeout) }, path: "/clip.mp4",
			timeout: 500 * time.Millisecond, wantKind: relais.FailTransient, want: "upload video", wantUploads: 0},
		{name: "upload kept, answer lost", setup: func(s *stack) {
			s.pds.Faults.FailNext(3, netfake.None)
			s.pds.Faults.FailNext(1, netfake.TimeoutAfterEffect)
		}, path: "/clip.mp4",
			timeout: 500 * time.Millisecond, wantKind: relais.FailTransient, want: "upload video", wantUploads: 1},
		{name: "limits unanswered", setup: func(s *stack) { s.pds.Faults.FailNext(1, netfake.None); s.pds.Faults.FailNext(1, netfake.ServerError) }, path: "/clip.mp4",
			wantKind: relais.FailTransient, want: "video upload limits"},
		{name: "job status 5xx", setup: func(s *stack) { s.pds.Faults.FailNext(4, netfake.None); s.pds.Faults.FailNext(1, netfake.ServerError) }, path: "/clip.mp4",
			wantKind: relais.FailTransient, want: "video processing", wantUploads: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if tt.setup != nil {
				tt.setup(s)
			}
			ctx := t.Context()
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			_, err := s.client.Publish(ctx, password, handle, postKey, clipPost(url, tt.path))
			netfake.MustError(t, err, signature, password)
			checkNoSecret(t, s.pds, err)
			kind, wait := relais.FailureOf(err)
			if kind != tt.wantKind || wait != tt.wantWait || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("failure: got %s after %v (%v), want %s after %v saying %q", kind, wait, err, tt.wantKind, tt.wantWait, tt.want)
			}
			if got := s.pds.VideoUploads(); got != tt.wantUploads && tt.wantUploads >= 0 {
				t.Errorf("videos the service took: got %d, want %d", got, tt.wantUploads)
			}
			if got := s.count("com.atproto.repo.createRecord"); got != 0 {
				t.Errorf("createRecord calls: got %d, want 0", got)
			}
			if kind != relais.FailTransient {
				return
			}
			// The next attempt, with the link signed anew, posts once.
			s.pds.FailJobs, s.pds.JobReads, s.client.MaxPolls = nil, 0, 10
			if uri, err := s.client.Publish(t.Context(), password, handle, postKey, clipPost(url, "/clip.mp4")); err != nil || uri != s.postURI(postKey) {
				t.Fatalf("retry: got %q, %v; want %q", uri, err, s.postURI(postKey))
			}
			if recs := s.pds.Records(s.did); len(recs) != 1 || recs[0].Video == nil || !bytes.Equal(recs[0].Video.Bytes, clip) {
				t.Errorf("records after the retry: got %+v, want one post with the video", recs)
			}
		})
	}
}

// TestPublishVideoRetry: a video still processing when an attempt stops
// looking is looked at again by the next attempt at the post, which
// posts it: the video service took it once.
func TestPublishVideoRetry(t *testing.T) {
	url := serveImages(t, videos(t))
	s := newStack(t)
	s.pds.JobReads = 5
	s.client.MaxPolls = 3
	_, err := s.client.Publish(t.Context(), password, handle, postKey, clipPost(url, "/clip.mp4"))
	if kind, _ := relais.FailureOf(err); kind != relais.FailTransient {
		t.Fatalf("first attempt: got %s (%v), want transient", kind, err)
	}
	s.clock.Advance(time.Minute)
	s.mustPublish(t, postKey, clipPost(url, "/clip.mp4"))
	if got := s.count("app.bsky.video.uploadVideo"); got != 1 {
		t.Errorf("uploads: got %d, want 1", got)
	}
	if got := s.count("app.bsky.video.getJobStatus"); got != 6 {
		t.Errorf("looks: got %d, want 6 (three, then three more)", got)
	}
	if recs := s.pds.Records(s.did); len(recs) != 1 || recs[0].Video == nil {
		t.Errorf("records: got %+v, want one post with the video", recs)
	}
}

// TestPublishVideoAlreadyProcessed: a video the service processed before
// (another post of the account) is not processed again: its upload
// answers 409 already_exists with the earlier job, whose blob the post
// embeds.
func TestPublishVideoAlreadyProcessed(t *testing.T) {
	url := serveImages(t, videos(t))
	s := newStack(t)
	s.mustPublish(t, "p20261122090000000aaaa01", clipPost(url, "/clip.mp4"))
	s.mustPublish(t, postKey, clipPost(url, "/stream.mp4"))
	recs := s.pds.Records(s.did)
	if len(recs) != 2 || recs[0].Video == nil || recs[1].Video == nil || recs[0].Video.CID != recs[1].Video.CID {
		t.Fatalf("records: got %+v, want two posts with the same video", recs)
	}
	if got := s.pds.VideoUploads(); got != 1 {
		t.Errorf("videos processed: got %d, want 1", got)
	}
}

// TestPublishReusedBlobGone: a blob an earlier attempt uploaded may be gone
// from the PDS when the next attempt names it; that attempt fails
// transiently, and the one after uploads anew.
func TestPublishReusedBlobGone(t *testing.T) {
	images := serveImages(t, images(t))
	video := serveImages(t, videos(t))
	for _, tt := range []struct {
		name    string
		content relais.Content
		nsid    string // the upload
		before  int    // calls before createRecord
	}{
		{"images", relais.Content{Text: "Bonjour", Attachments: photos(images, 2)}, "com.atproto.repo.uploadBlob", 2},
		{"video", clipPost(video, "/clip.mp4"), "app.bsky.video.uploadVideo", 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			// The create and the look for the post both fail: nothing is
			// posted, and it is unclear.
			s.pds.Faults.FailNext(tt.before, netfake.None)
			s.pds.Faults.FailNext(2, netfake.ServerError)
			_, err := s.client.Publish(t.Context(), password, handle, postKey, tt.content)
			if kind, _ := relais.FailureOf(err); kind != relais.FailAmbiguous {
				t.Fatalf("first attempt: got %s (%v), want ambiguous", kind, err)
			}
			s.pds.DropUnusedBlobs()
			_, err = s.client.Publish(t.Context(), password, handle, postKey, tt.content)
			if kind, _ := relais.FailureOf(err); kind != relais.FailTransient || !strings.Contains(err.Error(), "Could not find blob") {
				t.Fatalf("second attempt: got %s (%v), want transient, blob not found", kind, err)
			}
			uploads := s.count(tt.nsid)
			s.mustPublish(t, postKey, tt.content)
			if got := s.count(tt.nsid); got <= uploads {
				t.Errorf("uploads: got %d after the third attempt, want more than %d", got, uploads)
			}
		})
	}
}
