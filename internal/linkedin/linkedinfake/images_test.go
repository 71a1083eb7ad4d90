package linkedinfake

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const otherToken = "tok-globex"

// tinyPNG is an image LinkedIn processes.
func tinyPNG(t *testing.T) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// imageServer is a fake with two pages, 42 (token) and 43 (otherToken).
func imageServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New()
	s.RegisterOrganization("42", token)
	s.RegisterOrganization("43", otherToken)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// initialize registers an image of org as tok and returns its URN and
// upload URL.
func initialize(t *testing.T, srv *httptest.Server, tok, org string) (urn, uploadURL string) {
	t.Helper()
	status, b := do(t, "POST", srv.URL+"/rest/images?action=initializeUpload", tok, `{"initializeUploadRequest":{"owner":"urn:li:organization:`+org+`"}}`)
	var got struct {
		Value struct {
			UploadURL string `json:"uploadUrl"`
			Image     string `json:"image"`
		} `json:"value"`
	}
	if err := json.Unmarshal(b, &got); status != http.StatusOK || err != nil || !strings.HasPrefix(got.Value.Image, "urn:li:image:") {
		t.Fatalf("initialize: got %d %s", status, b)
	}
	return got.Value.Image, got.Value.UploadURL
}

// statuses reads an image's status n times.
func statuses(t *testing.T, srv *httptest.Server, tok, urn string, n int) []string {
	t.Helper()
	var out []string
	for range n {
		_, b := do(t, "GET", srv.URL+"/rest/images/"+strings.ReplaceAll(urn, ":", "%3A"), tok, "")
		var got struct {
			Status string `json:"status"`
		}
		_ = json.Unmarshal(b, &got)
		out = append(out, got.Status)
	}
	return out
}

// TestImageUploads: an upload goes to the URL initializeUpload gave, with
// the owner's token; LinkedIn then processes it, and fails what is not a
// JPEG, PNG or GIF of fewer than 36,152,320 pixels.
func TestImageUploads(t *testing.T) {
	png := tinyPNG(t)
	tests := []struct {
		name         string
		method, body string
		tok          string
		badSig       bool
		wantStatus   int
		wantStatuses []string // the next two reads
	}{
		{name: "png", method: "PUT", body: png, tok: token, wantStatus: 201, wantStatuses: []string{Processing, Available}},
		// 7000 × 6000 pixels, read from the GIF's header.
		{name: "too many pixels", method: "PUT", body: "GIF89a\x58\x1b\x70\x17\x00\x00\x00", tok: token, wantStatus: 201, wantStatuses: []string{Processing, ProcessingFailed}},
		{name: "webp", method: "PUT", body: "RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00", tok: token, wantStatus: 201, wantStatuses: []string{Processing, ProcessingFailed}},
		{name: "not an image", method: "PUT", body: "<html>", tok: token, wantStatus: 201, wantStatuses: []string{Processing, ProcessingFailed}},
		{name: "unsigned", method: "PUT", body: png, tok: token, badSig: true, wantStatus: 404, wantStatuses: []string{WaitingUpload, WaitingUpload}},
		{name: "another page's token", method: "PUT", body: png, tok: otherToken, wantStatus: 401, wantStatuses: []string{WaitingUpload, WaitingUpload}},
		{name: "not a PUT", method: "POST", body: png, tok: token, wantStatus: 405, wantStatuses: []string{WaitingUpload, WaitingUpload}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := imageServer(t)
			s.ProcessingReads = 1
			urn, uploadURL := initialize(t, srv, token, "42")
			if tt.badSig {
				uploadURL = strings.Replace(uploadURL, "sig=", "sig=x", 1)
			}
			if status, b := do(t, tt.method, uploadURL, tt.tok, tt.body); status != tt.wantStatus {
				t.Errorf("upload: got %d %s, want %d", status, b, tt.wantStatus)
			}
			if got, want := statuses(t, srv, token, urn, 2), tt.wantStatuses; strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("statuses: got %v, want %v", got, want)
			}
		})
	}
}

