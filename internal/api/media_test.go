package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/api"
	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/media"
	"github.com/relais-dev/relais/internal/relaistest"
)

// png is a small image's bytes.
var png = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 1200)...)

// mediaAnswer is an image as the API answers it.
type mediaAnswer struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	URL    string `json:"url"`
	Upload struct {
		Method  string            `json:"method"`
		URL     string            `json:"url"`
		Headers map[string]string `json:"headers"`
	} `json:"upload"`
}

// declare declares an image as a caller and returns the API's answer.
func (f *fixture) declare(t *testing.T, id auth.Identity, client, ctype string, size int) mediaAnswer {
	t.Helper()
	a := f.call(t, id, http.MethodPost, "/api/clients/"+client+"/media", map[string]any{"type": ctype, "size": size, "alt": "Un croissant"})
	if a.status != http.StatusCreated {
		t.Fatalf("declare %s of %d bytes: got %d %s", ctype, size, a.status, a.body)
	}
	var m mediaAnswer
	a.decode(t, &m)
	return m
}

// upload sends bytes to an image's pre-signed URL, over HTTP, as a
// browser does, and returns the status.
func upload(t *testing.T, m mediaAnswer, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(m.Upload.Method, m.Upload.URL, bytes.NewReader(body))
	relaistest.MustOK(t, err)
	for k, v := range m.Upload.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	relaistest.MustOK(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Logf("upload: %d %s", resp.StatusCode, b)
	}
	return resp.StatusCode
}

// fetch reads a URL and returns its body.
func fetch(t *testing.T, url string) []byte {
	t.Helper()
	resp, err := http.Get(url)
	relaistest.MustOK(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	relaistest.MustOK(t, err)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return b
}

// detail is a problem's sentence.
func detail(t *testing.T, a answer) string {
	t.Helper()
	var p api.Problem
	a.decode(t, &p)
	return p.Detail
}

// TestMediaUpload: an image declared, uploaded to its pre-signed URL and
// completed is ready, with a URL that serves its bytes; a post carries
// it and shows it.
func TestMediaUpload(t *testing.T) {
	f := newFixture(t)
	m := f.declare(t, manager, "acme", "image/png", len(png))
	if m.Status != "pending" || m.Upload.Method != http.MethodPut || m.Upload.Headers["Content-Type"] != "image/png" || m.URL != "" {
		t.Fatalf("declared: got %+v, want pending, a PUT with its Content-Type, no URL", m)
	}
	if got := upload(t, m, png); got != http.StatusOK {
		t.Fatalf("upload: got %d, want 200", got)
	}
	var ready mediaAnswer
	a := f.call(t, manager, http.MethodPost, "/api/clients/acme/media/"+m.ID+"/complete", nil)
	a.decode(t, &ready)
	if a.status != http.StatusOK || ready.Status != "ready" || !bytes.Equal(fetch(t, ready.URL), png) {
		t.Fatalf("complete: got %d %s, want 200, ready, with a URL of the image", a.status, a.body)
	}
	// Completing again answers it again; a reviewer sees it.
	if got := f.call(t, manager, http.MethodPost, "/api/clients/acme/media/"+m.ID+"/complete", nil).status; got != http.StatusOK {
		t.Errorf("complete again: got %d, want 200", got)
	}
	if got := f.call(t, reviewer, http.MethodGet, "/api/clients/acme/media/"+m.ID, nil).status; got != http.StatusOK {
		t.Errorf("a reviewer reads it: got %d, want 200", got)
	}

	a = f.call(t, manager, http.MethodPost, "/api/clients/acme/posts",
		map[string]any{"account": "sandbox:acme-page", "at": "2027-03-05T09:30", "text": "Nos croissants", "media": []string{m.ID}})
	var post struct {
		ID    string `json:"id"`
		Media []struct{ ID, Alt, URL string }
	}
	a.decode(t, &post)
	if a.status != http.StatusCreated || len(post.Media) != 1 || post.Media[0].ID != m.ID || post.Media[0].Alt != "Un croissant" {
		t.Fatalf("a post with the image: got %d %s", a.status, a.body)
	}
	if !bytes.Equal(fetch(t, post.Media[0].URL), png) {
		t.Error("the post's image URL does not serve the image")
	}
	stored, err := f.store.Post(context.Background(), "acme", post.ID)
	relaistest.MustOK(t, err)
	if len(stored.Media) != 1 || stored.Media[0] != m.ID {
		t.Errorf("stored post's media: got %v, want [%s]", stored.Media, m.ID)
	}
}

// TestMediaRefusals: what the networks would not take is refused before
// the upload and after it, with a sentence that says why; an image that
// is not the one declared is deleted.
func TestMediaRefusals(t *testing.T) {
	f := newFixture(t)
	declare := func(body map[string]any) answer {
		return f.call(t, manager, http.MethodPost, "/api/clients/acme/media", body)
	}
	for _, tt := range []struct {
		name string
		body map[string]any
		want string
	}{
		{"a type not taken", map[string]any{"type": "image/svg+xml", "size": 100}, `type "image/svg+xml" is not an image`},
		{"too big declared", map[string]any{"type": "image/png", "size": media.MaxSize + 1}, "the image is 8 MiB; the limit is 8 MiB"},
		{"no size", map[string]any{"type": "image/png"}, "size must be"},
	} {
		a := declare(tt.body)
		if a.status != http.StatusUnprocessableEntity || !strings.Contains(detail(t, a), tt.want) {
			t.Errorf("%s: got %d %s, want 422 saying %q", tt.name, a.status, a.body, tt.want)
		}
	}

	complete := func(m mediaAnswer) answer {
		return f.call(t, manager, http.MethodPost, "/api/clients/acme/media/"+m.ID+"/complete", nil)
	}
	notSent := f.declare(t, manager, "acme", "image/png", len(png))
	if a := complete(notSent); a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), "not uploaded yet") {
		t.Errorf("not uploaded: got %d %s, want 422", a.status, a.body)
	}
	// The signed URL takes only what was declared.
	if got := upload(t, notSent, append(png, 0)); got != http.StatusForbidden {
		t.Errorf("an upload of another size to the signed URL: got %d, want 403", got)
	}
	// An object put there by other means, unlike what was declared, is
	// refused and deleted.
	for _, tt := range []struct {
		name, ctype string
		body        []byte
		want        string
	}{
		{"another size", "image/png", png[:100], "it is 100 bytes, not the 1208 declared"},
		{"another type", "image/gif", png, `it was sent as "image/gif", not the "image/png" declared`},
		{"over the limit", "image/png", bytes.Repeat([]byte{1}, media.MaxSize+10), "it is 8 MiB; the limit is 8 MiB"},
	} {
		m := f.declare(t, manager, "acme", "image/png", len(png))
		key := media.ObjectKey("acme", m.ID)
		relaistest.MustOK(t, f.media.Put(context.Background(), key, tt.ctype, tt.body))
		a := complete(m)
		if a.status != http.StatusUnprocessableEntity || !strings.Contains(detail(t, a), tt.want) || !strings.Contains(string(a.body), "deleted") {
			t.Errorf("%s: got %d %s, want 422 saying %q", tt.name, a.status, a.body, tt.want)
		}
		if _, err := f.media.Head(context.Background(), key); err == nil {
			t.Errorf("%s: the object is still there", tt.name)
		}
		var got mediaAnswer
		f.call(t, manager, http.MethodGet, "/api/clients/acme/media/"+m.ID, nil).decode(t, &got)
		if got.Status != "pending" || got.URL != "" {
			t.Errorf("%s: got %+v, want it pending, without a URL", tt.name, got)
		}
	}
}

