package mastodon

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

const uploads = "POST /api/v2/media"

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
			if n := f.count(uploads); n != 1 {
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
			if n := f.count(uploads); n != tt.wantUploads {
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
