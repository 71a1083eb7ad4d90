package bluesky

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/bluesky/blueskyfake"
	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestPublish(t *testing.T) {
	tests := []struct {
		name    string
		account func(s *stack) string
		content relais.Content
	}{
		{name: "text", content: relais.Content{Text: "Bonjour à tous"}},
		{name: "text and link", content: relais.Content{Text: "Soldes d'hiver à Noël", Link: "https://acme.example/soldes"}},
		{name: "longest text", content: relais.Content{Text: strings.Repeat("é", 300)}},
		{name: "account by DID", account: func(s *stack) string { return s.did }, content: relais.Content{Text: "Bonjour"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			account := handle
			if tt.account != nil {
				account = tt.account(s)
			}
			uri, err := s.client.Publish(t.Context(), password, account, postKey, tt.content)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got, want := uri, s.postURI(postKey); got != want {
				t.Errorf("uri: got %q, want %q", got, want)
			}
			recs := s.pds.Records(s.did)
			if got, want := len(recs), 1; got != want {
				t.Fatalf("records: got %d, want %d", got, want)
			}
			if got, want := recs[0].Text, tt.content.Compose(); got != want {
				t.Errorf("text: got %q, want %q", got, want)
			}
			if got, want := recs[0].CreatedAt, "2026-11-22T09:00:00.000Z"; got != want {
				t.Errorf("createdAt: got %q, want %q", got, want)
			}
		})
	}
}

func TestPublishLinkFacet(t *testing.T) {
	s := newStack(t)
	c := relais.Content{Text: "Café à Noël ☕", Link: "https://acme.example/été"}
	s.mustPublish(t, postKey, c)
	rec := s.pds.Records(s.did)[0]
	if got, want := len(rec.Facets), 1; got != want {
		t.Fatalf("facets: got %d, want %d", got, want)
	}
	f := rec.Facets[0]
	if got, want := rec.Text[f.Index.ByteStart:f.Index.ByteEnd], c.Link; got != want {
		t.Errorf("faceted bytes: got %q, want %q", got, want)
	}
	if got, want := f.Features[0], (blueskyfake.Feature{Type: "app.bsky.richtext.facet#link", URI: c.Link}); got != want {
		t.Errorf("feature: got %+v, want %+v", got, want)
	}
}

// TestPublishSameKey is the retry of an attempt that went through: the
// record key makes it return the post instead of making another.
func TestPublishSameKey(t *testing.T) {
	tests := []struct {
		name      string
		duplicate blueskyfake.DuplicateAnswer
	}{
		{"reference PDS: 500", blueskyfake.DuplicateServerError},
		{"409 RecordAlreadyExists", blueskyfake.DuplicateConflict},
		{"400 InvalidRequest", blueskyfake.DuplicateInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.pds.Duplicate = tt.duplicate
			c := relais.Content{Text: "Bonjour à tous", Link: "https://acme.example"}
			first := s.mustPublish(t, postKey, c)
			s.clock.Advance(time.Minute) // a new createdAt must not matter
			second := s.mustPublish(t, postKey, c)
			if second != first {
				t.Errorf("second uri: got %q, want %q", second, first)
			}
			if got, want := len(s.pds.Records(s.did)), 1; got != want {
				t.Errorf("records: got %d, want %d", got, want)
			}
			if got, want := s.count("com.atproto.repo.getRecord"), 1; got != want {
				t.Errorf("getRecord calls: got %d, want %d", got, want)
			}
		})
	}
}

func TestPublishSameKeyOtherText(t *testing.T) {
	for _, dup := range []blueskyfake.DuplicateAnswer{blueskyfake.DuplicateServerError, blueskyfake.DuplicateConflict} {
		s := newStack(t)
		s.pds.Duplicate = dup
		s.mustPublish(t, postKey, relais.Content{Text: "first text"})
		_, err := s.client.Publish(t.Context(), password, handle, postKey, relais.Content{Text: "edited text"})
		e := netfake.MustError(t, err)
		if got, want := e.Kind, relais.FailPermanent; got != want {
			t.Errorf("duplicate answer %d: kind: got %s, want %s (%v)", dup, got, want, err)
		}
		if got, want := s.pds.Records(s.did)[0].Text, "first text"; len(s.pds.Records(s.did)) != 1 || got != want {
			t.Errorf("duplicate answer %d: records changed: %+v", dup, s.pds.Records(s.did))
		}
	}
}

