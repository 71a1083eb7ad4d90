package mastodon

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// clip is a video of a few MB: an MP4 file type box, then noise.
var clip = func() []byte {
	b := make([]byte, 3<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return append([]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"), b...)
}()

// videoHost serves videos by path: /clip.mp4 with its length, /stream.mp4
// in chunks without one, /clip.mov as QuickTime, /untyped.mp4 without a
// type, /huge.mp4 over Mastodon's 40 MB in chunks, /drop.mp4 cut half
// way, /clip.avi of a type Mastodon does not take, a web page, a busy
// host, and an expired link (anything else).
func videoHost(t *testing.T) func(path string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunks := func(typ string, total int64) {
			w.Header().Set("Content-Type", typ)
			for sent := int64(0); sent < total; {
				n := min(int64(len(clip)), total-sent)
				if _, err := w.Write(clip[:n]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				sent += n
			}
		}
		switch r.URL.Path {
		case "/clip.mp4", "/clip.mov", "/clip.avi", "/untyped.mp4":
			typ := map[string]string{"/clip.mp4": "video/mp4", "/clip.mov": "video/quicktime", "/clip.avi": "video/x-msvideo", "/untyped.mp4": "application/octet-stream"}[r.URL.Path]
			w.Header().Set("Content-Type", typ)
			w.Header().Set("Content-Length", strconv.Itoa(len(clip)))
			w.Write(clip)
		case "/stream.mp4":
			chunks("video/mp4", int64(len(clip)))
		case "/huge.mp4":
			chunks("video/mp4", Spec.Limits.MaxVideoBytes+1)
		case "/drop.mp4":
			w.Header().Set("Content-Type", "video/mp4")
			w.Header().Set("Content-Length", strconv.Itoa(len(clip)))
			w.Write(clip[:len(clip)/2])
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		case "/page":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<html>")
		case "/busy":
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusForbidden)
		}
	}))
	t.Cleanup(srv.Close)
	return func(path string) string { return srv.URL + path + "?X-Amz-Signature=" + imageSignature }
}

// video is a post with the video at path.
func videoPost(host func(string) string, path, typ string) relais.Content {
	return relais.Content{Text: "Le chef en cuisine", Attachments: []relais.Attachment{
		{URL: host(path), Kind: relais.FormatVideo, ContentType: typ, Alt: "Le chef dresse une assiette"},
	}}
}

// TestPublishVideo: the video is streamed up with its description, waited
// for while the instance processes it, and the status carries it.
func TestPublishVideo(t *testing.T) {
	host := videoHost(t)
	tests := []struct {
		name      string
		path, typ string
		reads     int // reads that find it processing
		wantType  string
	}{
		{name: "mp4 with its length", path: "/clip.mp4", typ: "video/mp4", wantType: "video/mp4"},
		{name: "mp4 in chunks", path: "/stream.mp4", typ: "video/mp4", wantType: "video/mp4"},
		{name: "quicktime", path: "/clip.mov", typ: "video/quicktime", wantType: "video/quicktime"},
		{name: "served without its type", path: "/untyped.mp4", typ: "video/mp4", wantType: "video/mp4"},
		{name: "processing through several looks", path: "/clip.mp4", typ: "video/mp4", reads: 4, wantType: "video/mp4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.fake.VideoProcessingReads = tt.reads
			c := videoPost(host, tt.path, tt.typ)
			id, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			st := f.fake.Statuses(testUser)
			if len(st) != 1 || st[0].ID != id || len(st[0].Media) != 1 {
				t.Fatalf("statuses: got %+v, want one, %s, with its video", st, id)
			}
			m := st[0].Media[0]
			if m.Type != tt.wantType || !m.IsVideo() || !bytes.Equal(m.Bytes, clip) || m.Description != "Le chef dresse une assiette" {
				t.Errorf("media: got %s, %d bytes, alt %q, want %s, the clip's %d bytes, its alt", m.Type, len(m.Bytes), m.Description, tt.wantType, len(clip))
			}
			if got := f.count(postMedia); got != 1 {
				t.Errorf("uploads: got %d, want 1", got)
			}
			if got, want := f.count("GET /api/v1/media/"+m.ID), tt.reads+1; got != want {
				t.Errorf("looks: got %d, want %d", got, want)
			}
		})
	}
}

