package linkedinfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

// mp4 is a file of size bytes that starts as an MP4 does, with its ftyp
// box.
func mp4(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = byte(i % 251)
	}
	copy(b, "\x00\x00\x00\x18ftypisom")
	return b
}

// started is initializeUpload's answer for a video.
type started struct {
	Value struct {
		Video              string `json:"video"`
		UploadToken        string `json:"uploadToken"`
		UploadURLsExpireAt int64  `json:"uploadUrlsExpireAt"`
		UploadInstructions []struct {
			UploadURL string `json:"uploadUrl"`
			FirstByte int64  `json:"firstByte"`
			LastByte  int64  `json:"lastByte"`
		} `json:"uploadInstructions"`
	} `json:"value"`
}

// videoServer is a fake with two pages, 42 (token) and 43 (otherToken),
// on a clock the test moves.
func videoServer(t *testing.T, now *time.Time) (*Server, *httptest.Server) {
	t.Helper()
	s, srv := imageServer(t)
	s.Now = func() time.Time { return *now }
	return s, srv
}

// initVideo registers a video of size bytes owned by org, as tok.
func initVideo(t *testing.T, srv *httptest.Server, tok, org string, size int) (int, started) {
	t.Helper()
	status, b := do(t, "POST", srv.URL+"/rest/videos?action=initializeUpload", tok, fmt.Sprintf(
		`{"initializeUploadRequest":{"owner":"urn:li:organization:%s","fileSizeBytes":%d,"uploadCaptions":false,"uploadThumbnail":false}}`, org, size))
	var st started
	if status == http.StatusOK {
		if err := json.Unmarshal(b, &st); err != nil || !strings.HasPrefix(st.Value.Video, "urn:li:video:") {
			t.Fatalf("initialize: got %s", b)
		}
	}
	return status, st
}

// putPart uploads part i of file to its URL, with no token, and returns
// the status and the ETag.
func putPart(t *testing.T, st started, i int, file []byte) (int, string) {
	t.Helper()
	p := st.Value.UploadInstructions[i]
	req, err := http.NewRequest("PUT", p.UploadURL, bytes.NewReader(file[p.FirstByte:p.LastByte+1]))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("ETag")
}

// finalize sends finalizeUpload as tok.
func finalize(t *testing.T, srv *httptest.Server, tok, urn, uploadToken string, etags []string) (int, string) {
	t.Helper()
	b, err := json.Marshal(map[string]any{"finalizeUploadRequest": map[string]any{"video": urn, "uploadToken": uploadToken, "uploadedPartIds": etags}})
	if err != nil {
		t.Fatal(err)
	}
	status, body := do(t, "POST", srv.URL+"/rest/videos?action=finalizeUpload", tok, string(b))
	return status, errorCode(body)
}

// videoStatuses reads a video's status n times.
func videoStatuses(t *testing.T, srv *httptest.Server, urn string, n int) []string {
	t.Helper()
	var out []string
	for range n {
		_, b := do(t, "GET", srv.URL+"/rest/videos/"+strings.ReplaceAll(urn, ":", "%3A"), token, "")
		var got struct {
			Status string `json:"status"`
		}
		_ = json.Unmarshal(b, &got)
		out = append(out, got.Status)
	}
	return out
}

