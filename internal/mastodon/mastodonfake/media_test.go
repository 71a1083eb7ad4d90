package mastodonfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

var png = []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 2000))

// upload sends POST /api/v2/media: the file with its type, unless typ is
// empty, and the description, unless empty.
func (in *instance) upload(t *testing.T, token, typ string, file []byte, description string) answer {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if description != "" {
		w.WriteField("description", description)
	}
	if typ != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="photo"`)
		h.Set("Content-Type", typ)
		part, _ := w.CreatePart(h)
		part.Write(file)
	}
	w.Close()
	req, err := http.NewRequest(http.MethodPost, in.srv.URL+"/api/v2/media", &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return roundTrip(t, req)
}

// attachment is what the tests read of a MediaAttachment.
type attachment struct {
	ID          string  `json:"id"`
	URL         *string `json:"url"`
	Description *string `json:"description"`
}

func mediaOf(t *testing.T, a answer) attachment {
	t.Helper()
	var m attachment
	if err := json.Unmarshal([]byte(a.body), &m); err != nil || m.ID == "" {
		t.Fatalf("answer %d %s: no media id", a.status, a.body)
	}
	return m
}

func TestUploadMedia(t *testing.T) {
	tests := []struct {
		name        string
		setup       func(*Server)
		token, typ  string
		file        []byte
		description string
		wantStatus  int
		wantBody    string
	}{
		{name: "image with alt", token: "tok-a", typ: "image/png", file: png, description: "Une tarte", wantStatus: 200, wantBody: `"description":"Une tarte"`},
		{name: "no alt", token: "tok-a", typ: "image/jpeg", file: png, wantStatus: 200, wantBody: `"description":null`},
		{name: "processing", setup: func(s *Server) { s.ProcessingReads = 1 }, token: "tok-a", typ: "image/png", file: png, wantStatus: 202, wantBody: `"url":null`},
		{name: "no token", typ: "image/png", file: png, wantStatus: 401, wantBody: `{"error":"The access token is invalid"}`},
		{name: "no file", token: "tok-a", description: "x", wantStatus: 422, wantBody: `Validation failed: File can't be blank`},
		{name: "type refused", token: "tok-a", typ: "image/bmp", file: png, wantStatus: 422, wantBody: `Validation failed: File content type is invalid, File is invalid`},
		{name: "not an image", token: "tok-a", typ: "application/pdf", file: png, wantStatus: 422, wantBody: `File content type is invalid`},
		{name: "too big", setup: func(s *Server) { s.ImageSizeLimit = 1 << 10 }, token: "tok-a", typ: "image/png", file: png,
			wantStatus: 422, wantBody: `Validation failed: File must be less than 1 KB, File file size must be less than 1 KB`},
		{name: "alt too long", token: "tok-a", typ: "image/png", file: png, description: strings.Repeat("é", 1501),
			wantStatus: 422, wantBody: `Validation failed: Description is too long (maximum is 1500 characters)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(t)
			if tt.setup != nil {
				tt.setup(in.fake)
			}
			a := in.upload(t, tt.token, tt.typ, tt.file, tt.description)
			if a.status != tt.wantStatus || !strings.Contains(a.body, tt.wantBody) {
				t.Errorf("answer: got %d %s, want %d with %s", a.status, a.body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestHumanSize(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want string
	}{{1000, "1000 Bytes"}, {1 << 10, "1 KB"}, {1536, "1.5 KB"}, {DefaultImageSizeLimit, "16 MB"}, {10 << 20, "10 MB"}} {
		if got := humanSize(tt.n); got != tt.want {
			t.Errorf("humanSize(%d): got %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestMediaProcessing: an upload still processing reads 206 with a null
// url until it is done, 422 when it could not be processed, and cannot
// be attached before.
func TestMediaProcessing(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*Server)
		wantReads  []int
		wantAttach int
	}{
		{"at once", func(*Server) {}, []int{200}, 200},
		{"two reads", func(s *Server) { s.ProcessingReads = 2 }, []int{206, 206, 200}, 200},
		{"failed", func(s *Server) { s.FailProcessing = true }, []int{422}, 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(t)
			tt.setup(in.fake)
			m := mediaOf(t, in.upload(t, "tok-a", "image/png", png, "alt"))
			attach := url.Values{"status": {"hi"}, "media_ids[]": {m.ID}}.Encode()
			if len(tt.wantReads) > 1 {
				if a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", attach); a.status != 422 || !strings.Contains(a.body, "not finished processing") {
					t.Errorf("attached while processing: got %d %s, want 422", a.status, a.body)
				}
			}
			for i, want := range tt.wantReads {
				a := in.send(t, http.MethodGet, "/api/v1/media/"+m.ID, "tok-a", "", "")
				if a.status != want {
					t.Fatalf("read %d: got %d %s, want %d", i+1, a.status, a.body, want)
				}
				if want != 422 && (mediaOf(t, a).URL != nil) != (want == 200) {
					t.Errorf("read %d: got %s, want a url only once processed", i+1, a.body)
				}
			}
			if a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", attach); a.status != tt.wantAttach {
				t.Errorf("attach: got %d %s, want %d", a.status, a.body, tt.wantAttach)
			}
		})
	}
}

// TestStatusMedia: a status takes its own account's unattached, processed
// media, in order, and may then have no text; anything else is refused
// with Mastodon's message.
func TestStatusMedia(t *testing.T) {
	tests := []struct {
		name       string
		ids        func(mine, theirs, used string) []string
		text       string
		wantStatus int
		wantBody   string
	}{
		{"own media", func(mine, _, _ string) []string { return []string{mine} }, "hi", 200, `"description":"alt"`},
		{"media alone", func(mine, _, _ string) []string { return []string{mine} }, "", 200, `"media_attachments":[{`},
		{"unknown", func(string, string, string) []string { return []string{"42"} }, "hi", 422, `{"error":"Media 42 not found or already attached to another post"}`},
		{"another account's", func(_, theirs, _ string) []string { return []string{theirs} }, "hi", 422, `not found or already attached to another post`},
		{"already attached", func(_, _, used string) []string { return []string{used} }, "hi", 422, `not found or already attached to another post`},
		{"too many", func(mine, _, _ string) []string { return []string{mine, mine, mine, mine, mine} }, "hi", 422, `Cannot attach more than 4 files`},
		{"no media, no text", func(string, string, string) []string { return nil }, "", 422, `Text can't be blank`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(t)
			mine := mediaOf(t, in.upload(t, "tok-a", "image/png", png, "alt")).ID
			theirs := mediaOf(t, in.upload(t, "tok-b", "image/png", png, "alt")).ID
			used := mediaOf(t, in.upload(t, "tok-a", "image/png", png, "alt")).ID
			in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", url.Values{"status": {"first"}, "media_ids[]": {used}}.Encode())

			a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", url.Values{"status": {tt.text}, "media_ids[]": tt.ids(mine, theirs, used)}.Encode())
			if a.status != tt.wantStatus || !strings.Contains(a.body, tt.wantBody) {
				t.Errorf("answer: got %d %s, want %d with %s", a.status, a.body, tt.wantStatus, tt.wantBody)
			}
			if tt.wantStatus != 200 {
				return
			}
			got := in.fake.Statuses("relais")
			if st := got[len(got)-1]; len(st.Media) != 1 || st.Media[0].ID != mine || st.Media[0].StatusID != st.ID || st.Media[0].Description != "alt" {
				t.Errorf("status media: got %+v, want %s described alt", st.Media, mine)
			}
			if a := in.send(t, http.MethodGet, "/api/v1/media/"+mine, "tok-a", "", ""); a.status != 404 {
				t.Errorf("read of attached media: got %d, want 404", a.status)
			}
		})
	}
}

