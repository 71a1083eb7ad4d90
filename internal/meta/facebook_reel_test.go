package meta

import (
	"fmt"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	reelsEdge = "POST /v21.0/" + pageID + "/video_reels"
	rupload   = "POST /video-upload/v21.0/"
)

// reelContent is a post asking for a Reel of the files.
func reelContent(lib *library, n int, files ...string) relais.Content {
	return relais.Content{Text: "Le making-of", Options: map[string]string{OptionFormat: FormatReel}, Attachments: lib.attach(n, files...)}
}

// reelCalls names the Reel calls seen: start, upload, finish and status
// reads, in order.
func (s *stack) reelCalls() string {
	var out []string
	for _, r := range s.seen() {
		switch {
		case strings.HasPrefix(r, reelsEdge+"?upload_phase=start"):
			out = append(out, "start")
		case strings.HasPrefix(r, reelsEdge) && strings.Contains(r, "upload_phase=finish"):
			out = append(out, "finish")
		case strings.HasPrefix(r, rupload):
			out = append(out, "upload "+strings.TrimPrefix(r, rupload))
		case strings.HasPrefix(r, "GET ") && strings.Contains(r, "fields=status"):
			out = append(out, "status")
		default:
			out = append(out, r)
		}
	}
	return strings.Join(out, ", ")
}

func TestFacebookReelPublished(t *testing.T) {
	tests := []struct {
		name  string
		polls int
		// wantCalls are the calls after the start answered video id "1".
		wantCalls string
	}{
		{name: "ready at once", wantCalls: "upload 1, finish, status"},
		{name: "ready after several reads", polls: 2, wantCalls: "upload 1, finish, status, status, status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			s.fake.VideoPolls = tt.polls
			c := reelContent(lib, 1, "clip.mp4")
			id, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(pageID)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			p := posts[0]
			if got, want := fmt.Sprint(id, " ", p.Message), fmt.Sprint(p.Media[0].ID, " ", c.Compose()); got != want {
				t.Errorf("id and message: got %q, want %q", got, want)
			}
			if got, want := onMeta(p.Media), sent(c.Attachments); got != want {
				t.Errorf("media: got %s, want %s", got, want)
			}
			if got, want := s.reelCalls(), "start, "+strings.ReplaceAll(tt.wantCalls, "upload 1", "upload "+id); got != want {
				t.Errorf("calls: got %s, want %s", got, want)
			}
			if got := s.count(videos); got != 0 {
				t.Errorf("Page video calls: got %d, want none", got)
			}
			if got := lib.read("clip.mp4"); got != 1 {
				t.Errorf("video read %d times, want once, by Meta", got)
			}
			if got := mustFind(t, s.fb, pageToken, pageID, c); got != p.ID {
				t.Errorf("found id: got %q, want %q", got, p.ID)
			}
		})
	}
}

// The option is refused, when a post is scheduled and again before any
// call, on a post that is not one video a Reel takes.
func TestFacebookReelRefused(t *testing.T) {
	tests := []struct {
		name   string
		files  []string
		edit   func([]relais.Attachment)
		wantIn string
	}{
		{name: "no video", wantIn: "exactly one video"},
		{name: "an image", files: images(1), wantIn: "exactly one video"},
		{name: "two images", files: images(2), wantIn: "exactly one video"},
		{name: "a video with an image", files: []string{"clip.mp4", "p1.jpg"}, wantIn: "exactly one video"},
		{name: "a WebM video", files: []string{"clip.webm"}, edit: func(a []relais.Attachment) { a[0].Kind = relais.FormatVideo }, wantIn: "MP4 or QuickTime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			c := reelContent(lib, 1, tt.files...)
			if tt.edit != nil {
				tt.edit(c.Attachments)
			}
			if err := FacebookSpec.CheckOptions(c.Options); err != nil {
				t.Fatalf("options: %v", err)
			}
			err := FacebookSpec.CheckContent(c)
			if got, want := relais.ErrorCode(err), relais.EINVALID; got != want || !strings.Contains(relais.ErrorMessage(err), tt.wantIn) {
				t.Errorf("guard: got %s %v, want %s saying %q", got, err, want, tt.wantIn)
			}
			_, err = s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
			mustMetaError(t, err, relais.FailPermanent)
			if got := s.seen(); len(got) != 0 {
				t.Errorf("requests: got %v, want none", got)
			}
		})
	}
	// A video post, as a Page video or a Reel, passes; other formats are unknown.
	for _, f := range []string{FormatVideo, FormatReel} {
		c := relais.Content{Options: map[string]string{OptionFormat: f}, Attachments: []relais.Attachment{{URL: "https://media.example/v.mp4", Kind: relais.FormatVideo, ContentType: "video/mp4"}}}
		if err := FacebookSpec.CheckOptions(c.Options); err != nil {
			t.Errorf("format %s: options: %v", f, err)
		}
		if err := FacebookSpec.CheckContent(c); err != nil {
			t.Errorf("format %s: guard: %v", f, err)
		}
	}
	if err := FacebookSpec.CheckOptions(map[string]string{OptionFormat: "story"}); err == nil {
		t.Error("format story: got no error, want one")
	}
}

