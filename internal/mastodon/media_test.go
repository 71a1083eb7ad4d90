package mastodon

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const postMedia = "POST /api/v2/media"

// TestPublishImage: the image goes up with its description, is waited
// for while the instance processes it, and the status carries it.
func TestPublishImage(t *testing.T) {
	image := imageHost(t)
	tests := []struct {
		name      string
		setup     func(*fixture)
		content   relais.Content
		wantLooks int // GET /api/v1/media/{id}
	}{
		{name: "with text and alt", content: relais.Content{Text: "Nouvelle carte", Link: "https://acme.example/menu", ImageURL: image("/photo.png"), ImageAlt: "Une tarte aux pommes"}},
		{name: "image alone", content: relais.Content{ImageURL: image("/photo.png"), ImageAlt: "Une tarte aux pommes"}},
		{name: "no alt", content: relais.Content{Text: "Nouvelle carte", ImageURL: image("/photo.png")}},
		{name: "processing through two looks", setup: func(f *fixture) { f.fake.ProcessingReads = 2 },
			content: relais.Content{Text: "Nouvelle carte", ImageURL: image("/photo.png"), ImageAlt: "Une tarte"}, wantLooks: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tt.setup != nil {
				tt.setup(f)
			}
			id, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", tt.content)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			got := f.fake.Statuses(testUser)
			if len(got) != 1 || got[0].ID != id {
				t.Fatalf("statuses: got %d, want one with id %q", len(got), id)
			}
			st := got[0]
			if st.Text != tt.content.Compose() || st.IdempotencyKey != "post-1" {
				t.Errorf("text, key: got %q, %q, want %q, post-1", st.Text, st.IdempotencyKey, tt.content.Compose())
			}
			if len(st.Media) != 1 {
				t.Fatalf("media: got %d, want 1", len(st.Media))
			}
			m := st.Media[0]
			if m.Type != "image/png" || !bytes.Equal(m.Bytes, pngImage) || m.Description != tt.content.ImageAlt {
				t.Errorf("media: got %s, %d bytes, alt %q, want image/png, %d bytes, alt %q", m.Type, len(m.Bytes), m.Description, len(pngImage), tt.content.ImageAlt)
			}
			if n := f.count(postMedia); n != 1 {
				t.Errorf("uploads: got %d, want 1", n)
			}
			if n := f.count("GET /api/v1/media/" + m.ID); n != tt.wantLooks {
				t.Errorf("looks at the upload: got %d, want %d", n, tt.wantLooks)
			}
		})
	}
}

// TestPublishImageFails: a failure before the status call posted nothing.
// A permanent one says why; a transient one is safe to try again, and
// trying again posts once.
func TestPublishImageFails(t *testing.T) {
	image := imageHost(t)
	photo := relais.Content{Text: "Nouvelle carte", ImageURL: image("/photo.png"), ImageAlt: "Une tarte aux pommes"}
	with := func(path, alt string) relais.Content {
		c := photo
		c.ImageURL, c.ImageAlt = image(path), alt
		return c
	}
	tests := []struct {
		name        string
		setup       func(*fixture)
		content     relais.Content
		timeout     time.Duration
		wantKind    relais.Failure
		wantMsg     string
		wantUploads int
		wantWait    time.Duration
	}{
		{name: "over the instance's limit", setup: func(f *fixture) { f.fake.ImageSizeLimit = 1 << 10 }, content: photo,
			wantKind: relais.FailPermanent, wantMsg: "File must be less than 1 KB", wantUploads: 1},
		{name: "over Mastodon's 16 MB", content: with("/big.jpg", ""), wantKind: relais.FailPermanent, wantMsg: "over 16777216 bytes"},
		{name: "type refused", content: with("/photo.bmp", ""), wantKind: relais.FailPermanent, wantMsg: "File content type is invalid", wantUploads: 1},
		{name: "not an image", content: with("/page", ""), wantKind: relais.FailPermanent, wantMsg: "not an image"},
		{name: "link expired", content: with("/expired", ""), wantKind: relais.FailPermanent, wantMsg: "its link expired"},
		{name: "alt too long", content: with("/photo.png", strings.Repeat("é", 1501)), wantKind: relais.FailPermanent, wantMsg: "Description is too long", wantUploads: 1},
		{name: "processing failed", setup: func(f *fixture) { f.fake.FailProcessing = true }, content: photo,
			wantKind: relais.FailPermanent, wantMsg: "Error processing", wantUploads: 1},
		{name: "image host busy", content: with("/busy", ""), wantKind: relais.FailTransient, wantMsg: "status 503"},
		{name: "upload 5xx", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.ServerError) }, content: photo,
			wantKind: relais.FailTransient, wantMsg: "Service Unavailable", wantUploads: 1},
		{name: "upload rate limited", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.RateLimit) }, content: photo,
			wantKind: relais.FailTransient, wantMsg: "Too many requests", wantUploads: 1, wantWait: 5 * time.Minute},
		{name: "upload timeout", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.Timeout) }, content: photo,
			timeout: 200 * time.Millisecond, wantKind: relais.FailTransient, wantUploads: 1},
		{name: "upload lost after the effect", setup: func(f *fixture) { f.fake.Faults.FailNext(1, netfake.TimeoutAfterEffect) }, content: photo,
			timeout: 200 * time.Millisecond, wantKind: relais.FailTransient, wantUploads: 1},
		{name: "still processing", setup: func(f *fixture) { f.fake.ProcessingReads = 5; f.client.MaxPolls = 3 }, content: photo,
			wantKind: relais.FailTransient, wantMsg: "after 3 looks", wantUploads: 1},
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
			_, err := f.client.Publish(ctx, testToken, testAccount, "post-1", tt.content)
			cancel()
			e := mustFailure(t, err)
			if e.Kind != tt.wantKind || e.Wait() != tt.wantWait || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("failure, wait: got %s, %v (%v), want %s, %v saying %q", e.Kind, e.Wait(), err, tt.wantKind, tt.wantWait, tt.wantMsg)
			}
			if n := f.count(postMedia); n != tt.wantUploads {
				t.Errorf("uploads: got %d, want %d", n, tt.wantUploads)
			}
			if n := f.count(postStatuses); n != 0 {
				t.Errorf("status calls: got %d, want 0", n)
			}
			if tt.wantKind != relais.FailTransient {
				return
			}
			// Enough looks for the instance to finish processing.
			f.client.MaxPolls = 10
			if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", with("/photo.png", photo.ImageAlt)); err != nil {
				t.Fatalf("retry: %v", err)
			}
			if got := f.fake.Statuses(testUser); len(got) != 1 || len(got[0].Media) != 1 {
				t.Errorf("after the retry: got %d statuses, want one with its image", len(got))
			}
		})
	}
}

