package meta

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/meta/metafake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const photos, videos = "POST /v21.0/" + pageID + "/photos", "POST /v21.0/" + pageID + "/videos"

func TestFacebookPublishMedia(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		// wantPhotos and wantVideos are the uploads; wantFeed, whether a
		// feed post attaches them.
		wantPhotos, wantVideos int
		wantFeed               bool
	}{
		{name: "one image", files: images(1), wantPhotos: 1},
		{name: "four images", files: images(4), wantPhotos: 4, wantFeed: true},
		{name: "ten images", files: images(10), wantPhotos: 10, wantFeed: true},
		{name: "video", files: []string{"clip.mp4"}, wantVideos: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			c := relais.Content{Text: "Notre équipe", Link: "https://acme.example", Attachments: lib.attach(1, tt.files...)}
			id, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(pageID)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			p := posts[0]
			wantID := p.ID
			if tt.wantVideos > 0 {
				wantID = p.Media[0].ID
			}
			if id != wantID || p.Message != c.Compose() {
				t.Errorf("post: got id %q, message %q; want %q, %q", id, p.Message, wantID, c.Compose())
			}
			if got, want := onMeta(p.Media), sent(c.Attachments); got != want {
				t.Errorf("media: got %s, want %s", got, want)
			}
			if got := mustFind(t, s.fb, pageToken, pageID, c); got != p.ID {
				t.Errorf("found id: got %q, want %q", got, p.ID)
			}
			gotFeed := s.count("POST /v21.0/"+pageID+"/feed") == 1
			if got, want := fmt.Sprint(s.count(photos), s.count(videos), gotFeed), fmt.Sprint(tt.wantPhotos, tt.wantVideos, tt.wantFeed); got != want {
				t.Errorf("photo and video uploads, feed post: got %s, want %s (%v)", got, want, s.seen())
			}
			for _, f := range tt.files {
				if got := lib.read(f); got != 1 {
					t.Errorf("%s read %d times, want once, by Meta", f, got)
				}
			}
		})
	}
}

// onMeta names the kind, the file, the size Meta read and the
// alternative text of each medium, for comparisons.
func onMeta(media []metafake.Media) string {
	var b strings.Builder
	for _, m := range media {
		fmt.Fprintf(&b, "[%s %s %d %q]", m.Kind, fileOf(m.URL), m.Bytes, m.Alt)
	}
	return b.String()
}

func sent(att []relais.Attachment) string {
	var b strings.Builder
	for _, a := range att {
		fmt.Fprintf(&b, "[%s %s %d %q]", a.Kind, fileOf(a.URL), a.Bytes, a.Alt)
	}
	return b.String()
}

func fileOf(u string) string {
	u, _, _ = strings.Cut(u, "?")
	return u[strings.LastIndex(u, "/")+1:]
}

// Refused before any call: Meta would refuse them, or Relais does not
// send them.
func TestMediaRefusedBeforeAnyCall(t *testing.T) {
	tests := []struct {
		name    string
		network relais.Network
		files   []string
		edit    func([]relais.Attachment)
		wantIn  string
	}{
		{name: "facebook: eleven images", network: relais.Facebook, files: images(11), wantIn: "takes 10 at most"},
		{name: "facebook: a video with an image", network: relais.Facebook, files: []string{"clip.mp4", "p1.jpg"}, wantIn: "a video goes out alone"},
		{name: "facebook: a WebP image", network: relais.Facebook, files: images(2), edit: func(a []relais.Attachment) { a[1].ContentType = "image/webp" }, wantIn: "not image/webp"},
		{name: "facebook: an image over 10 MB", network: relais.Facebook, files: images(1), edit: func(a []relais.Attachment) { a[0].Bytes = 10_000_001 }, wantIn: "10000000 at most"},
		{name: "facebook: a WebM video", network: relais.Facebook, files: []string{"clip.webm"}, wantIn: "not video/webm"},
		{name: "instagram: eleven images", network: relais.Instagram, files: images(11), wantIn: "takes 10 at most"},
		{name: "instagram: nothing", network: relais.Instagram, wantIn: "need an image"},
		{name: "instagram: a video with images", network: relais.Instagram, files: []string{"p1.jpg", "clip.mp4"}, wantIn: "a video goes out alone"},
		{name: "instagram: a PNG image", network: relais.Instagram, files: []string{"p1.png"}, wantIn: "not image/png"},
		{name: "instagram: a Reel over 300 MB", network: relais.Instagram, files: []string{"clip.mp4"}, edit: func(a []relais.Attachment) { a[0].Bytes = 300_000_001 }, wantIn: "300000000 at most"},
		{name: "instagram: an attachment of no kind", network: relais.Instagram, files: images(1), edit: func(a []relais.Attachment) { a[0].Kind = "" }, wantIn: "neither an image nor a video"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			c := relais.Content{Text: "Bonjour", Attachments: lib.attach(1, tt.files...)}
			if tt.edit != nil {
				tt.edit(c.Attachments)
			}
			var err error
			if tt.network == relais.Facebook {
				_, err = s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
			} else {
				_, err = s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			}
			e := mustMetaError(t, err, relais.FailPermanent)
			if !strings.Contains(e.Error(), tt.wantIn) || strings.Contains(e.Error(), "signed1") {
				t.Errorf("error %q: want it to say %q, and no URL", e, tt.wantIn)
			}
			if got := s.seen(); len(got) != 0 {
				t.Errorf("requests: got %v, want none", got)
			}
		})
	}
}