// TestPublishFaults runs createRecord into the network's failures, for a
// text and for posts with images or a video; the faults hit createRecord,
// then getRecord: the uploads went through before, and the retry uses
// them again.
func TestPublishFaults(t *testing.T) {
	url := serveImages(t, images(t))
	video := serveImages(t, videos(t))
	none := func(n int) []netfake.Fault { return make([]netfake.Fault, n) }
	posts := []struct {
		name    string
		content relais.Content
		before  []netfake.Fault // the faults of the calls before createRecord
		images  int
		videos  int
	}{
		{name: "text", content: relais.Content{Text: "Bonjour à tous"}},
		{name: "image", content: relais.Content{Text: "Bonjour à tous", ImageURL: url("/photo.png"), ImageAlt: "Croissants"}, before: none(1), images: 1},
		{name: "four images", content: relais.Content{Text: "Bonjour à tous", Attachments: photos(url, 4)}, before: none(4), images: 4},
		// Two service tokens, the limits, the upload, a look at the job.
		{name: "video", content: clipPost(video, "/clip.mp4"), before: none(5), videos: 1},
	}
	tests := []struct {
		name        string
		faults      []netfake.Fault
		wantKind    relais.Failure // "" for success
		wantWait    time.Duration
		wantRecords int
		wantMessage string
	}{
		{name: "answer lost after the post", faults: []netfake.Fault{netfake.TimeoutAfterEffect}, wantRecords: 1},
		{name: "server error before the post", faults: []netfake.Fault{netfake.ServerError}, wantKind: relais.FailAmbiguous, wantMessage: "no post under record key " + rkeyOf(postKey)},
		{name: "no answer, no post", faults: []netfake.Fault{netfake.Timeout}, wantKind: relais.FailAmbiguous, wantMessage: "no post under record key"},
		{name: "server error, then the check fails", faults: []netfake.Fault{netfake.ServerError, netfake.ServerError}, wantKind: relais.FailAmbiguous, wantMessage: "could not look for the post"},
		{name: "answer lost, then the check fails", faults: []netfake.Fault{netfake.TimeoutAfterEffect, netfake.ServerError}, wantKind: relais.FailAmbiguous, wantRecords: 1, wantMessage: "could not look for the post"},
		{name: "rate limited", faults: []netfake.Fault{netfake.RateLimit}, wantKind: relais.FailTransient, wantWait: blueskyfake.RateLimitWindow},
	}
	for _, tt := range tests {
		for _, p := range posts {
			t.Run(tt.name+", "+p.name, func(t *testing.T) {
				// Each waits out the client's timeout: side by side.
				t.Parallel()
				s := newStack(t)
				for _, f := range append(p.before, tt.faults...) {
					s.pds.Faults.FailNext(1, f)
				}
				uri, err := s.client.Publish(t.Context(), password, handle, postKey, p.content)
				checkNoSecret(t, s.pds, err)
				if got, want := len(s.pds.Records(s.did)), tt.wantRecords; got != want {
					t.Errorf("records: got %d, want %d", got, want)
				}
				if tt.wantKind == "" {
					if err != nil {
						t.Fatalf("publish: %v", err)
					}
					if got, want := uri, s.postURI(postKey); got != want {
						t.Errorf("uri: got %q, want %q", got, want)
					}
					return
				}
				kind, wait := relais.FailureOf(err)
				if kind != tt.wantKind || wait != tt.wantWait {
					t.Errorf("failure: got %s after %v, want %s after %v (%v)", kind, wait, tt.wantKind, tt.wantWait, err)
				}
				if !strings.Contains(err.Error(), tt.wantMessage) {
					t.Errorf("error %q does not say %q", err, tt.wantMessage)
				}
				// The publisher tries again with the same key: one post at most.
				if uri, err := s.client.Publish(t.Context(), password, handle, postKey, p.content); err != nil || uri != s.postURI(postKey) {
					t.Errorf("retry: got %q, %v; want %q", uri, err, s.postURI(postKey))
				}
				recs := s.pds.Records(s.did)
				if got, want := len(recs), 1; got != want {
					t.Fatalf("records after the retry: got %d, want %d", got, want)
				}
				if got, want := len(recs[0].Images), p.images; got != want {
					t.Errorf("images after the retry: got %d, want %d", got, want)
				}
				if got, want := recs[0].Video != nil, p.videos == 1; got != want {
					t.Errorf("video after the retry: got %t, want %t", got, want)
				}
				if got, want := s.count("com.atproto.repo.uploadBlob"), p.images; got != want {
					t.Errorf("image uploads: got %d, want %d", got, want)
				}
				if got, want := s.count("app.bsky.video.uploadVideo"), p.videos; got != want {
					t.Errorf("video uploads: got %d, want %d", got, want)
				}
			})
		}
	}
}