// A failed upload makes no post and is transient: the retry goes on with
// the video id started, though the video's URL is signed anew.
func TestFacebookReelRetryReusesVideoID(t *testing.T) {
	tests := []struct {
		name  string
		fault netfake.Fault
	}{
		{name: "5xx on the upload", fault: netfake.ServerError},
		{name: "lost answer of the upload", fault: netfake.TimeoutAfterEffect},
		{name: "429 on the upload", fault: netfake.RateLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			s.fake.Faults.FailNext(1, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", reelContent(lib, 1, "clip.mp4"))
			mustMetaError(t, err, relais.FailTransient)
			if got := len(s.fake.Posts(pageID)); got != 0 {
				t.Fatalf("posts after the failed upload: got %d, want none", got)
			}
			first := s.reelCalls()
			s.forget()
			id, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", reelContent(lib, 2, "clip.mp4"))
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got, want := first+" | "+s.reelCalls(), "start, upload "+id+" | upload "+id+", finish, status"; got != want {
				t.Errorf("calls: got %s, want %s", got, want)
			}
			if got := len(s.fake.Posts(pageID)); got != 1 {
				t.Errorf("posts: got %d, want 1", got)
			}
		})
	}
}

// Only the finish makes the Reel: its lost answer is ambiguous, the
// calls before it transient.
func TestFacebookReelFaults(t *testing.T) {
	tests := []struct {
		name      string
		pass      int
		fault     netfake.Fault
		want      relais.Failure
		wantPosts int
	}{
		{name: "5xx on the start", fault: netfake.ServerError, want: relais.FailTransient},
		{name: "5xx on the finish", pass: 2, fault: netfake.ServerError, want: relais.FailAmbiguous},
		{name: "lost answer of the finish", pass: 2, fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			s.fake.Faults.FailNext(tt.pass, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", reelContent(lib, 1, "clip.mp4"))
			mustMetaError(t, err, tt.want)
			if got := len(s.fake.Posts(pageID)); got != tt.wantPosts {
				t.Errorf("posts: got %d, want %d", got, tt.wantPosts)
			}
		})
	}
}

// A Reel Meta could not process is not shown: the post failed for good.
func TestFacebookReelProcessingFailed(t *testing.T) {
	s := newStack(t)
	lib := s.library(t)
	s.fake.FailNextVideos(1)
	_, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", reelContent(lib, 1, "clip.mp4"))
	e := mustMetaError(t, err, relais.FailPermanent)
	if !strings.Contains(e.Error(), "could not process the video") {
		t.Errorf("error %q: want it to say Meta could not process the video", e)
	}
	if got := len(s.fake.Posts(pageID)); got != 0 {
		t.Errorf("posts: got %d, want none", got)
	}
}

func TestRuploadOf(t *testing.T) {
	tests := []struct{ base, want string }{
		{BaseURL, "https://rupload.facebook.com/video-upload/v21.0"},
		{"http://127.0.0.1:8080/v21.0", "http://127.0.0.1:8080/video-upload/v21.0"},
	}
	for _, tt := range tests {
		if got := ruploadOf(tt.base); got != tt.want {
			t.Errorf("ruploadOf(%q): got %q, want %q", tt.base, got, tt.want)
		}
	}
}