// TestMediaRepeatKey: a known Idempotency-Key answers the status it made
// before the media are looked at, so a retry's new upload stays
// unattached.
func TestMediaRepeatKey(t *testing.T) {
	in := newInstance(t)
	first := mediaOf(t, in.upload(t, "tok-a", "image/png", png, "alt")).ID
	id := statusID(t, in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "k1", url.Values{"status": {"hi"}, "media_ids[]": {first}}.Encode()))
	second := mediaOf(t, in.upload(t, "tok-a", "image/png", png, "alt")).ID
	again := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "k1", url.Values{"status": {"hi"}, "media_ids[]": {second}}.Encode())
	if got := statusID(t, again); got != id || !strings.Contains(again.body, fmt.Sprintf(`"id":"%s"`, first)) {
		t.Errorf("repeat: got status %s %s, want %s with media %s", got, again.body, id, first)
	}
	if a := in.send(t, http.MethodGet, "/api/v1/media/"+second, "tok-a", "", ""); a.status != 200 {
		t.Errorf("read of the retry's upload: got %d, want 200 (unattached)", a.status)
	}
}

// mp4 is a few bytes standing for a video: the fake reads only the type.
var mp4 = []byte("\x00\x00\x00\x18ftypmp42" + strings.Repeat("v", 4000))

