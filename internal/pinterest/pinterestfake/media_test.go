package pinterestfake

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
)

// registered registers a video upload as tok and returns Pinterest's
// answer.
func (f *fixture) registered(t *testing.T, tok string) (id, uploadURL string, params map[string]string) {
	t.Helper()
	status, b := f.do(t, "POST", "/v5/media", tok, `{"media_type":"video"}`)
	var up struct {
		MediaID          string            `json:"media_id"`
		UploadURL        string            `json:"upload_url"`
		UploadParameters map[string]string `json:"upload_parameters"`
	}
	if err := json.Unmarshal(b, &up); status != 201 || err != nil {
		t.Fatalf("register: %d %s", status, b)
	}
	return up.MediaID, up.UploadURL, up.UploadParameters
}

// form is an upload form: fields, then the file, then trailing fields.
func form(t *testing.T, fields map[string]string, file []byte, after map[string]string) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", "clip.mp4")
	fw.Write(file)
	for k, v := range after {
		w.WriteField(k, v)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, w.FormDataContentType()
}

func post(t *testing.T, url string, body io.Reader, typ string, length int64) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", typ)
	req.ContentLength = length
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

var mp4 = []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom frames")

// TestUpload: a video goes up as S3 takes a browser upload, signed by the
// fields the registration gave, once; its processing takes the reads
// asked, fails for what is not a video, and only a succeeded video of
// the person's is pinned.
func TestUpload(t *testing.T) {
	tests := []struct {
		name       string
		file       []byte
		signed     bool // with the registration's policy
		afterFile  bool // the signing fields after the file, which S3 ignores
		noLength   bool
		wantStatus int
		wantFinal  string
	}{
		{name: "a video", file: mp4, signed: true, wantStatus: 204, wantFinal: Succeeded},
		{name: "not a video", file: []byte("hello"), signed: true, wantStatus: 204, wantFinal: Failed},
		{name: "a forged policy", file: mp4, wantStatus: 403, wantFinal: Registered},
		{name: "fields after the file", file: mp4, signed: true, afterFile: true, wantStatus: 403, wantFinal: Registered},
		{name: "no length", file: mp4, signed: true, noLength: true, wantStatus: 411, wantFinal: Registered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.s.ProcessingReads = 2
			id, uploadURL, params := f.registered(t, token)
			if !tt.signed {
				params["policy"] = "forged"
			}
			fields, after := params, map[string]string(nil)
			if tt.afterFile {
				fields, after = nil, params
			}
			body, typ := form(t, fields, tt.file, after)
			length := int64(body.Len())
			var r io.Reader = body
			if tt.noLength {
				// A reader of unknown length goes chunked.
				length, r = -1, io.MultiReader(body)
			}
			if got := post(t, uploadURL, r, typ, length); got != tt.wantStatus {
				t.Fatalf("upload: got %d, want %d", got, tt.wantStatus)
			}
			var statuses []string
			for range 3 {
				_, b := f.do(t, "GET", "/v5/media/"+id, token, "")
				var m struct {
					Status string `json:"status"`
				}
				json.Unmarshal(b, &m)
				statuses = append(statuses, m.Status)
			}
			want := []string{Processing, Processing, tt.wantFinal}
			if tt.wantFinal == Registered {
				want = []string{Registered, Registered, Registered}
			}
			if statuses[0] != want[0] || statuses[1] != want[1] || statuses[2] != want[2] {
				t.Errorf("statuses: got %v, want %v", statuses, want)
			}
			pin := `{"board_id":"42","media_source":{"source_type":"video_id","media_id":"` + id + `","cover_image_key_frame_time":0}}`
			wantPin := 400
			if tt.wantFinal == Succeeded {
				wantPin = 201
			}
			if status, b := f.do(t, "POST", "/v5/pins", token, pin); status != wantPin {
				t.Errorf("pin: got %d (%s), want %d", status, b, wantPin)
			}
		})
	}
}

// TestUploadIsNotShared: a person's upload is neither read nor pinned by
// another, and an upload is made once.
func TestUploadIsNotShared(t *testing.T) {
	f := newFixture(t)
	id, uploadURL, params := f.registered(t, token)
	body, typ := form(t, params, mp4, nil)
	if got := post(t, uploadURL, bytes.NewReader(body.Bytes()), typ, int64(body.Len())); got != 204 {
		t.Fatalf("upload: got %d, want 204", got)
	}
	if got := post(t, uploadURL, bytes.NewReader(body.Bytes()), typ, int64(body.Len())); got != 403 {
		t.Errorf("second upload: got %d, want 403", got)
	}
	if status, _ := f.do(t, "GET", "/v5/media/"+id, otherTk, ""); status != 404 {
		t.Errorf("another person's read: got %d, want 404", status)
	}
	pin := `{"board_id":"43","media_source":{"source_type":"video_id","media_id":"` + id + `"}}`
	if status, _ := f.do(t, "POST", "/v5/pins", otherTk, pin); status != 400 {
		t.Errorf("another person's pin: got %d, want 400", status)
	}
	if status, _ := f.do(t, "POST", "/v5/media", token, `{"media_type":"image"}`); status != 400 {
		t.Errorf("an image upload: got %d, want 400", status)
	}
}