// photos are n attachments of the image host's photo, each with its alt
// text.
func photos(image func(string) string, n int) []relais.Attachment {
	var atts []relais.Attachment
	for i := range n {
		atts = append(atts, relais.Attachment{URL: image("/photo.png"), Kind: relais.FormatImage, ContentType: "image/png", Bytes: int64(len(pngImage)), Alt: fmt.Sprintf("Photo %d", i+1)})
	}
	return atts
}

// TestPublishImages: up to four images go up, each with its alt text, and
// the status carries them in their order.
func TestPublishImages(t *testing.T) {
	image := imageHost(t)
	for _, n := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("%d images", n), func(t *testing.T) {
			f := newFixture(t, nil)
			c := relais.Content{Text: "La carte du jour", Attachments: photos(image, n)}
			if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c); err != nil {
				t.Fatalf("publish: %v", err)
			}
			st := f.fake.Statuses(testUser)
			if len(st) != 1 {
				t.Fatalf("statuses: got %d, want 1", len(st))
			}
			var got, want []string
			for i, m := range st[0].Media {
				got = append(got, m.Type+" "+m.Description)
				want = append(want, fmt.Sprintf("image/png Photo %d", i+1))
			}
			if len(got) != n || !slices.Equal(got, want) {
				t.Errorf("media: got %q, want %d: %q", got, n, want)
			}
			if got := f.count(postMedia); got != n {
				t.Errorf("uploads: got %d, want %d", got, n)
			}
		})
	}
}

// TestPublishMediaRefused: what Mastodon would refuse is refused before
// any call.
func TestPublishMediaRefused(t *testing.T) {
	image := imageHost(t)
	video := relais.Attachment{URL: image("/clip.mp4"), Kind: relais.FormatVideo, ContentType: "video/mp4", Bytes: 3 << 20}
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
		{"five images", photos(image, 5), "carries 5 images or videos; a Mastodon status takes 4"},
		{"a video with an image", append(photos(image, 1), video), "takes a video alone, not with 1 other"},
		{"two videos", []relais.Attachment{video, video}, "takes a video alone"},
		{"a video type Mastodon does not take", with(func(a *relais.Attachment) { a.ContentType = "video/x-msvideo" }), "not video/x-msvideo"},
		{"a video over 40 MB", with(func(a *relais.Attachment) { a.Bytes = 40<<20 + 1 }), "takes 41943040 at most"},
		{"an image over 16 MB", []relais.Attachment{{URL: image("/big.jpg"), Kind: relais.FormatImage, ContentType: "image/jpeg", Bytes: 16<<20 + 1}}, "takes 16777216 at most"},
		{"neither image nor video", with(func(a *relais.Attachment) { a.Kind = "audio" }), `a "audio", neither an image nor a video`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			_, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", relais.Content{Text: "hi", Attachments: tt.atts})
			e := mustFailure(t, err)
			if e.Kind != relais.FailPermanent || relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("failure: got %s, %s (%v), want permanent, %s saying %q", e.Kind, relais.ErrorCode(err), err, relais.EINVALID, tt.want)
			}
			if got := f.count(""); got != 0 {
				t.Errorf("requests: got %d, want 0", got)
			}
		})
	}
}

// TestPublishImagesRetry: an attempt that failed on its third image
// leaves the first two uploaded; the next attempt attaches them and
// uploads only the rest.
func TestPublishImagesRetry(t *testing.T) {
	image := imageHost(t)
	f := newFixture(t, nil)
	f.fake.Faults.FailNext(2, netfake.None)
	f.fake.Faults.FailNext(1, netfake.ServerError)
	c := relais.Content{Text: "La carte du jour", Attachments: photos(image, 4)}
	_, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c)
	if e := mustFailure(t, err); e.Kind != relais.FailTransient {
		t.Fatalf("first attempt: got %s (%v), want transient", e.Kind, err)
	}
	if _, err := f.client.Publish(context.Background(), testToken, testAccount, "post-1", c); err != nil {
		t.Fatalf("retry: %v", err)
	}
	// Two uploads, one refused, then the last two.
	if got, want := f.count(postMedia), 5; got != want {
		t.Errorf("upload calls: got %d, want %d", got, want)
	}
	if st := f.fake.Statuses(testUser); len(st) != 1 || len(st[0].Media) != 4 || st[0].Media[3].Description != "Photo 4" {
		t.Errorf("statuses: got %+v, want one with the four images", st)
	}
}