// TestVideoUploads: a video goes up in 4 MB parts, each answered with an
// ETag, and is put together once finalizeUpload names every part's ETag
// in order, with the upload's token; LinkedIn then processes it, and
// fails what is not an MP4.
func TestVideoUploads(t *testing.T) {
	tests := []struct {
		name            string
		size            int
		notMP4          bool
		skip            int // a part not uploaded, or -1
		swap            bool
		otherToken      bool
		processingReads int
		wantParts       int
		wantStatus      int
		wantStatuses    []string // the next two reads
	}{
		{name: "three parts", size: 9 << 20, skip: -1, wantParts: 3, wantStatus: 200, wantStatuses: []string{Available, Available}},
		{name: "processed after a read", size: 9 << 20, skip: -1, processingReads: 1, wantParts: 3, wantStatus: 200, wantStatuses: []string{Processing, Available}},
		{name: "one part, no token", size: 100 << 10, skip: -1, wantParts: 1, wantStatus: 200, wantStatuses: []string{Available, Available}},
		{name: "exactly two parts", size: 2 * PartBytes, skip: -1, wantParts: 2, wantStatus: 200, wantStatuses: []string{Available, Available}},
		{name: "not an MP4", size: 5 << 20, notMP4: true, skip: -1, wantParts: 2, wantStatus: 200, wantStatuses: []string{ProcessingFailed, ProcessingFailed}},
		{name: "a part missing", size: 9 << 20, skip: 1, wantParts: 3, wantStatus: 400, wantStatuses: []string{WaitingUpload, WaitingUpload}},
		{name: "ETags out of order", size: 9 << 20, skip: -1, swap: true, wantParts: 3, wantStatus: 400, wantStatuses: []string{WaitingUpload, WaitingUpload}},
		{name: "another upload's token", size: 9 << 20, skip: -1, otherToken: true, wantParts: 3, wantStatus: 400, wantStatuses: []string{WaitingUpload, WaitingUpload}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			s, srv := videoServer(t, &now)
			s.ProcessingReads = tt.processingReads
			file := mp4(tt.size)
			if tt.notMP4 {
				file[5] = 'X'
			}
			status, st := initVideo(t, srv, token, "42", tt.size)
			if status != 200 || len(st.Value.UploadInstructions) != tt.wantParts {
				t.Fatalf("initialize: got %d with %d parts, want 200 with %d", status, len(st.Value.UploadInstructions), tt.wantParts)
			}
			if got, want := st.Value.UploadToken == "", tt.wantParts == 1; got != want {
				t.Errorf("no upload token: got %v, want %v", got, want)
			}
			etags := make([]string, tt.wantParts)
			for i := range etags {
				if i == tt.skip {
					etags[i] = "never-uploaded"
					continue
				}
				var status int
				if status, etags[i] = putPart(t, st, i, file); status != 200 || etags[i] == "" {
					t.Fatalf("part %d: got %d with ETag %q, want 200 with one", i, status, etags[i])
				}
			}
			if tt.swap {
				etags[0], etags[1] = etags[1], etags[0]
			}
			uploadToken := st.Value.UploadToken
			if tt.otherToken {
				uploadToken = "not-this-one"
			}
			if status, code := finalize(t, srv, token, st.Value.Video, uploadToken, etags); status != tt.wantStatus {
				t.Errorf("finalize: got %d %q, want %d", status, code, tt.wantStatus)
			}
			if got, want := videoStatuses(t, srv, st.Value.Video, 2), tt.wantStatuses; strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("statuses: got %v, want %v", got, want)
			}
			videos := s.Videos("42")
			if len(videos) != 1 {
				t.Fatalf("videos: got %d, want 1", len(videos))
			}
			if got, want := bytes.Equal(videos[0].Bytes, file), tt.wantStatus == 200; got != want {
				t.Errorf("bytes put together: got %v, want %v (%d bytes)", got, want, len(videos[0].Bytes))
			}
		})
	}
}

// TestVideoInitialize: a page's video is 75 KB to 500 MB, without
// captions or thumbnail, cut in 4 MB parts.
func TestVideoInitialize(t *testing.T) {
	tests := []struct {
		name, tok, org, body string
		size                 int
		wantStatus           int
		wantCode             string
		wantParts            int
	}{
		{name: "smallest", tok: token, org: "42", size: 75 << 10, wantStatus: 200, wantParts: 1},
		{name: "largest", tok: token, org: "42", size: 500 << 20, wantStatus: 200, wantParts: 125},
		{name: "too small", tok: token, org: "42", size: 75<<10 - 1, wantStatus: 422, wantCode: "INVALID_VALUE"},
		{name: "too large", tok: token, org: "42", size: 500<<20 + 1, wantStatus: 422, wantCode: "INVALID_VALUE"},
		{name: "another page", tok: otherToken, org: "42", size: 1 << 20, wantStatus: 403, wantCode: "ACCESS_DENIED"},
		{name: "with captions", tok: token, body: `{"initializeUploadRequest":{"owner":"urn:li:organization:42","fileSizeBytes":1048576,"uploadCaptions":true}}`, wantStatus: 400, wantCode: "ILLEGAL_ARGUMENT"},
		{name: "a person", tok: token, body: `{"initializeUploadRequest":{"owner":"urn:li:person:7","fileSizeBytes":1048576}}`, wantStatus: 422, wantCode: "INVALID_VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			_, srv := videoServer(t, &now)
			if tt.body != "" {
				if status, code := send(t, srv, "POST", "/rest/videos?action=initializeUpload", tt.body); status != tt.wantStatus || code != tt.wantCode {
					t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
				}
				return
			}
			status, st := initVideo(t, srv, tt.tok, tt.org, tt.size)
			if status != tt.wantStatus || len(st.Value.UploadInstructions) != tt.wantParts {
				t.Fatalf("got %d with %d parts, want %d with %d", status, len(st.Value.UploadInstructions), tt.wantStatus, tt.wantParts)
			}
			if tt.wantParts == 0 {
				return
			}
			last := st.Value.UploadInstructions[tt.wantParts-1]
			if got, want := last.LastByte, int64(tt.size-1); got != want {
				t.Errorf("last byte: got %d, want %d", got, want)
			}
			if got, want := st.Value.UploadURLsExpireAt, now.Add(time.Hour).UnixMilli(); got != want {
				t.Errorf("URLs expire at: got %d, want %d", got, want)
			}
		})
	}
}

