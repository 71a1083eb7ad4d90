package bluesky

import (
	"fmt"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// photos are n attachments, the landscape photo and the portrait in
// turn, each with its alt text.
func photos(url func(string) string, n int) []relais.Attachment {
	var atts []relais.Attachment
	for i := range n {
		path, typ := "/photo.png", "image/png"
		if i%2 == 1 {
			path, typ = "/portrait.jpg", "image/jpeg"
		}
		atts = append(atts, relais.Attachment{URL: url(path), Kind: relais.FormatImage, ContentType: typ, Alt: fmt.Sprintf("Photo %d", i+1)})
	}
	return atts
}

// TestPublishImages: up to four images go up, and the post embeds them in
// their order, each with its alt text and size.
func TestPublishImages(t *testing.T) {
	url := serveImages(t, images(t))
	for _, n := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("%d images", n), func(t *testing.T) {
			s := newStack(t)
			s.mustPublish(t, postKey, relais.Content{Text: "La carte du jour", Attachments: photos(url, n)})
			recs := s.pds.Records(s.did)
			if len(recs) != 1 || len(recs[0].Images) != n {
				t.Fatalf("records: got %+v, want one post with %d images", recs, n)
			}
			for i, im := range recs[0].Images {
				want := blueskyfake.AspectRatio{Width: 1200, Height: 800}
				if i%2 == 1 {
					want = blueskyfake.AspectRatio{Width: 300, Height: 400}
				}
				if im.Alt != fmt.Sprintf("Photo %d", i+1) || im.AspectRatio == nil || *im.AspectRatio != want {
					t.Errorf("image %d: got alt %q, %+v, want Photo %d, %+v", i, im.Alt, im.AspectRatio, i+1, want)
				}
			}
			if got := s.count("com.atproto.repo.uploadBlob"); got != n {
				t.Errorf("uploads: got %d, want %d", got, n)
			}
		})
	}
}

// TestPublishMediaRefused: what Bluesky would refuse is refused before any
// call.
func TestPublishMediaRefused(t *testing.T) {
	url := serveImages(t, images(t))
	video := relais.Attachment{URL: url("/clip.mp4"), Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: 3 << 20}
	with := func(change func(*relais.Attachment)) []relais.Attachment {
		v := video
		change(&v)
		return []relais.Attachment{v}
	}
	tests := []struct {
		name string
		atts []relais.Attachment
		want string
	}{
		{"five images", photos(url, 5), "carries 5 images or videos; a Bluesky post takes 4 images"},
		{"a video with an image", append(photos(url, 1), video), "takes a video alone, not with 1 other"},
		{"two videos", []relais.Attachment{video, video}, "takes a video alone"},
		{"a QuickTime video", with(func(a *relais.Attachment) { a.ContentType = "video/quicktime" }), "Bluesky takes video/mp4 videos, not video/quicktime"},
		{"a video over 100 MB", with(func(a *relais.Attachment) { a.Bytes = 100_000_001 }), "takes 100000000 at most"},
		{"an image over 2 MB", []relais.Attachment{{URL: url("/too-big.png"), Kind: relais.FormatImage, ContentType: "image/png", Bytes: 2_000_001}}, "takes 2000000 at most"},
		{"neither image nor video", with(func(a *relais.Attachment) { a.Kind = "audio" }), `a "audio", neither an image nor a video`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			_, err := s.client.Publish(t.Context(), password, handle, postKey, relais.Content{Text: "Bonjour", Attachments: tt.atts})
			e := netfake.MustError(t, err, signature, password)
			if e.Kind != relais.FailPermanent || relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("failure: got %s, %s (%v), want permanent, %s saying %q", e.Kind, relais.ErrorCode(err), err, relais.EINVALID, tt.want)
			}
			if got := s.totalCalls(); got != 0 {
				t.Errorf("calls: got %d, want 0", got)
			}
		})
	}
}

// TestPublishImagesRetry: an attempt that failed on its third image left
// the first two uploaded; the next attempt uses them and uploads the
// rest.
func TestPublishImagesRetry(t *testing.T) {
	url := serveImages(t, images(t))
	s := newStack(t)
	s.pds.Faults.FailNext(2, netfake.None)
	s.pds.Faults.FailNext(1, netfake.ServerError)
	c := relais.Content{Text: "La carte du jour", Attachments: photos(url, 4)}
	_, err := s.client.Publish(t.Context(), password, handle, postKey, c)
	if kind, _ := relais.FailureOf(err); kind != relais.FailTransient {
		t.Fatalf("first attempt: got %s (%v), want transient", kind, err)
	}
	s.mustPublish(t, postKey, c)
	// Two uploads, one refused, then the last two.
	if got, want := s.count("com.atproto.repo.uploadBlob"), 5; got != want {
		t.Errorf("upload calls: got %d, want %d", got, want)
	}
	if recs := s.pds.Records(s.did); len(recs) != 1 || len(recs[0].Images) != 4 || recs[0].Images[3].Alt != "Photo 4" {
		t.Errorf("records: got %+v, want one post with the four images", recs)
	}
}