// TestUploadVideo: a video is always processed in the background (202, a
// null url), up to the instance's video size limit.
func TestUploadVideo(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(*Server)
		typ        string
		wantStatus int
		wantBody   string
	}{
		{name: "mp4", typ: "video/mp4", wantStatus: 202, wantBody: `"type":"video","url":null`},
		{name: "quicktime", typ: "video/quicktime", wantStatus: 202, wantBody: `"url":null`},
		{name: "webm", typ: "video/webm", wantStatus: 202, wantBody: `"description":"Le chef en cuisine"`},
		{name: "over the video limit", setup: func(s *Server) { s.VideoSizeLimit = 1 << 10 }, typ: "video/mp4",
			wantStatus: 422, wantBody: `Validation failed: File must be less than 1 KB`},
		{name: "within the video limit, over the image one", setup: func(s *Server) { s.ImageSizeLimit = 1 << 10 }, typ: "video/mp4", wantStatus: 202},
		{name: "not a type Mastodon takes", typ: "video/x-msvideo", wantStatus: 422, wantBody: `File content type is invalid`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(t)
			if tt.setup != nil {
				tt.setup(in.fake)
			}
			a := in.upload(t, "tok-a", tt.typ, mp4, "Le chef en cuisine")
			if a.status != tt.wantStatus || !strings.Contains(a.body, tt.wantBody) {
				t.Errorf("answer: got %d %s, want %d with %s", a.status, a.body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

// TestVideoProcessing: a video reads 206 for VideoProcessingReads reads,
// then 200 with its url; it cannot be attached before.
func TestVideoProcessing(t *testing.T) {
	in := newInstance(t)
	in.fake.VideoProcessingReads = 2
	m := mediaOf(t, in.upload(t, "tok-a", "video/mp4", mp4, "alt"))
	attach := url.Values{"status": {"hi"}, "media_ids[]": {m.ID}}.Encode()
	if a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", attach); a.status != 422 || !strings.Contains(a.body, "not finished processing") {
		t.Errorf("attached while processing: got %d %s, want 422", a.status, a.body)
	}
	var got []int
	for range 3 {
		got = append(got, in.send(t, http.MethodGet, "/api/v1/media/"+m.ID, "tok-a", "", "").status)
	}
	if want := []int{206, 206, 200}; !slices.Equal(got, want) {
		t.Errorf("reads: got %v, want %v", got, want)
	}
	if a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", attach); a.status != 200 || !strings.Contains(a.body, `"type":"video"`) {
		t.Errorf("attach: got %d %s, want 200 with the video", a.status, a.body)
	}
	st := in.fake.Statuses("relais")
	if len(st) != 1 || len(st[0].Media) != 1 || !st[0].Media[0].IsVideo() {
		t.Errorf("statuses: got %+v, want one with its video", st)
	}
}

// TestVideoAlone: a video goes alone; four images go together.
func TestVideoAlone(t *testing.T) {
	tests := []struct {
		name       string
		types      []string
		wantStatus int
		wantBody   string
	}{
		{"four images", []string{"image/png", "image/jpeg", "image/png", "image/webp"}, 200, `"media_attachments":[{`},
		{"one video", []string{"video/mp4"}, 200, `"type":"video"`},
		{"a video with an image", []string{"image/png", "video/mp4"}, 422, `{"error":"Cannot attach a video to a post that already contains images"}`},
		{"two videos", []string{"video/mp4", "video/webm"}, 422, `Cannot attach a video to a post that already contains images`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(t)
			var ids []string
			for _, typ := range tt.types {
				ids = append(ids, mediaOf(t, in.upload(t, "tok-a", typ, png, "alt")).ID)
			}
			a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", url.Values{"status": {"hi"}, "media_ids[]": ids}.Encode())
			if a.status != tt.wantStatus || !strings.Contains(a.body, tt.wantBody) {
				t.Errorf("answer: got %d %s, want %d with %s", a.status, a.body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

// TestUnattachedCleanup: an upload no status uses is gone after a day.
func TestUnattachedCleanup(t *testing.T) {
	in := newInstance(t)
	m := mediaOf(t, in.upload(t, "tok-a", "image/png", png, "alt"))
	in.advance(23 * time.Hour)
	if a := in.send(t, http.MethodGet, "/api/v1/media/"+m.ID, "tok-a", "", ""); a.status != 200 {
		t.Errorf("read after 23 h: got %d, want 200", a.status)
	}
	in.advance(time.Hour)
	if a := in.send(t, http.MethodGet, "/api/v1/media/"+m.ID, "tok-a", "", ""); a.status != 404 {
		t.Errorf("read after a day: got %d, want 404", a.status)
	}
	a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "", url.Values{"status": {"hi"}, "media_ids[]": {m.ID}}.Encode())
	if a.status != 422 || !strings.Contains(a.body, "not found") {
		t.Errorf("attach after a day: got %d %s, want 422 not found", a.status, a.body)
	}
}