// TestPublishVideoFails: a failure before the status call posted nothing;
// a permanent one says why.
func TestPublishVideoFails(t *testing.T) {
	host := videoHost(t)
	tests := []struct {
		name        string
		setup       func(*fixture)
		path, typ   string
		timeout     time.Duration
		wantKind    relais.Failure
		wantMsg     string
		wantUploads int // -1: not checked
	}{
		{name: "processing failed", setup: func(f *fixture) { f.fake.FailProcessing = true }, path: "/clip.mp4", typ: "video/mp4",
			wantKind: relais.FailPermanent, wantMsg: "Error processing thumbnail for uploaded media", wantUploads: 1},
		{name: "over the instance's limit", setup: func(f *fixture) { f.fake.VideoSizeLimit = 1 << 20 }, path: "/clip.mp4", typ: "video/mp4",
			wantKind: relais.FailPermanent, wantMsg: "File must be less than 1 MB", wantUploads: 1},
		{name: "over Mastodon's 40 MB, found while streaming", path: "/huge.mp4", typ: "video/mp4",
			wantKind: relais.FailPermanent, wantMsg: "over 41943040 bytes", wantUploads: 1},
		{name: "a type Mastodon does not take", path: "/clip.avi", wantKind: relais.FailPermanent, wantMsg: "not video/x-msvideo"},
		{name: "not a video", path: "/page", wantKind: relais.FailPermanent, wantMsg: "text/html, not a video"},
		{name: "link expired", path: "/expired", typ: "video/mp4", wantKind: relais.FailPermanent, wantMsg: "its link expired"},
		{name: "video host busy", path: "/busy", typ: "video/mp4", wantKind: relais.FailTransient, wantMsg: "status 503"},
		// The upload may stop before the instance sees it.
		{name: "video host cut the stream", path: "/drop.mp4", typ: "video/mp4", wantKind: relais.FailTransient, wantMsg: "read the video", wantUploads: -1},
		{name: "upload 5xx", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.ServerError) }, path: "/clip.mp4", typ: "video/mp4",
			wantKind: relais.FailTransient, wantMsg: "Service Unavailable", wantUploads: 1},
		{name: "upload rate limited", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.RateLimit) }, path: "/clip.mp4", typ: "video/mp4",
			wantKind: relais.FailTransient, wantMsg: "Too many requests", wantUploads: 1},
		{name: "upload timeout", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.Timeout) }, path: "/clip.mp4", typ: "video/mp4",
			timeout: 300 * time.Millisecond, wantKind: relais.FailTransient, wantUploads: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tt.setup != nil {
				tt.setup(f)
			}
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.timeout > 0 {
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
			}
			_, err := f.client.Publish(ctx, testToken, testAccount, "post-1", videoPost(host, tt.path, tt.typ))
			cancel()
			e := mustFailure(t, err)
			if e.Kind != tt.wantKind || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("failure: got %s (%v), want %s saying %q", e.Kind, err, tt.wantKind, tt.wantMsg)
			}
			if got := f.count(postMedia); got != tt.wantUploads && tt.wantUploads >= 0 {
				t.Errorf("uploads: got %d, want %d", got, tt.wantUploads)
			}
			if got := f.count(postStatuses); got != 0 {
				t.Errorf("status calls: got %d, want 0", got)
			}
		})
	}
}

// TestPublishVideoRetry: a video still processing when the attempt stops
// looking fails it, transiently; the next attempt waits for the same
// upload and posts it. The instance saw one upload.
func TestPublishVideoRetry(t *testing.T) {
	host := videoHost(t)
	f := newFixture(t, nil)
	f.fake.VideoProcessingReads = 5
	f.client.MaxPolls = 3
	c := videoPost(host, "/clip.mp4", "video/mp4")
	_, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c)
	if e := mustFailure(t, err); e.Kind != relais.FailTransient || !strings.Contains(err.Error(), "after 3 looks") {
		t.Fatalf("first attempt: got %s (%v), want transient, still processing", e.Kind, err)
	}
	// The next attempt, with the video's URL signed anew.
	f.clock.Advance(time.Minute)
	if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", videoPost(host, "/clip.mp4", "video/mp4")); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if got := f.count(postMedia); got != 1 {
		t.Errorf("uploads: got %d, want 1", got)
	}
	if st := f.fake.Statuses(testUser); len(st) != 1 || len(st[0].Media) != 1 || !bytes.Equal(st[0].Media[0].Bytes, clip) {
		t.Errorf("statuses: got %d, want one with the video", len(st))
	}
}

// TestPublishReuseExpired: an upload older than reuseFor is not reused,
// nor one the instance no longer has.
func TestPublishReuseExpired(t *testing.T) {
	host := videoHost(t)
	tests := []struct {
		name        string
		wait        time.Duration
		wantKind    relais.Failure // of the second attempt; "" for none
		wantUploads int
	}{
		{name: "within reuseFor", wait: reuseFor - time.Minute, wantUploads: 1},
		{name: "past reuseFor", wait: reuseFor, wantUploads: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.fake.VideoProcessingReads = 5
			f.client.MaxPolls = 1
			c := videoPost(host, "/clip.mp4", "video/mp4")
			if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c); err == nil {
				t.Fatal("first attempt: got no error, want one")
			}
			f.clock.Advance(tt.wait)
			f.fake.VideoProcessingReads = 0
			f.client.MaxPolls = 10
			if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got := f.count(postMedia); got != tt.wantUploads {
				t.Errorf("uploads: got %d, want %d", got, tt.wantUploads)
			}
		})
	}
	t.Run("gone from the instance", func(t *testing.T) {
		f := newFixture(t, nil)
		f.fake.VideoProcessingReads = 5
		f.client.MaxPolls = 1
		c := videoPost(host, "/clip.mp4", "video/mp4")
		if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c); err == nil {
			t.Fatal("first attempt: got no error, want one")
		}
		// The instance forgot the upload (its clock is a day on, the
		// adapter's is not).
		f.fake.Now = func() time.Time { return start.Add(25 * time.Hour) }
		_, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c)
		if e := mustFailure(t, err); e.Kind != relais.FailTransient {
			t.Fatalf("second attempt: got %s (%v), want transient", e.Kind, err)
		}
		f.fake.VideoProcessingReads = 0
		f.client.MaxPolls = 10
		if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c); err != nil {
			t.Fatalf("third attempt: %v", err)
		}
		if got := f.count(postMedia); got != 2 {
			t.Errorf("uploads: got %d, want 2", got)
		}
	})
}
