package x

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/x/xfake"
)

// A post with an image: the image X got is the one at the URL, with its
// description, through the requests X's upload takes.
func TestPublishImage(t *testing.T) {
	tests := []struct {
		name, path, alt string
		wantKey         string // the media key's prefix: 3_ a photo, 16_ a GIF
		// wantCalls is the requests X sees: initialize, appends,
		// finalize, status looks, metadata, the post.
		wantCalls int64
		wantWait  time.Duration // the waits for X's processing
	}{
		{name: "photo with description", path: "/photo.png", alt: "Un chat sur un toit", wantKey: "3_", wantCalls: 5},
		{name: "photo without description", path: "/photo.png", wantKey: "3_", wantCalls: 4},
		{name: "photo in chunks", path: "/large.png", alt: "Un plan", wantKey: "3_", wantCalls: 7},
		{name: "animated GIF, once processed", path: "/anim.gif", alt: "Un chat qui danse", wantKey: "16_", wantCalls: 8, wantWait: xfake.DefaultGIFProcessing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			c := relais.Content{Text: "Nouveau", Link: "https://acme.example/n", ImageURL: s.imageURL(tt.path), ImageAlt: tt.alt}
			id, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := s.calls.Load(), tt.wantCalls; got != want {
				t.Errorf("requests X saw: got %d, want %d", got, want)
			}
			if got, want := s.clock.Now().Sub(t0), tt.wantWait; got != want {
				t.Errorf("waited: got %v, want %v", got, want)
			}
			posts := s.fake.Posts(acmeID)
			if len(posts) != 1 || posts[0].ID != id {
				t.Fatalf("posts: got %+v, want one with id %s", posts, id)
			}
			p := posts[0]
			if got, want := p.Text, c.Compose(); got != want {
				t.Errorf("text: got %q, want %q", got, want)
			}
			if len(p.Media) != 1 {
				t.Fatalf("media: got %d, want 1", len(p.Media))
			}
			m, img := p.Media[0], images[tt.path]
			if m.Type != img.typ || string(m.Bytes) != string(img.bytes) || !strings.HasPrefix(m.Key, tt.wantKey) {
				t.Errorf("media: got %s %s of %d bytes, want %s* %s of %d bytes", m.Key, m.Type, len(m.Bytes), tt.wantKey, img.typ, len(img.bytes))
			}
			if got, want := m.Alt, tt.alt; got != want {
				t.Errorf("description: got %q, want %q", got, want)
			}
		})
	}
}

// An image X or its URL cannot give is refused for good, before the post.
func TestPublishImageRefused(t *testing.T) {
	tests := []struct {
		name, path string
		token      string
		wantCode   Code
		wantMsg    string
		wantCalls  int64
	}{
		{name: "too big", path: "/huge.jpg", token: acmeToken, wantMsg: "5242880", wantCalls: 0},
		{name: "gone", path: "/gone.png", token: acmeToken, wantMsg: "its link expired, or it was deleted", wantCalls: 0},
		{name: "a type X refuses", path: "/scan.bmp", token: acmeToken, wantCode: CodeValidation, wantMsg: `media type "image/bmp" is not supported`, wantCalls: 1},
		{name: "a GIF X cannot process", path: "/fake.gif", token: acmeToken, wantCode: CodeValidation, wantMsg: "X could not process the image: Unsupported file format", wantCalls: 6},
		{name: "revoked token", path: "/photo.png", token: "x-old-secret-token", wantCode: CodeInvalidToken, wantMsg: "reconnect the account", wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			_, err := s.client.Publish(context.Background(), tt.token, acmeID, "k", relais.Content{Text: "Nouveau", ImageURL: s.imageURL(tt.path), ImageAlt: "Un chat"})
			e := netfake.MustError(t, err, "secret-signature", tt.token)
			if got := e.Failure(); got != relais.FailPermanent {
				t.Errorf("failure: got %s, want permanent (%v)", got, err)
			}
			if got, want := e.Code, tt.wantCode; got != want {
				t.Errorf("code: got %q, want %q", got, want)
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
		})
	}
}

// A GIF X takes too long to process is left for a later attempt, nothing
// posted.
func TestPublishImageProcessingTooLong(t *testing.T) {
	s := newStack(t)
	s.fake.GIFProcessing = time.Minute
	_, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", relais.Content{Text: "Nouveau", ImageURL: s.imageURL("/anim.gif")})
	if got, _ := relais.FailureOf(err); got != relais.FailTransient || !strings.Contains(err.Error(), "X is still processing the image after 20s") {
		t.Errorf("got %s (%v), want transient, still processing", got, err)
	}
	if got, want := s.clock.Now().Sub(t0), processingBudget; got != want {
		t.Errorf("waited: got %v, want %v", got, want)
	}
	if got := len(s.fake.Posts(acmeID)); got != 0 {
		t.Errorf("posts: got %d, want 0", got)
	}
}

// image is an attachment of an image on the stack's media server, as the
// publisher hands it from the media library.
func (s *stack) image(path, alt string) relais.Attachment {
	img := images[path]
	return relais.Attachment{URL: s.imageURL(path), Kind: relais.FormatImage, ContentType: img.typ, Bytes: int64(len(img.bytes)), Alt: alt}
}

