package pinterest

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/pinterest/pinterestfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestPublishVideo: the video is registered, uploaded as a form to the
// URL Pinterest gave, awaited until processed, then pinned with the image
// after it as its cover, or its first frame; the Pin is found again by its
// text and link alone.
func TestPublishVideo(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	cover := photo(host.at("/photo.jpg"), "image/jpeg", 100, "")
	tests := []struct {
		name            string
		media           []relais.Attachment
		processingReads int
		wantImages      []string
		wantAlt         string
		wantRequests    int64
	}{
		{name: "with its cover", media: []relais.Attachment{clip(host.at("/clip.mp4"), 3000, "Notre atelier"), cover},
			wantImages: []string{cover.URL}, wantAlt: "Notre atelier", wantRequests: 4},
		{name: "its first frame as cover", media: []relais.Attachment{clip(host.at("/clip.mp4"), 3000, "")},
			wantRequests: 4},
		{name: "processed after reads", media: []relais.Attachment{clip(host.at("/clip.mp4"), 3000, ""), photo(cover.URL, "image/jpeg", 100, "la couverture")},
			processingReads: 3, wantImages: []string{cover.URL}, wantAlt: "la couverture", wantRequests: 7},
		{name: "a video of unknown type and size", media: []relais.Attachment{{URL: host.at("/clip.mp4"), Kind: relais.FormatVideo}},
			wantRequests: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads = tt.processingReads
			c := relais.Content{Text: "Dans les coulisses", Link: "https://acme.example/atelier", Attachments: tt.media}
			id, err := s.client.Publish(ctx, acmeToken, acmeBoard, "key-1", c)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			// The registration, the upload, the status reads, the Pin.
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			pins := s.fake.Pins(acmeBoard)
			if len(pins) != 1 || pins[0].ID != id {
				t.Fatalf("pins: got %+v, want one with id %s", pins, id)
			}
			p := pins[0]
			if p.MediaType != "video" || !slices.Equal(p.Images, tt.wantImages) || p.AltText != tt.wantAlt {
				t.Errorf("pin: got %s cover %v alt %q, want video cover %v alt %q", p.MediaType, p.Images, p.AltText, tt.wantImages, tt.wantAlt)
			}
			m, ok := s.fake.Media(p.MediaID)
			if !ok || m.Status != pinterestfake.Succeeded || !bytes.Equal(m.Bytes, host.mp4) {
				t.Errorf("media %s: got %s %d bytes, want %s and the %d bytes served", p.MediaID, m.Status, len(m.Bytes), pinterestfake.Succeeded, len(host.mp4))
			}
			got, err := s.client.RecentPosts(ctx, acmeToken, acmeBoard, start)
			if want := (relais.PublishedPost{ID: id, Hash: c.Hash(), CreatedAt: start}); err != nil || len(got) != 1 || got[0] != want {
				t.Errorf("recent posts: got %+v %v, want %+v", got, err, want)
			}
		})
	}
}

// TestPublishVideoFailures: until the Pin call, a failure made nothing
// and is transient, or permanent when no attempt could pin the video;
// once the Pin call went out, it is ambiguous.
func TestPublishVideoFailures(t *testing.T) {
	ctx := context.Background()
	host := newMediaHost(t)
	// The calls of a video publish, in order: the registration, the
	// upload, one read of the status, the Pin.
	const upload, status, pin = 1, 2, 3
	tests := []struct {
		name            string
		path            string // the video's, /clip.mp4 unless set
		before          int    // calls let through before the fault
		fault           netfake.Fault
		processingReads int
		wantKind        relais.Failure
		wantCode        string
		wantRequests    int64
		wantPins        int
	}{
		{name: "registration fails", fault: netfake.ServerError, wantKind: relais.FailTransient, wantCode: CodeUnavailable, wantRequests: 1},
		{name: "registration rate limited", fault: netfake.RateLimit, wantKind: relais.FailTransient, wantCode: CodeRateLimited, wantRequests: 1},
		{name: "upload fails", before: upload, fault: netfake.ServerError, wantKind: relais.FailTransient, wantRequests: 2},
		{name: "upload times out", before: upload, fault: netfake.Timeout, wantKind: relais.FailTransient, wantRequests: 2},
		{name: "upload answer lost", before: upload, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailTransient, wantRequests: 2},
		{name: "status read fails", before: status, fault: netfake.ServerError, wantKind: relais.FailTransient, wantCode: CodeUnavailable, wantRequests: 3},
		{name: "still processing", processingReads: maxMediaReads, wantKind: relais.FailTransient, wantRequests: 2 + maxMediaReads},
		{name: "pinterest cannot process it", path: "/broken.mp4", wantKind: relais.FailPermanent, wantCode: CodeMediaFailed, wantRequests: 3},
		{name: "pin fails", before: pin, fault: netfake.ServerError, wantKind: relais.FailAmbiguous, wantCode: CodeUnavailable, wantRequests: 4},
		{name: "pin answer lost", before: pin, fault: netfake.TimeoutAfterEffect, wantKind: relais.FailAmbiguous, wantRequests: 4, wantPins: 1},

		{name: "video link expired", path: "/gone.mp4", wantKind: relais.FailPermanent},
		{name: "video host busy", path: "/busy.mp4", wantKind: relais.FailTransient},
		{name: "a type pinterest does not take", path: "/clip.webm", wantKind: relais.FailPermanent},
		{name: "a host that gives no length", path: "/streamed.mp4", wantKind: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads = tt.processingReads
			if tt.fault != netfake.None {
				s.fake.Faults.FailNext(tt.before, netfake.None)
				s.fake.Faults.FailNext(1, tt.fault)
			}
			path := tt.path
			if path == "" {
				path = "/clip.mp4"
			}
			// The library knows neither type nor size: the host says them.
			c := relais.Content{Text: "Vidéo", Attachments: []relais.Attachment{{URL: host.at(path), Kind: relais.FormatVideo}}}
			_, err := s.client.Publish(ctx, acmeToken, acmeBoard, "", c)
			e := mustError(t, err)
			if e.Kind != tt.wantKind || e.Code != tt.wantCode {
				t.Errorf("got %s %q, want %s %q (%v)", e.Kind, e.Code, tt.wantKind, tt.wantCode, err)
			}
			if got, want := s.requests.Load(), tt.wantRequests; got != want {
				t.Errorf("requests: got %d, want %d", got, want)
			}
			if got := len(s.fake.Pins(acmeBoard)); got != tt.wantPins {
				t.Errorf("pins: got %d, want %d", got, tt.wantPins)
			}
		})
	}
}
