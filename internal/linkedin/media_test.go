package linkedin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/linkedin/linkedinfake"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// photos are n of the image host's PNGs as the publisher attaches them,
// each described.
func photos(host *imageHost, n int) []relais.Attachment {
	out := make([]relais.Attachment, n)
	for i := range out {
		out[i] = relais.Attachment{URL: host.URL + "/photo.png", Kind: relais.FormatImage, ContentType: "image/png",
			Bytes: int64(len(host.png)), Alt: fmt.Sprintf("photo %d du salon", i+1)}
	}
	return out
}

// TestPublishImages: one image goes as the post's media, several as a
// multiImage post, in order, each with its description.
func TestPublishImages(t *testing.T) {
	ctx := context.Background()
	host := newImageHost(t)
	tests := []struct {
		name            string
		images          int
		processingReads int
		wantRequests    int64
	}{
		{name: "one image", images: 1, wantRequests: 4},
		{name: "four images", images: 4, wantRequests: 13},
		{name: "four images processed after reads", images: 4, processingReads: 2, wantRequests: 21},
		{name: "twenty images", images: 20, wantRequests: 61},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads = tt.processingReads
			c := relais.Content{Text: "Le salon en images", Attachments: photos(host, tt.images)}
			id, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			posts := s.fake.Posts(acmeOrg)
			if len(posts) != 1 || posts[0].ID != id {
				t.Fatalf("posts: got %+v, want one with id %s", posts, id)
			}
			got := posts[0].Images
			if tt.images == 1 {
				got = []linkedinfake.Media{posts[0].Media}
			}
			if len(got) != tt.images {
				t.Fatalf("images posted: got %d, want %d", len(got), tt.images)
			}
			seen := map[string]bool{}
			for i, m := range got {
				if want := c.Attachments[i].Alt; m.AltText != want {
					t.Errorf("image %d: got alt text %q, want %q", i, m.AltText, want)
				}
				img, ok := s.fake.Image(m.ID)
				if !ok || img.Status != linkedinfake.Available || img.OrgID != acmeOrg || seen[m.ID] {
					t.Errorf("image %d: got %s %+v, want a distinct available image of acme", i, m.ID, img)
				}
				seen[m.ID] = true
			}
			if got, want := len(s.fake.Images(acmeOrg)), tt.images; got != want {
				t.Errorf("uploads: got %d, want %d", got, want)
			}
		})
	}
}

// TestPublishMediaRefused: what LinkedIn would refuse is refused before
// any call, to LinkedIn or to the media's host.
func TestPublishMediaRefused(t *testing.T) {
	host := newImageHost(t)
	video := relais.Attachment{URL: host.URL + "/clip.mp4", Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: 5 << 20}
	with := func(f func(*relais.Attachment)) []relais.Attachment {
		v := video
		f(&v)
		return []relais.Attachment{v}
	}
	tests := []struct {
		name string
		atts []relais.Attachment
		want string
	}{
		{"twenty-one images", photos(host, 21), "takes 20 at most"},
		{"a video with an image", append([]relais.Attachment{video}, photos(host, 1)...), "one video alone"},
		{"an image with a video", append(photos(host, 1), video), "one video alone"},
		{"two videos", []relais.Attachment{video, video}, "one video alone"},
		{"a QuickTime video", with(func(a *relais.Attachment) { a.ContentType = "video/quicktime" }), "not video/quicktime"},
		{"a video under 75 KB", with(func(a *relais.Attachment) { a.Bytes = 75<<10 - 1 }), "takes 76800 to"},
		{"a video over 500 MB", with(func(a *relais.Attachment) { a.Bytes = 500<<20 + 1 }), "takes 76800 to 524288000"},
		{"a WebP image", []relais.Attachment{{URL: host.URL + "/photo.webp", Kind: relais.FormatImage, ContentType: "image/webp"}}, "not image/webp"},
		{"a description too long", with(func(a *relais.Attachment) { a.Alt = strings.Repeat("é", 4087) }), "4087 characters"},
		{"a document", with(func(a *relais.Attachment) { a.Kind = "document" }), "neither an image nor a video"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			hits := host.hits.Load()
			_, err := s.client.Publish(context.Background(), acmeToken, acmeOrg, "key-1", relais.Content{Text: "Refusé", Attachments: tt.atts})
			e := netfake.MustError(t, err, acmeToken, globexToken)
			if e.Kind != relais.FailPermanent || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a permanent error saying %q", err, tt.want)
			}
			if got := s.requests.Load() + host.hits.Load() - hits; got != 0 {
				t.Errorf("requests: got %d, want 0", got)
			}
		})
	}
}

