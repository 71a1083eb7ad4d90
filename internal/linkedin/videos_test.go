package linkedin

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// clipBytes is the test video's size: three parts, the last one
	// short.
	clipBytes = 2*linkedinfake.PartBytes + 1<<20
	// partTimeout is the client's timeout in the tests of videos without
	// hanging faults: time enough for a part on a busy machine.
	partTimeout = 10 * time.Second
)

// mp4 is a file of size bytes that starts as an MP4 does, with its ftyp
// box.
func mp4(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i % 251)
	}
	copy(b, "\x00\x00\x00\x18ftypisom")
	return b
}

// videoHost serves the videos posts carry, as the media bucket does:
// ranges included.
type videoHost struct {
	*httptest.Server
	clip []byte

	mu     sync.Mutex
	ranges []string // the Range of each read of a video
}

func newVideoHost(t *testing.T) *videoHost {
	t.Helper()
	h := &videoHost{clip: mp4(clipBytes)}
	broken := bytes.Clone(h.clip)
	broken[5] = 'X'
	files := map[string]struct {
		typ  string
		body []byte
	}{
		"/clip.mp4":   {"video/mp4", h.clip},
		"/broken.mp4": {"video/mp4", broken},
		"/clip.mov":   {"video/quicktime", h.clip},
		"/tiny.mp4":   {"video/mp4", mp4(1000)},
	}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.ranges = append(h.ranges, r.Header.Get("Range"))
		h.mu.Unlock()
		switch f, ok := files[r.URL.Path]; {
		case r.URL.Path == "/busy.mp4":
			w.WriteHeader(http.StatusServiceUnavailable)
		case !ok:
			// An expired pre-signed URL.
			w.WriteHeader(http.StatusForbidden)
		default:
			w.Header().Set("Content-Type", f.typ)
			http.ServeContent(w, r, r.URL.Path, time.Time{}, bytes.NewReader(f.body))
		}
	}))
	t.Cleanup(h.Close)
	return h
}

// reads returns the Range of each read of a video so far.
func (h *videoHost) reads() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.ranges...)
}

// clip is the host's video as the publisher attaches it.
func (h *videoHost) attachment(path string) relais.Attachment {
	return relais.Attachment{URL: h.URL + path, Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: clipBytes, Alt: "Le salon en 30 secondes"}
}

// TestPublishVideo: the video goes up in parts read from its host as they
// go, is finalized, waits for LinkedIn's processing, and the post carries
// it with its description as title.
func TestPublishVideo(t *testing.T) {
	ctx := context.Background()
	host := newVideoHost(t)
	tests := []struct {
		name            string
		processingReads int
		wantRequests    int64
	}{
		// initializeUpload, 3 parts, finalizeUpload, status reads, post.
		{name: "processed at once", wantRequests: 7},
		{name: "processed after several reads", processingReads: 3, wantRequests: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStackTimeout(t, partTimeout)
			s.fake.ProcessingReads = tt.processingReads
			c := relais.Content{Text: "Notre salon", Link: "https://acme.example/salon", Attachments: []relais.Attachment{host.attachment("/clip.mp4")}}
			id, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			videos := s.fake.Videos(acmeOrg)
			if len(videos) != 1 {
				t.Fatalf("videos: got %d, want 1", len(videos))
			}
			v := videos[0]
			if v.Status != linkedinfake.Available || v.PartUploads != 3 || !bytes.Equal(v.Bytes, host.clip) {
				t.Errorf("video: got %s, %d part uploads, %d bytes; want %s, 3, the %d bytes served", v.Status, v.PartUploads, len(v.Bytes), linkedinfake.Available, len(host.clip))
			}
			posts := s.fake.Posts(acmeOrg)
			if len(posts) != 1 || posts[0].ID != id {
				t.Fatalf("posts: got %+v, want one with id %s", posts, id)
			}
			if got, want := posts[0].Media, (linkedinfake.Media{ID: v.ID, Title: "Le salon en 30 secondes"}); got != want {
				t.Errorf("media: got %+v, want %+v", got, want)
			}
			got, err := s.client.RecentPosts(ctx, acmeToken, acmeOrg, start)
			if err != nil {
				t.Fatalf("recent posts: %v", err)
			}
			if want := (relais.PublishedPost{ID: id, Hash: c.Hash(), CreatedAt: start}); len(got) != 1 || got[0] != want {
				t.Errorf("recent posts: got %+v, want %+v", got, want)
			}
		})
	}
}