// TestPostMediaRefusals: a post carries one ready image of its own
// client; another client's image is refused exactly as one that does not
// exist.
func TestPostMediaRefusals(t *testing.T) {
	f := newFixture(t)
	seedPosts(t, f)
	pending := f.declare(t, manager, "acme", "image/png", len(png))
	post := func(media []string, extra ...string) answer {
		body := map[string]any{"account": "sandbox:acme-page", "at": "2027-03-05T09:30", "text": "Nos croissants", "media": media}
		for i := 0; i+1 < len(extra); i += 2 {
			body[extra[i]] = extra[i+1]
		}
		return f.call(t, manager, http.MethodPost, "/api/clients/acme/posts", body)
	}
	unknown := post([]string{"media-initech"})
	other := post([]string{"media-globex"})
	if unknown.status != http.StatusUnprocessableEntity || !strings.Contains(string(unknown.body), "upload it first") {
		t.Errorf("an unknown image: got %d %s, want 422", unknown.status, unknown.body)
	}
	if other.status != unknown.status || strings.ReplaceAll(string(other.body), "globex", "initech") != string(unknown.body) {
		t.Errorf("another client's image: got %d %s, want the answer of an unknown one: %s", other.status, other.body, unknown.body)
	}
	for _, tt := range []struct {
		name string
		a    answer
		want string
	}{
		{"pending", post([]string{pending.ID}), "not uploaded yet"},
		{"two", post([]string{"media-acme", "media-acme"}), "sandbox takes one image or video per post"},
		{"a URL besides", post([]string{"media-acme"}, "imageUrl", "https://cdn.example/x.png"), "not both"},
	} {
		if tt.a.status != http.StatusUnprocessableEntity || !strings.Contains(detail(t, tt.a), tt.want) {
			t.Errorf("%s: got %d %s, want 422 saying %q", tt.name, tt.a.status, tt.a.body, tt.want)
		}
	}
	// Another client's image is unknown to its routes too.
	if a := f.call(t, manager, http.MethodGet, "/api/clients/acme/media/media-globex", nil); a.status != http.StatusNotFound {
		t.Errorf("another client's image by id: got %d %s, want 404", a.status, a.body)
	}
}
