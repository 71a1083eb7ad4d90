package meta

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const containers, mediaPublish = "POST /v21.0/" + igID + "/media", "POST /v21.0/" + igID + "/media_publish"

func TestInstagramPublishMedia(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		polls int
		// wantContainers are the containers made, one per image or video
		// and the carousel's; wantReads, the status reads.
		wantContainers, wantReads int
	}{
		{name: "one image", files: images(1), wantContainers: 1, wantReads: 1},
		{name: "four images", files: images(4), wantContainers: 5, wantReads: 5},
		{name: "ten images", files: images(10), wantContainers: 11, wantReads: 11},
		{name: "four images processed over polls", files: images(4), polls: 1, wantContainers: 5, wantReads: 10},
		{name: "reel", files: []string{"clip.mp4"}, wantContainers: 1, wantReads: 1},
		{name: "reel processed over several polls", files: []string{"clip.mp4"}, polls: 3, wantContainers: 1, wantReads: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			s.fake.InProgressPolls = tt.polls
			c := relais.Content{Text: "Notre équipe", Link: "https://acme.example", Attachments: lib.attach(1, tt.files...)}
			id, err := s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(igID)
			if len(posts) != 1 {
				t.Fatalf("posts: got %d, want 1", len(posts))
			}
			p := posts[0]
			if p.ID != id || p.Message != c.Compose() {
				t.Errorf("post: got id %q, caption %q; want %q, %q", p.ID, p.Message, id, c.Compose())
			}
			if got, want := onMeta(p.Media), sent(c.Attachments); got != want {
				t.Errorf("media: got %s, want %s", got, want)
			}
			if got := mustFind(t, s.ig, igToken, igID, c); got != id {
				t.Errorf("found id: got %q, want %q", got, id)
			}
			if got, want := fmt.Sprint(s.count(containers), s.statusReads(), s.count(mediaPublish)), fmt.Sprint(tt.wantContainers, tt.wantReads, 1); got != want {
				t.Errorf("containers, status reads, publishes: got %s, want %s (%v)", got, want, s.seen())
			}
			for _, f := range tt.files {
				if got := lib.read(f); got != 1 {
					t.Errorf("%s read %d times, want once, by Meta", f, got)
				}
			}
		})
	}
}

func TestInstagramMediaFails(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		setup func(*stack)
		want  relais.Failure
		// wantIn is part of the error; wantPosts, the posts made.
		wantIn    string
		wantPosts int
	}{
		{name: "reel processing failed", files: []string{"clip.mp4"}, setup: func(s *stack) { s.fake.FailNextContainers(1, "ERROR") },
			want: relais.FailPermanent, wantIn: "container ERROR"},
		{name: "a carousel item failed", files: images(3), setup: func(s *stack) {
			s.fake.FailNextContainers(1, "FINISHED")
			s.fake.FailNextContainers(1, "ERROR")
		}, want: relais.FailPermanent, wantIn: "container ERROR"},
		{name: "reel still processing", files: []string{"clip.mp4"}, setup: func(s *stack) { s.fake.InProgressPolls, s.client.MaxPolls = 10, 3 },
			want: relais.FailTransient, wantIn: "after 3 polls"},
		// One publish spends its polls across its containers.
		{name: "carousel still processing", files: images(4), setup: func(s *stack) { s.fake.InProgressPolls, s.client.MaxPolls = 2, 5 },
			want: relais.FailTransient, wantIn: "after 5 polls"},
		{name: "5xx on the carousel's media_publish", files: images(3), setup: func(s *stack) {
			s.fake.Faults.FailNext(8, netfake.None)
			s.fake.Faults.FailNext(1, netfake.ServerError)
		}, want: relais.FailAmbiguous, wantIn: "may exist"},
		{name: "lost answer of the reel's media_publish", files: []string{"clip.mp4"}, setup: func(s *stack) {
			s.fake.Faults.FailNext(2, netfake.None)
			s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
		}, want: relais.FailAmbiguous, wantIn: "may exist", wantPosts: 1},
		{name: "5xx on a carousel item", files: images(3), setup: func(s *stack) {
			s.fake.Faults.FailNext(2, netfake.None)
			s.fake.Faults.FailNext(1, netfake.ServerError)
		}, want: relais.FailTransient},
		{name: "a PNG Meta fetched", files: []string{"p1.png"}, setup: func(s *stack) {}, want: relais.FailPermanent, wantIn: `"image/png" is not supported`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			tt.setup(s)
			c := relais.Content{Text: "Bonjour", Attachments: lib.attach(1, tt.files...)}
			if strings.HasSuffix(tt.files[0], ".png") {
				// Relais does not know its type: Meta judges it.
				c.Attachments[0].ContentType = ""
			}
			_, err := s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			e := mustMetaError(t, err, tt.want)
			if !strings.Contains(e.Error(), tt.wantIn) || strings.Contains(e.Error(), "signed1") {
				t.Errorf("error %q: want it to say %q, and no URL", e, tt.wantIn)
			}
			if got := len(s.fake.Posts(igID)); got != tt.wantPosts {
				t.Errorf("posts: got %d, want %d", got, tt.wantPosts)
			}
		})
	}
}