// TestImageReads: an image is read with its owner's token only, and is
// uploaded once.
func TestImageReads(t *testing.T) {
	_, srv := imageServer(t)
	urn, uploadURL := initialize(t, srv, token, "42")
	if status, _ := do(t, "PUT", uploadURL, token, tinyPNG(t)); status != 201 {
		t.Fatalf("upload: got %d, want 201", status)
	}
	tests := []struct {
		name, method, url, tok string
		wantStatus             int
		wantCode               string
	}{
		{"owner", "GET", srv.URL + "/rest/images/" + urn, token, 200, ""},
		{"another page", "GET", srv.URL + "/rest/images/" + urn, otherToken, 403, "ACCESS_DENIED"},
		{"unknown", "GET", srv.URL + "/rest/images/urn:li:image:C4E10AQ0", token, 404, "NOT_FOUND"},
		{"second upload", "PUT", uploadURL, token, 400, "ILLEGAL_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, b := do(t, tt.method, tt.url, tt.tok, tinyPNG(t))
			if code := errorCode(b); status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

// imagePost is a post by an organization carrying an image.
func imagePost(t *testing.T, org, commentary string, content any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"author": "urn:li:organization:" + org, "commentary": commentary, "visibility": "PUBLIC",
		"distribution": map[string]any{"feedDistribution": "MAIN_FEED"}, "lifecycleState": "PUBLISHED", "content": content,
	})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestImagePosts: a post carries an AVAILABLE image of its author, with
// its alternative text, and is listed with them.
func TestImagePosts(t *testing.T) {
	_, srv := imageServer(t)
	uploaded := func(tok, org string) string {
		urn, uploadURL := initialize(t, srv, tok, org)
		if status, _ := do(t, "PUT", uploadURL, tok, tinyPNG(t)); status != 201 {
			t.Fatalf("upload: got %d, want 201", status)
		}
		return urn
	}
	ours, theirs := uploaded(token, "42"), uploaded(otherToken, "43")
	waiting, _ := initialize(t, srv, token, "42")
	media := func(urn, alt string) map[string]any {
		return map[string]any{"media": map[string]string{"id": urn, "altText": alt}}
	}
	tests := []struct {
		name       string
		body       string
		wantStatus int
		wantCode   string
	}{
		{"with its description", imagePost(t, "42", "Le stand", media(ours, "Notre stand B12")), 201, ""},
		{"without commentary", imagePost(t, "42", "", media(ours, "")), 201, ""},
		{"not uploaded yet", imagePost(t, "42", "Bientôt", media(waiting, "")), 422, "INVALID_VALUE"},
		{"another page's image", imagePost(t, "42", "Pas à nous", media(theirs, "")), 422, "INVALID_VALUE"},
		{"unknown image", imagePost(t, "42", "Inconnue", media("urn:li:image:C4E10AQ0", "")), 422, "INVALID_VALUE"},
		{"description too long", imagePost(t, "42", "Longue", media(ours, strings.Repeat("é", 4087))), 422, "INVALID_VALUE"},
		{"content without media", imagePost(t, "42", "Vide", map[string]any{}), 422, "INVALID_VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, code := send(t, srv, "POST", "/rest/posts", tt.body); status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
		})
	}

	_, b := do(t, "GET", srv.URL+"/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A42&sortBy=CREATED", token, "")
	var list struct {
		Elements []struct {
			Commentary string `json:"commentary"`
			Content    *struct {
				Media Media `json:"media"`
			} `json:"content"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(b, &list); err != nil || len(list.Elements) != 2 {
		t.Fatalf("list: got %s, want the two posts made", b)
	}
	// Newest first.
	want := []Media{{ID: ours}, {ID: ours, AltText: "Notre stand B12"}}
	for i, p := range list.Elements {
		if p.Content == nil || p.Content.Media != want[i] {
			t.Errorf("post %d: got content %+v, want media %+v", i, p.Content, want[i])
		}
	}
}

// TestImagePostAfterProcessing: a post carries an image only once
// LinkedIn has processed it.
func TestImagePostAfterProcessing(t *testing.T) {
	s, srv := imageServer(t)
	s.ProcessingReads = 2
	urn, uploadURL := initialize(t, srv, token, "42")
	do(t, "PUT", uploadURL, token, tinyPNG(t))
	post := imagePost(t, "42", "Prête ?", map[string]any{"media": map[string]string{"id": urn}})
	for i, want := range []int{422, 422, 201} {
		statuses(t, srv, token, urn, 1)
		if status, _ := send(t, srv, "POST", "/rest/posts", post); status != want {
			t.Errorf("post after %d reads: got %d, want %d", i+1, status, want)
		}
	}
}