// A post with up to 4 images: each is uploaded with its description, and
// the post carries them in order.
func TestPublishImages(t *testing.T) {
	tests := []struct {
		name  string
		paths []string
		alts  []string
		// wantCalls is the requests X sees: initialize, append(s) and
		// finalize of each image, a description for each that has one,
		// the post.
		wantCalls int
	}{
		{name: "one", paths: []string{"/photo.png"}, alts: []string{"Un chat"}, wantCalls: 5},
		{name: "two, one described", paths: []string{"/photo.png", "/large.png"}, alts: []string{"", "Un plan"}, wantCalls: 10},
		{name: "four", paths: []string{"/photo.png", "/photo.png", "/large.png", "/photo.png"}, alts: []string{"Un", "Deux", "Trois", "Quatre"}, wantCalls: 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			c := relais.Content{Text: "Nouveau"}
			for i, p := range tt.paths {
				c.Attachments = append(c.Attachments, s.image(p, tt.alts[i]))
			}
			id, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := int(s.calls.Load()), tt.wantCalls; got != want {
				t.Errorf("requests X saw: got %d, want %d", got, want)
			}
			posts := s.fake.Posts(acmeID)
			if len(posts) != 1 || posts[0].ID != id {
				t.Fatalf("posts: got %+v, want one with id %s", posts, id)
			}
			var gotAlts []string
			for i, m := range posts[0].Media {
				gotAlts = append(gotAlts, m.Alt)
				if want := images[tt.paths[i]]; m.Category != "tweet_image" || string(m.Bytes) != string(want.bytes) {
					t.Errorf("media %d: got %s of %d bytes, want the image at %s", i, m.Category, len(m.Bytes), tt.paths[i])
				}
			}
			if got, want := strings.Join(gotAlts, "|"), strings.Join(tt.alts, "|"); got != want {
				t.Errorf("descriptions: got %q, want %q", got, want)
			}
		})
	}
}

// What X would refuse of a post's media is refused before any call, for
// good, with a message for the person who wrote the post.
func TestPublishMediaRefusedBeforeAnyCall(t *testing.T) {
	s := newStack(t)
	img := s.image("/photo.png", "Un chat")
	vid := relais.Attachment{URL: s.videoURL("/clip.mp4"), Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: 1000}
	gif := s.image("/anim.gif", "")
	with := func(mod func(a *relais.Attachment), a relais.Attachment) relais.Attachment {
		mod(&a)
		return a
	}
	tests := []struct {
		name    string
		atts    []relais.Attachment
		wantMsg string
	}{
		{"five images", []relais.Attachment{img, img, img, img, img}, "x takes at most 4 images per post, not 5"},
		{"a video and an image", []relais.Attachment{vid, img}, "a video or an animated GIF goes out alone on x, not with 1 other items"},
		{"two videos", []relais.Attachment{vid, vid}, "goes out alone on x"},
		{"a GIF and images", []relais.Attachment{img, gif, img}, "goes out alone on x, not with 2 other items"},
		{"a long description", []relais.Attachment{img, with(func(a *relais.Attachment) { a.Alt = strings.Repeat("é", 1001) }, img)}, "image 2's description is 1001 characters; x allows 1000"},
		{"an image type X refuses", []relais.Attachment{with(func(a *relais.Attachment) { a.ContentType = "image/bmp" }, img)}, "x takes image/jpeg, image/png, image/webp, image/gif images, not image/bmp"},
		{"an image too big", []relais.Attachment{with(func(a *relais.Attachment) { a.Bytes = 5<<20 + 1 }, img)}, "the image is 5242881 bytes; x takes 5242880 at most"},
		{"a video type X refuses", []relais.Attachment{with(func(a *relais.Attachment) { a.ContentType = "video/webm" }, vid)}, "x takes video/mp4, video/quicktime videos, not video/webm"},
		{"a video too big", []relais.Attachment{with(func(a *relais.Attachment) { a.Bytes = 512<<20 + 1 }, vid)}, "the video is 536870913 bytes; x takes 536870912 at most"},
		{"neither image nor video", []relais.Attachment{with(func(a *relais.Attachment) { a.Kind = "audio" }, vid)}, `x takes images and videos, not "audio"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.calls.Load()
			_, err := s.client.Publish(context.Background(), acmeToken, acmeID, "k", relais.Content{Text: "Nouveau", Attachments: tt.atts})
			e := netfake.MustError(t, err, "secret-signature")
			if got := e.Failure(); got != relais.FailPermanent {
				t.Errorf("failure: got %s, want permanent", got)
			}
			if got, want := relais.ErrorCode(err), relais.EINVALID; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
			if got := relais.ErrorMessage(err); !strings.Contains(got, tt.wantMsg) {
				t.Errorf("message %q: want it to say %q", got, tt.wantMsg)
			}
			if got := s.calls.Load() - before; got != 0 {
				t.Errorf("requests X saw: got %d, want 0", got)
			}
		})
	}
}