// TestVideoParts: a part's URL takes exactly its bytes, while the URL
// lasts, until the video is finalized; faults reach it too.
func TestVideoParts(t *testing.T) {
	file := mp4(9 << 20)
	tests := []struct {
		name       string
		part       int
		body       []byte
		method     string
		badSig     bool
		advance    time.Duration
		fault      netfake.Fault
		finalized  bool
		wantStatus int
	}{
		{name: "a whole part", part: 0, body: file[:PartBytes], wantStatus: 200},
		{name: "the last, shorter part", part: 2, body: file[2*PartBytes:], wantStatus: 200},
		{name: "a short part", part: 0, body: file[:PartBytes-1], wantStatus: 400},
		{name: "a long part", part: 2, body: file[2*PartBytes-1:], wantStatus: 400},
		{name: "unsigned", part: 0, body: file[:PartBytes], badSig: true, wantStatus: 404},
		{name: "URL expired", part: 0, body: file[:PartBytes], advance: time.Hour, wantStatus: 403},
		// The server answers these without reading the body: a short one
		// spares the test the server's wait for a long one.
		{name: "not a PUT", part: 0, body: file[:10], method: "POST", wantStatus: 405},
		{name: "server error", part: 0, body: file[:10], fault: netfake.ServerError, wantStatus: 500},
		{name: "after finalizeUpload", part: 0, body: file[:PartBytes], finalized: true, wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			s, srv := videoServer(t, &now)
			_, st := initVideo(t, srv, token, "42", len(file))
			if tt.finalized {
				etags := make([]string, 3)
				for i := range etags {
					_, etags[i] = putPart(t, st, i, file)
				}
				if status, _ := finalize(t, srv, token, st.Value.Video, st.Value.UploadToken, etags); status != 200 {
					t.Fatalf("finalize: got %d, want 200", status)
				}
			}
			now = now.Add(tt.advance)
			s.Faults.FailNext(1, tt.fault)
			u := st.Value.UploadInstructions[tt.part].UploadURL
			if tt.badSig {
				u = strings.Replace(u, "sig=", "sig=x", 1)
			}
			method := cmpOr(tt.method, "PUT")
			req, err := http.NewRequest(method, u, bytes.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got, want := resp.StatusCode, tt.wantStatus; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
			if got, want := resp.Header.Get("ETag") != "", tt.wantStatus == 200; got != want {
				t.Errorf("ETag given: got %v, want %v", got, want)
			}
		})
	}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// TestVideoReads: a video is read and finalized with its owner's token
// only, and finalized once.
func TestVideoReads(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	_, srv := videoServer(t, &now)
	file := mp4(1 << 20)
	_, st := initVideo(t, srv, token, "42", len(file))
	_, etag := putPart(t, st, 0, file)
	urn := st.Value.Video
	if status, _ := finalize(t, srv, otherToken, urn, "", []string{etag}); status != 403 {
		t.Errorf("finalize by another page: got %d, want 403", status)
	}
	if status, _ := finalize(t, srv, token, urn, "", []string{etag}); status != 200 {
		t.Fatalf("finalize: got %d, want 200", status)
	}
	tests := []struct {
		name       string
		do         func() (int, string)
		wantStatus int
		wantCode   string
	}{
		{"owner", func() (int, string) { return send(t, srv, "GET", "/rest/videos/"+urn, "") }, 200, ""},
		{"another page", func() (int, string) {
			status, b := do(t, "GET", srv.URL+"/rest/videos/"+urn, otherToken, "")
			return status, errorCode(b)
		}, 403, "ACCESS_DENIED"},
		{"unknown", func() (int, string) { return send(t, srv, "GET", "/rest/videos/urn:li:video:D5610AQ0", "") }, 404, "NOT_FOUND"},
		{"finalized again", func() (int, string) { return finalize(t, srv, token, urn, "", []string{etag}) }, 400, "ILLEGAL_ARGUMENT"},
		{"unknown action", func() (int, string) { return send(t, srv, "POST", "/rest/videos?action=delete", "{}") }, 400, "ILLEGAL_ARGUMENT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, code := tt.do(); status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

// TestMediaPosts: a post carries one AVAILABLE video of its author with
// its title, or 2 to 20 of its images as content.multiImage, each with
// its alternative text; the fake keeps them as posted.
func TestMediaPosts(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s, srv := videoServer(t, &now)
	s.ProcessingReads = 1
	image := func() string {
		urn, uploadURL := initialize(t, srv, token, "42")
		do(t, "PUT", uploadURL, token, tinyPNG(t))
		statuses(t, srv, token, urn, 2)
		return urn
	}
	video := func(reads int) string {
		file := mp4(1 << 20)
		_, st := initVideo(t, srv, token, "42", len(file))
		_, etag := putPart(t, st, 0, file)
		finalize(t, srv, token, st.Value.Video, "", []string{etag})
		videoStatuses(t, srv, st.Value.Video, reads)
		return st.Value.Video
	}
	ready, processing := video(2), video(0)
	var images []map[string]string
	for i := range 21 {
		images = append(images, map[string]string{"id": image(), "altText": fmt.Sprintf("photo %d", i+1)})
	}
	multi := func(imgs ...map[string]string) map[string]any {
		return map[string]any{"multiImage": map[string]any{"images": imgs}}
	}
	tests := []struct {
		name       string
		content    any
		wantStatus int
	}{
		{"a video with its title", map[string]any{"media": map[string]string{"id": ready, "title": "Le salon en 30 s"}}, 201},
		{"a video still processing", map[string]any{"media": map[string]string{"id": processing}}, 422},
		{"two images", multi(images[0], images[1]), 201},
		{"twenty images", multi(images[:20]...), 201},
		{"one image", multi(images[0]), 422},
		{"twenty-one images", multi(images...), 422},
		{"a video among images", multi(images[0], map[string]string{"id": ready}), 422},
		{"a description too long", multi(images[0], map[string]string{"id": images[1]["id"], "altText": strings.Repeat("é", 4087)}), 422},
		{"media and images", map[string]any{"media": map[string]string{"id": ready}, "multiImage": map[string]any{"images": images[:2]}}, 422},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, code := send(t, srv, "POST", "/rest/posts", imagePost(t, "42", fmt.Sprintf("post %d", i), tt.content)); status != tt.wantStatus {
				t.Errorf("got %d %q, want %d", status, code, tt.wantStatus)
			}
		})
	}
	posts := s.Posts("42")
	if len(posts) != 3 {
		t.Fatalf("posts: got %d, want 3", len(posts))
	}
	if got, want := posts[0].Media, (Media{ID: ready, Title: "Le salon en 30 s"}); got != want {
		t.Errorf("video post: got %+v, want %+v", got, want)
	}
	for i, p := range posts[1:] {
		if got, want := len(p.Images), []int{2, 20}[i]; got != want || p.Media.ID != "" {
			t.Errorf("multiImage post %d: got %d images and media %q, want %d and none", i, got, p.Media.ID, want)
			continue
		}
		for j, m := range p.Images {
			if got, want := m, (Media{ID: images[j]["id"], AltText: images[j]["altText"]}); got != want {
				t.Errorf("post %d image %d: got %+v, want %+v", i, j, got, want)
			}
		}
	}
}