// TestPublishVideoRefused: a video no attempt could post is refused for
// good; one its host cannot serve now is left for a retry.
func TestPublishVideoRefused(t *testing.T) {
	host := newVideoHost(t)
	tests := []struct {
		name         string
		att          relais.Attachment
		wantKind     relais.Failure
		wantCode     string
		wantRequests int64
	}{
		{name: "not an MP4 inside", att: host.attachment("/broken.mp4"), wantKind: relais.FailPermanent, wantCode: "PROCESSING_FAILED", wantRequests: 6},
		{name: "served as QuickTime", att: relais.Attachment{URL: host.URL + "/clip.mov", Kind: relais.FormatVideo}, wantKind: relais.FailPermanent},
		{name: "under 75 KB by its host's size", att: relais.Attachment{URL: host.URL + "/tiny.mp4", Kind: relais.FormatVideo}, wantKind: relais.FailPermanent},
		{name: "link expired", att: relais.Attachment{URL: host.URL + "/gone.mp4?X-Amz-Signature=secret", Kind: relais.FormatVideo}, wantKind: relais.FailPermanent},
		{name: "host busy", att: relais.Attachment{URL: host.URL + "/busy.mp4", Kind: relais.FormatVideo}, wantKind: relais.FailTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStackTimeout(t, partTimeout)
			_, err := s.client.Publish(context.Background(), acmeToken, acmeOrg, "key-1", relais.Content{Text: "Vidéo", Attachments: []relais.Attachment{tt.att}})
			e := netfake.MustError(t, err, acmeToken, globexToken, "secret", "dms-uploads", "sig=")
			if e.Kind != tt.wantKind || e.Code != tt.wantCode {
				t.Errorf("got %s %q, want %s %q (%v)", e.Kind, e.Code, tt.wantKind, tt.wantCode, err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			if got := len(s.fake.Posts(acmeOrg)); got != 0 {
				t.Errorf("posts: got %d, want 0", got)
			}
		})
	}
}

// TestRetryReusesVideo: a retry of the same post after a transient
// failure goes on with the upload the attempt began: one video on
// LinkedIn, each part taken once, the video read again from the first
// part not sent.
func TestRetryReusesVideo(t *testing.T) {
	ctx := context.Background()
	// The calls of a video post, in order.
	const initialize, part1, part2, part3, finalize, status, post = 0, 1, 2, 3, 4, 5, 6
	tests := []struct {
		name            string
		before          int
		fault           netfake.Fault
		processingReads int
		wantFirst       relais.Failure
		wantParts       int      // part uploads LinkedIn took, over both attempts
		wantRetryRanges []string // the retry's reads of the video
	}{
		{name: "a part fails", before: part2, fault: netfake.ServerError, wantFirst: relais.FailTransient, wantParts: 3,
			wantRetryRanges: []string{"bytes=4194304-"}},
		{name: "a part times out", before: part3, fault: netfake.Timeout, wantFirst: relais.FailTransient, wantParts: 3,
			wantRetryRanges: []string{"bytes=8388608-"}},
		{name: "a part's answer is lost", before: part2, fault: netfake.TimeoutAfterEffect, wantFirst: relais.FailTransient, wantParts: 4,
			wantRetryRanges: []string{"bytes=4194304-"}},
		{name: "finalizeUpload fails", before: finalize, fault: netfake.ServerError, wantFirst: relais.FailTransient, wantParts: 3},
		{name: "finalizeUpload's answer is lost", before: finalize, fault: netfake.TimeoutAfterEffect, wantFirst: relais.FailTransient, wantParts: 3},
		{name: "rate limited", before: status, fault: netfake.RateLimit, wantFirst: relais.FailTransient, wantParts: 3},
		{name: "still processing", processingReads: maxVideoReads + 1, wantFirst: relais.FailTransient, wantParts: 3},
		{name: "the post fails", before: post, fault: netfake.ServerError, wantFirst: relais.FailAmbiguous, wantParts: 3},
		{name: "the post times out", before: post, fault: netfake.Timeout, wantFirst: relais.FailAmbiguous, wantParts: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := newVideoHost(t)
			timeout := partTimeout
			if tt.fault == netfake.Timeout || tt.fault == netfake.TimeoutAfterEffect {
				timeout = time.Second
			}
			s := newStackTimeout(t, timeout)
			s.fake.ProcessingReads = tt.processingReads
			c := relais.Content{Text: "Notre salon", Attachments: []relais.Attachment{host.attachment("/clip.mp4")}}
			if tt.fault != netfake.None {
				s.fake.Faults.FailNext(tt.before, netfake.None)
				s.fake.Faults.FailNext(1, tt.fault)
			}
			_, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c)
			if got := netfake.MustError(t, err, acmeToken, globexToken, "dms-uploads", "sig=").Kind; got != tt.wantFirst {
				t.Fatalf("first attempt: got %s, want %s (%v)", got, tt.wantFirst, err)
			}
			if got := len(s.fake.Posts(acmeOrg)); got != 0 {
				t.Fatalf("posts after the first attempt: got %d, want 0", got)
			}
			reads := len(host.reads())
			if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c); err != nil {
				t.Fatalf("retry: %v", err)
			}
			videos := s.fake.Videos(acmeOrg)
			if len(videos) != 1 {
				t.Fatalf("videos: got %d, want 1", len(videos))
			}
			if got, want := videos[0].PartUploads, tt.wantParts; got != want {
				t.Errorf("part uploads: got %d, want %d", got, want)
			}
			if !bytes.Equal(videos[0].Bytes, host.clip) {
				t.Errorf("video: got %d bytes, want the %d served", len(videos[0].Bytes), len(host.clip))
			}
			if got, want := host.reads()[reads:], tt.wantRetryRanges; strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("the retry's reads of the video: got %q, want %q", got, want)
			}
			posts := s.fake.Posts(acmeOrg)
			if len(posts) != 1 || posts[0].Media.ID != videos[0].ID {
				t.Errorf("posts: got %+v, want one with %s", posts, videos[0].ID)
			}
		})
	}
}