func TestFacebookVideoProcessing(t *testing.T) {
	tests := []struct {
		name     string
		polls    int
		maxPolls int
		fail     bool
		// wantReads are the status reads; wantErr, an error's words, ""
		// for a published video.
		wantReads int
		wantErr   string
	}{
		{name: "ready at once", wantReads: 1},
		{name: "ready after several polls", polls: 3, wantReads: 4},
		{name: "processing failed", fail: true, wantReads: 1, wantErr: "could not process the video"},
		{name: "failed after several polls", polls: 2, fail: true, wantReads: 3, wantErr: "could not process the video"},
		// Meta publishes it once processed: trying again would post it twice.
		{name: "still processing when the polls end", polls: 10, maxPolls: 3, wantReads: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			s.fake.VideoPolls = tt.polls
			if tt.fail {
				s.fake.FailNextVideos(1)
			}
			if tt.maxPolls > 0 {
				s.client.MaxPolls = tt.maxPolls
			}
			c := relais.Content{Text: "Le making-of", Attachments: lib.attach(1, "clip.mp4")}
			id, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
			if got := s.statusReads(); got != tt.wantReads {
				t.Errorf("status reads: got %d, want %d", got, tt.wantReads)
			}
			if tt.wantErr != "" {
				e := mustMetaError(t, err, relais.FailPermanent)
				if !strings.Contains(e.Error(), tt.wantErr) {
					t.Errorf("error %q: want it to say %q", e, tt.wantErr)
				}
				if posts := s.fake.Posts(pageID); len(posts) != 0 {
					t.Errorf("posts: got %d, want none: Meta shows no video it could not process", len(posts))
				}
				return
			}
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if up := s.fake.Uploaded(pageID); len(up) != 1 || up[0].ID != id {
				t.Errorf("uploads: got %+v, want the video %s", up, id)
			}
		})
	}
}

// A retry after a transient failure mid-upload reuses the photos Meta
// already has, though their URLs are signed anew, and uploads the rest.
func TestFacebookRetryReusesPhotos(t *testing.T) {
	s := newStack(t)
	lib := s.library(t)
	files := images(3)
	s.fake.Faults.FailNext(2, netfake.None)
	s.fake.Faults.FailNext(1, netfake.ServerError)
	c := relais.Content{Text: "Trois vues", Attachments: lib.attach(1, files...)}
	_, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
	mustMetaError(t, err, relais.FailTransient)

	c.Attachments = lib.attach(2, files...)
	id, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", c)
	if err != nil {
		t.Fatalf("retry: %v", err)
	}
	up, posts := s.fake.Uploaded(pageID), s.fake.Posts(pageID)
	if len(up) != 3 || len(posts) != 1 || posts[0].ID != id {
		t.Fatalf("uploads %d, posts %d: want 3 uploads, one per image, and the post", len(up), len(posts))
	}
	if got, want := onMeta(posts[0].Media), onMeta(up); got != want {
		t.Errorf("post's media: got %s, want the uploads %s", got, want)
	}
	// The next post uploads its own.
	if _, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-2", relais.Content{Text: "Autre", Attachments: lib.attach(3, files...)}); err != nil {
		t.Fatalf("another post: %v", err)
	}
	if got := len(s.fake.Uploaded(pageID)); got != 6 {
		t.Errorf("uploads after another post: got %d, want 6", got)
	}
}

// Only the call that makes the post is ambiguous when its answer is lost;
// a lost upload is transient.
func TestFacebookMediaFaults(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		// pass lets that many requests through before fault.
		pass      int
		fault     netfake.Fault
		want      relais.Failure
		wantPosts int
		wantWait  time.Duration
	}{
		{name: "5xx on the feed post", files: images(3), pass: 3, fault: netfake.ServerError, want: relais.FailAmbiguous},
		{name: "lost answer of the feed post", files: images(3), pass: 3, fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantPosts: 1},
		{name: "5xx on the video", files: []string{"clip.mp4"}, fault: netfake.ServerError, want: relais.FailAmbiguous},
		{name: "lost answer of the video", files: []string{"clip.mp4"}, fault: netfake.TimeoutAfterEffect, want: relais.FailAmbiguous, wantPosts: 1},
		{name: "5xx on a photo upload", files: images(3), pass: 1, fault: netfake.ServerError, want: relais.FailTransient},
		{name: "lost answer of a photo upload", files: images(3), pass: 1, fault: netfake.TimeoutAfterEffect, want: relais.FailTransient},
		{name: "429 on a photo upload", files: images(3), pass: 2, fault: netfake.RateLimit, want: relais.FailTransient, wantWait: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			s.fake.Faults.FailNext(tt.pass, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.fb.Publish(t.Context(), pageToken, pageID, "post-1", relais.Content{Text: "Bonjour", Attachments: lib.attach(1, tt.files...)})
			mustMetaError(t, err, tt.want)
			if _, wait := relais.FailureOf(err); wait != tt.wantWait {
				t.Errorf("wait: got %s, want %s", wait, tt.wantWait)
			}
			if got := len(s.fake.Posts(pageID)); got != tt.wantPosts {
				t.Errorf("posts: got %d, want %d", got, tt.wantPosts)
			}
		})
	}
}