// TestRetryReusesImages: a retry of the same post after a transient
// failure uploads none of the images an attempt put on LinkedIn again.
func TestRetryReusesImages(t *testing.T) {
	ctx := context.Background()
	host := newImageHost(t)
	// One image at a time, so that the fault lands on the third image's
	// calls: initializeUpload, the upload, one status read each.
	const third = 6
	tests := []struct {
		name      string
		before    int
		fault     netfake.Fault
		wantPuts  int // uploads of image bytes LinkedIn took, over both attempts
		wantFirst relais.Failure
	}{
		{name: "initializeUpload fails", before: third, fault: netfake.ServerError, wantFirst: relais.FailTransient},
		{name: "upload fails", before: third + 1, fault: netfake.ServerError, wantFirst: relais.FailTransient},
		{name: "upload answer lost", before: third + 1, fault: netfake.TimeoutAfterEffect, wantFirst: relais.FailTransient},
		{name: "status read fails", before: third + 2, fault: netfake.ServerError, wantFirst: relais.FailTransient},
		{name: "post fails", before: 12, fault: netfake.ServerError, wantFirst: relais.FailAmbiguous},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.client.ImageUploads = 1
			c := relais.Content{Text: "Quatre photos", Attachments: photos(host, 4)}
			s.fake.Faults.FailNext(tt.before, netfake.None)
			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c)
			if got := netfake.MustError(t, err, acmeToken, globexToken, "dms-uploads", "sig=").Kind; got != tt.wantFirst {
				t.Fatalf("first attempt: got %s, want %s (%v)", got, tt.wantFirst, err)
			}
			if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", c); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got, want := len(s.fake.Images(acmeOrg)), 4; got != want {
				t.Errorf("images uploaded: got %d, want %d", got, want)
			}
			posts := s.fake.Posts(acmeOrg)
			if len(posts) != 1 || len(posts[0].Images) != 4 {
				t.Fatalf("posts: got %+v, want one with 4 images", posts)
			}
			// Once posted, the uploads are forgotten: another post
			// under the same key uploads its own.
			if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", relais.Content{Text: "Encore", Attachments: photos(host, 2)}); err != nil {
				t.Fatalf("next post: %v", err)
			}
			if got, want := len(s.fake.Images(acmeOrg)), 6; got != want {
				t.Errorf("images after the next post: got %d, want %d", got, want)
			}
		})
	}
}

// TestPermanentFailureForgetsUploads: once a post is refused for good,
// nothing of it is reused.
func TestPermanentFailureForgetsUploads(t *testing.T) {
	ctx := context.Background()
	host := newImageHost(t)
	s := newStack(t)
	s.client.ImageUploads = 1
	atts := append(photos(host, 1), relais.Attachment{URL: host.URL + "/huge.gif", Kind: relais.FormatImage})
	_, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", relais.Content{Text: "Trop grande", Attachments: atts})
	if e := netfake.MustError(t, err, acmeToken, globexToken); e.Kind != relais.FailPermanent || e.Code != "PROCESSING_FAILED" {
		t.Fatalf("got %v, want a permanent PROCESSING_FAILED", err)
	}
	if _, err := s.client.Publish(ctx, acmeToken, acmeOrg, "key-1", relais.Content{Text: "Trop grande", Attachments: photos(host, 2)}); err != nil {
		t.Fatalf("publish: %v", err)
	}
	if got, want := len(s.fake.Images(acmeOrg)), 4; got != want {
		t.Errorf("images uploaded: got %d, want %d", got, want)
	}
}

// TestStale: an earlier attempt's upload is started anew when LinkedIn
// refuses it, never for the token's or the rate limit's sake.
func TestStale(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&netcall.Error{Status: 404}, true},
		{&netcall.Error{Status: 400}, true},
		{&netcall.Error{Status: 401}, false},
		{&netcall.Error{Status: 403}, false},
		{&netcall.Error{Status: 429}, false},
		{&netcall.Error{Status: 500}, false},
		{&netcall.Error{}, false},
		{errors.New("no answer"), false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := stale(tt.err); got != tt.want {
			t.Errorf("stale(%v): got %v, want %v", tt.err, got, tt.want)
		}
	}
}