// TestRetryAfterURLsExpire: upload URLs that no longer last start the
// upload again; a post without a key reuses nothing.
func TestRetryAfterURLsExpire(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		key        string
		advance    time.Duration
		wantVideos int
	}{
		{name: "URLs still good", key: "key-1", advance: 50 * time.Minute, wantVideos: 1},
		{name: "URLs about to expire", key: "key-1", advance: 56 * time.Minute, wantVideos: 2},
		{name: "no key", wantVideos: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := newVideoHost(t)
			s := newStackTimeout(t, partTimeout)
			c := relais.Content{Text: "Notre salon", Attachments: []relais.Attachment{host.attachment("/clip.mp4")}}
			s.fake.Faults.FailNext(2, netfake.None)
			s.fake.Faults.FailNext(1, netfake.ServerError)
			if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, tt.key, c); err == nil {
				t.Fatal("first attempt: got no error")
			}
			s.clock.Advance(tt.advance)
			if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, tt.key, c); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got, want := len(s.fake.Videos(acmeOrg)), tt.wantVideos; got != want {
				t.Errorf("videos: got %d, want %d", got, want)
			}
		})
	}
}

// TestVideoWaitLeavesTimeForThePost: the wait for LinkedIn's processing
// stops while the attempt still has time to make the post, and the retry
// waits on.
func TestVideoWaitLeavesTimeForThePost(t *testing.T) {
	host := newVideoHost(t)
	s := newStackTimeout(t, partTimeout)
	s.fake.ProcessingReads = 3
	c := relais.Content{Text: "Notre salon", Attachments: []relais.Attachment{host.attachment("/clip.mp4")}}
	// Less than the client's timeout is left after the upload: one read,
	// and the attempt ends.
	ctx, cancel := context.WithTimeout(context.Background(), partTimeout/2)
	defer cancel()
	_, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c)
	if e := netfake.MustError(t, err, acmeToken, globexToken); e.Kind != relais.FailTransient || !strings.Contains(err.Error(), "after 1 reads") {
		t.Fatalf("got %v, want a transient error after one read", err)
	}
	if got, want := s.requests.Load(), int64(6); got != want {
		t.Errorf("requests: got %d, want %d", got, want)
	}
	if _, err := s.client.Publish(context.Background(), acmeToken, acmeOrg, "key-1", c); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if got, want := s.requests.Load(), int64(6+3+1); got != want {
		t.Errorf("requests: got %d, want %d", got, want)
	}
}