// A retry after a transient failure reuses the containers Meta already
// has: it waits on one still processing, and makes only those missing.
func TestInstagramRetryReusesContainers(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		setup func(*stack)
		// wantUploads are the image and video containers made in all.
		wantUploads int
	}{
		{name: "reel still processing", files: []string{"clip.mp4"}, setup: func(s *stack) { s.fake.InProgressPolls, s.client.MaxPolls = 5, 3 }, wantUploads: 1},
		{name: "5xx on a carousel item", files: images(4), setup: func(s *stack) {
			s.fake.Faults.FailNext(4, netfake.None)
			s.fake.Faults.FailNext(1, netfake.ServerError)
		}, wantUploads: 4},
		{name: "carousel still processing", files: images(4), setup: func(s *stack) { s.fake.InProgressPolls, s.client.MaxPolls = 2, 5 }, wantUploads: 4},
		{name: "throttled at media_publish", files: images(1), setup: func(s *stack) {
			s.fake.Faults.FailNext(2, netfake.None)
			s.fake.Faults.FailNext(1, netfake.RateLimit)
		}, wantUploads: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			tt.setup(s)
			c := relais.Content{Text: "Bonjour", Attachments: lib.attach(1, tt.files...)}
			_, err := s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			mustMetaError(t, err, relais.FailTransient)
			s.client.MaxPolls = 15
			c.Attachments = lib.attach(2, tt.files...)
			id, err := s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			posts := s.fake.Posts(igID)
			if len(posts) != 1 || posts[0].ID != id {
				t.Fatalf("posts: got %+v, want one, %s", posts, id)
			}
			if got := len(s.fake.Uploaded(igID)); got != tt.wantUploads {
				t.Errorf("containers made: got %d, want %d, one per image or video", got, tt.wantUploads)
			}
			if got, want := onMeta(posts[0].Media), sent(c.Attachments); got != want {
				t.Errorf("media: got %s, want %s", got, want)
			}
		})
	}
}

// Containers expire after 24 hours: the adapter reuses one for 23, and
// makes new ones when Meta says a kept one expired all the same.
func TestInstagramKeptContainersExpire(t *testing.T) {
	tests := []struct {
		name string
		// later is how long after the first attempt the retry comes, on
		// the adapter's clock and on Meta's.
		later, metaLater time.Duration
		// wantRetry is the retry's failure, "" for none; wantUploads, the
		// containers made once the post is out.
		wantRetry   relais.Failure
		wantUploads int
	}{
		{name: "within 23 hours", later: 22 * time.Hour, metaLater: 22 * time.Hour, wantUploads: 1},
		{name: "after 23 hours", later: 23*time.Hour + time.Minute, metaLater: 23*time.Hour + time.Minute, wantUploads: 2},
		{name: "expired on Meta's clock", later: time.Hour, metaLater: 25 * time.Hour, wantRetry: relais.FailTransient, wantUploads: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			lib := s.library(t)
			start := time.Now()
			ours, theirs := netfake.NewClock(start), netfake.NewClock(start)
			s.client.Now, s.fake.Now = ours.Now, theirs.Now
			s.fake.InProgressPolls, s.client.MaxPolls = 1, 1
			c := relais.Content{Text: "Bonjour", Attachments: lib.attach(1, "clip.mp4")}
			_, err := s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			mustMetaError(t, err, relais.FailTransient)

			ours.Advance(tt.later)
			theirs.Advance(tt.metaLater)
			s.client.MaxPolls = 15
			_, err = s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			if tt.wantRetry != "" {
				mustMetaError(t, err, tt.wantRetry)
				_, err = s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
			}
			if err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got := len(s.fake.Uploaded(igID)); got != tt.wantUploads {
				t.Errorf("containers made: got %d, want %d", got, tt.wantUploads)
			}
		})
	}
}

// A retry after a media_publish whose answer was lost finds the kept
// container published: it does not post again, and says so.
func TestInstagramRetryAfterLostPublish(t *testing.T) {
	s := newStack(t)
	lib := s.library(t)
	s.fake.Faults.FailNext(2, netfake.None)
	s.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect)
	c := relais.Content{Text: "Bonjour", Attachments: lib.attach(1, "p1.jpg")}
	_, err := s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
	mustMetaError(t, err, relais.FailAmbiguous)
	_, err = s.ig.Publish(t.Context(), igToken, igID, "post-1", c)
	e := mustMetaError(t, err, relais.FailAmbiguous)
	if !strings.Contains(e.Error(), "already published") {
		t.Errorf("error %q: want it to say the container is already published", e)
	}
	if got := len(s.fake.Posts(igID)); got != 1 {
		t.Errorf("posts: got %d, want 1", got)
	}
}