// TestPublishRefusedBeforeAnyCall covers what Relais refuses itself.
func TestPublishRefusedBeforeAnyCall(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		content relais.Content
		want    string
	}{
		{"text too long", postKey, relais.Content{Text: strings.Repeat("é", 301)}, "301 characters"},
		// The image is not read either.
		{"text too long, with an image", postKey, relais.Content{Text: strings.Repeat("é", 301), ImageURL: "https://cdn.example/a.jpg"}, "301 characters"},
		{"text and link too long", postKey, relais.Content{Text: strings.Repeat("a", 280), Link: "https://acme.example/soldes"}, "bluesky allows 300"},
		{"empty key", "", relais.Content{Text: "Bonjour"}, "a post needs a key"},
	}
	var calls int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	defer srv.Close()
	c := New(srv.URL, srv.Client())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Publish(t.Context(), password, handle, tt.key, tt.content)
			e := netfake.MustError(t, err)
			if got, want := e.Kind, relais.FailPermanent; got != want {
				t.Errorf("kind: got %s, want %s", got, want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
	if calls != 0 {
		t.Errorf("calls to the PDS: got %d, want 0", calls)
	}
}

func TestPublishRefusedConnection(t *testing.T) {
	t.Run("before the session", func(t *testing.T) {
		c := New(refusedURL(t), &http.Client{Timeout: time.Second})
		_, err := c.Publish(t.Context(), password, handle, postKey, relais.Content{Text: "Bonjour"})
		if kind, _ := relais.FailureOf(err); kind != relais.FailTransient {
			t.Errorf("failure: got %s, want %s (%v)", kind, relais.FailTransient, err)
		}
		checkNoSecret(t, nil, err)
	})
	t.Run("with a session", func(t *testing.T) {
		s := newStack(t)
		s.mustPublish(t, "p1", relais.Content{Text: "first"})
		s.srv.Close()
		s.hc.CloseIdleConnections()
		// Nothing was sent: the create cannot have happened.
		_, err := s.client.Publish(t.Context(), password, handle, "p2", relais.Content{Text: "second"})
		if kind, _ := relais.FailureOf(err); kind != relais.FailTransient {
			t.Errorf("failure: got %s, want %s (%v)", kind, relais.FailTransient, err)
		}
		checkNoSecret(t, s.pds, err)
	})
}

// TestErrorMessageIsShort feeds the client a huge XRPC message.
func TestErrorMessageIsShort(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":"InvalidRequest","message":"` + strings.Repeat("é", 5000) + `"}`))
	}))
	defer srv.Close()
	_, err := New(srv.URL, srv.Client()).Publish(t.Context(), password, handle, postKey, relais.Content{Text: "Bonjour"})
	e := netfake.MustError(t, err)
	if got, want := e.Kind, relais.FailPermanent; got != want {
		t.Errorf("kind: got %s, want %s", got, want)
	}
	if n := len([]rune(e.Err.Error())); n > netcall.MaxMessage+1 {
		t.Errorf("message: got %d characters, want at most %d", n, netcall.MaxMessage+1)
	}
}
