package x

import (
	"context"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// mediaIDs are the ids of the media of acme's posts, in order.
func (s *stack) mediaIDs() []string {
	var ids []string
	for _, p := range s.fake.Posts(acmeID) {
		for _, m := range p.Media {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

// Only the post itself is ambiguous when its answer is lost: the media
// went up before. A retry of the same post, once the publisher has not
// found it, posts with the same uploads.
func TestPublishMediaLostAnswer(t *testing.T) {
	tests := []struct {
		name      string
		fault     netfake.Fault
		attach    func(s *stack) []relais.Attachment
		wantPosts int // posts after the lost answer
	}{
		{
			name:  "images, X fails",
			fault: netfake.ServerError,
			attach: func(s *stack) []relais.Attachment {
				return []relais.Attachment{s.image("/photo.png", "Un"), s.image("/large.png", "Deux")}
			},
		},
		{
			name:   "video, X fails",
			fault:  netfake.ServerError,
			attach: func(s *stack) []relais.Attachment { return []relais.Attachment{s.video("/clip.mov", "")} },
		},
		{
			name:      "video, X posts and the answer is lost",
			fault:     netfake.TimeoutAfterEffect,
			attach:    func(s *stack) []relais.Attachment { return []relais.Attachment{s.video("/clip.mov", "")} },
			wantPosts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // a lost answer takes the client's timeout
			ctx := context.Background()
			s := newStack(t)
			s.client.http.Timeout = 3 * time.Second
			s.failNth("POST", "/2/tweets", 1, tt.fault)
			c := relais.Content{Text: "Regardez", Attachments: tt.attach(s)}
			_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
			e := netfake.MustError(t, err, acmeToken, "secret-signature")
			if got := e.Failure(); got != relais.FailAmbiguous || e.Op != "publish" {
				t.Errorf("failure: got %s in %q, want ambiguous in publish (%v)", got, e.Op, err)
			}
			if got := len(s.fake.Posts(acmeID)); got != tt.wantPosts {
				t.Fatalf("posts: got %d, want %d", got, tt.wantPosts)
			}
			if tt.wantPosts > 0 {
				return // the publisher finds it (TestLostAnswerIsFound)
			}
			uploads := s.count("POST", "/initialize")
			s.setFault(nil)
			if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got := s.count("POST", "/initialize"); got != uploads {
				t.Errorf("uploads: got %d after the retry, want the %d before", got, uploads)
			}
			if got, want := len(s.mediaIDs()), len(c.Attachments); got != want {
				t.Errorf("media posted: got %d, want %d", got, want)
			}
		})
	}
}

// A retry reuses an image upload, and describes it if the earlier
// attempt could not; a post made forgets its uploads.
func TestPublishImageRetry(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.failNth("POST", "/metadata", 2, netfake.ServerError)
	c := relais.Content{Text: "Nouveau", Attachments: []relais.Attachment{s.image("/photo.png", "Un"), s.image("/photo.png", "Deux")}}
	_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
	if got, _ := relais.FailureOf(err); got != relais.FailTransient {
		t.Fatalf("publish: got %s (%v), want transient", got, err)
	}
	s.setFault(nil)
	if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c); err != nil {
		t.Fatalf("retry: %v", err)
	}
	got := [2]int{s.count("POST", "/initialize"), s.count("POST", "/metadata")}
	if want := [2]int{2, 3}; got != want {
		t.Errorf("uploads, descriptions: got %v, want %v", got, want)
	}
	if p := s.fake.Posts(acmeID); len(p) != 1 || len(p[0].Media) != 2 || p[0].Media[0].Alt != "Un" || p[0].Media[1].Alt != "Deux" {
		t.Fatalf("posts: got %+v, want one with both images described", p)
	}
	// The same key again, once the post is made: nothing is reused.
	c.Text = "Encore"
	if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c); err != nil {
		t.Fatalf("publish again: %v", err)
	}
	if got, want := s.count("POST", "/initialize"), 4; got != want {
		t.Errorf("uploads: got %d, want %d", got, want)
	}
}

// When X no longer has an upload an earlier attempt made, the post is
// refused for its media ids: the attempt is transient, and the next one
// uploads again.
func TestPublishReusedMediaGone(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.failNth("POST", "/2/tweets", 1, netfake.ServerError)
	c := relais.Content{Text: "Nouveau", Attachments: []relais.Attachment{s.image("/photo.png", "Un")}}
	if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c); err == nil {
		t.Fatal("publish: got no error, want the injected one")
	}
	s.setFault(nil)
	s.fake.ForgetMedia()
	_, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c)
	e := netfake.MustError(t, err)
	if got := e.Failure(); got != relais.FailTransient || e.Code != CodeValidation {
		t.Errorf("retry: got %s, %s (%v), want transient, validation", got, e.Code, err)
	}
	if _, err := s.client.Publish(ctx, acmeToken, acmeID, "k", c); err != nil {
		t.Fatalf("second retry: %v", err)
	}
	if got, want := s.count("POST", "/initialize"), 2; got != want {
		t.Errorf("uploads: got %d, want %d", got, want)
	}
}

// The uploads kept are bounded, forget the one expiring first, and are
// not reused close to their expiry or for another attachment.
func TestUploadsKept(t *testing.T) {
	a := relais.Attachment{Kind: relais.FormatImage, ContentType: "image/png", Bytes: 100}
	key := func(i int) uploadKey { return uploadKey{account: acmeID, key: "k", index: i} }
	u := newUploads()
	for i := range maxKept {
		u.put(key(i), upload{kind: a.Kind, contentType: a.ContentType, bytes: a.Bytes, id: "m" + string(rune('a'+i%26)), expires: t0.Add(2*time.Hour + time.Duration(i)*time.Minute)}, t0)
	}
	u.put(key(maxKept), upload{id: "new", expires: t0.Add(24 * time.Hour)}, t0)
	tests := []struct {
		name   string
		k      uploadKey
		a      relais.Attachment
		now    time.Time
		wantID string
	}{
		{name: "kept", k: key(1), a: a, now: t0, wantID: "mb"},
		{name: "forgotten first, expiring first", k: key(0), a: a, now: t0},
		{name: "about to expire", k: key(2), a: a, now: t0.Add(time.Hour + 2*time.Minute)},
		{name: "another attachment", k: key(3), a: relais.Attachment{Kind: relais.FormatImage, ContentType: "image/jpeg", Bytes: 100}, now: t0},
		{name: "another post", k: uploadKey{account: acmeID, key: "k2", index: 4}, a: a, now: t0},
	}
	for _, tt := range tests {
		if got := u.get(tt.k, tt.a, tt.now).id; got != tt.wantID {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.wantID)
		}
	}
	if got := u.kept.Len(); got > maxKept {
		t.Errorf("kept: got %d, want at most %d", got, maxKept)
	}
	u.forget(acmeID, "k")
	if got := u.kept.Len(); got != 0 {
		t.Errorf("kept after forget: got %d, want 0", got)
	}
}
