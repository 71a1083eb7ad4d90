package xfake

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

var (
	pngFile = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 200)...)
	gifFile = append([]byte("GIF89a"), make([]byte, 200)...)
	mp4File = append([]byte("\x00\x00\x00\x18ftypmp42"), make([]byte, 300)...)
)

// jsonBody encodes v, []byte as base64 as X takes it.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// initUpload starts an upload and returns its media id.
func (f *fake) initUpload(t *testing.T, token, category, typ string, total int) string {
	t.Helper()
	status, _, body := f.call(t, "POST", "/2/media/upload/initialize", token, jsonBody(t, map[string]any{"media_category": category, "media_type": typ, "total_bytes": total}))
	if status != 200 {
		t.Fatalf("initialize: %d %s", status, body)
	}
	var out struct {
		Data struct{ ID string } `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Data.ID == "" {
		t.Fatalf("initialize: %s: no id (%v)", body, err)
	}
	return out.Data.ID
}

// upload sends a whole file in one chunk and finalizes it.
func (f *fake) upload(t *testing.T, token, category, typ string, file []byte) string {
	t.Helper()
	id := f.initUpload(t, token, category, typ, len(file))
	if status, _, body := f.call(t, "POST", "/2/media/upload/"+id+"/append", token, jsonBody(t, map[string]any{"segment_index": 0, "media": file})); status != 200 {
		t.Fatalf("append: %d %s", status, body)
	}
	if status, _, body := f.call(t, "POST", "/2/media/upload/"+id+"/finalize", token, ""); status != 200 {
		t.Fatalf("finalize: %d %s", status, body)
	}
	return id
}

func TestInitUpload(t *testing.T) {
	tests := []struct {
		name       string
		token      string
		body       string
		wantStatus int
		wantInBody string
	}{
		{"image", "tok-acme", `{"media_category":"tweet_image","media_type":"image/png","total_bytes":1000}`, 200, `"media_key":"3_`},
		{"gif", "tok-acme", `{"media_category":"tweet_gif","media_type":"image/gif","total_bytes":1000}`, 200, `"media_key":"16_`},
		{"gif without category", "tok-acme", `{"media_type":"image/gif","total_bytes":1000}`, 200, `"media_key":"16_`},
		{"largest image", "tok-acme", `{"media_category":"tweet_image","media_type":"image/jpeg","total_bytes":` + strconv.Itoa(MaxImageBytes) + `}`, 200, `"expires_after_secs":86400`},
		{"image too big", "tok-acme", `{"media_category":"tweet_image","media_type":"image/jpeg","total_bytes":` + strconv.Itoa(MaxImageBytes+1) + `}`, 400, "File size exceeds 5242880 bytes."},
		{"gif too big", "tok-acme", `{"media_category":"tweet_gif","media_type":"image/gif","total_bytes":` + strconv.Itoa(MaxGIFBytes+1) + `}`, 400, "File size exceeds 15728640 bytes."},
		{"type refused", "tok-acme", `{"media_category":"tweet_image","media_type":"image/bmp","total_bytes":1000}`, 400, `media type \"image/bmp\" is not supported`},
		{"video", "tok-acme", `{"media_category":"tweet_video","media_type":"video/mp4","total_bytes":1000}`, 200, `"media_key":"7_`},
		{"QuickTime video without category", "tok-acme", `{"media_type":"video/quicktime","total_bytes":1000}`, 200, `"media_key":"7_`},
		{"largest video", "tok-acme", `{"media_category":"tweet_video","media_type":"video/mp4","total_bytes":` + strconv.Itoa(MaxVideoBytes) + `}`, 200, `"media_key":"7_`},
		{"video too big", "tok-acme", `{"media_category":"tweet_video","media_type":"video/mp4","total_bytes":` + strconv.Itoa(MaxVideoBytes+1) + `}`, 400, "File size exceeds 536870912 bytes."},
		{"video type refused", "tok-acme", `{"media_category":"tweet_video","media_type":"video/webm","total_bytes":1000}`, 400, `media type \"video/webm\" is not supported`},
		{"DM video", "tok-acme", `{"media_category":"dm_video","media_type":"video/mp4","total_bytes":1000}`, 400, "media_category"},
		{"no size", "tok-acme", `{"media_category":"tweet_image","media_type":"image/png"}`, 400, "total_bytes"},
		{"not JSON", "tok-acme", `media_type=image/png`, 400, "Invalid Request"},
		{"bad token", "tok-nope", `{"media_category":"tweet_image","media_type":"image/png","total_bytes":1000}`, 401, "Unauthorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			status, _, body := f.call(t, "POST", "/2/media/upload/initialize", tt.token, tt.body)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
				t.Errorf("got %d %s, want %d with %s", status, body, tt.wantStatus, tt.wantInBody)
			}
		})
	}
}

// An upload takes its chunks in any order, each index once, up to the
// announced size; finalize checks the whole.
func TestAppendAndFinalize(t *testing.T) {
	f := newFake(t)
	f.RegisterUser("2002", "tok-globex")
	id := f.initUpload(t, "tok-acme", "tweet_image", "image/png", len(pngFile))
	head, tail := pngFile[:100], pngFile[100:]
	steps := []struct {
		name, token, method, path, body string
		wantStatus                      int
		wantInBody                      string
	}{
		{"unknown media", "tok-acme", "POST", "/2/media/upload/42/append", jsonBody(t, map[string]any{"segment_index": 0, "media": head}), 400, "Invalid media id 42"},
		{"another user's media", "tok-globex", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": head}), 400, "Invalid media id"},
		{"index too high", "tok-acme", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 1000, "media": head}), 400, "segment_index"},
		{"not base64", "tok-acme", "POST", "/2/media/upload/" + id + "/append", `{"segment_index":0,"media":"***"}`, 400, "base64"},
		{"more than announced", "tok-acme", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": append(pngFile, 0)}), 400, "exceed total_bytes"},
		{"second chunk first", "tok-acme", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": "1", "media": tail}), 200, `"expires_at"`},
		{"finalize too early", "tok-acme", "POST", "/2/media/upload/" + id + "/finalize", "", 400, "Segments do not add up to provided total file size."},
		{"status too early", "tok-acme", "GET", "/2/media/upload?command=STATUS&media_id=" + id, "", 400, "not finalized"},
		{"first chunk", "tok-acme", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": head}), 200, `"expires_at"`},
		{"first chunk again", "tok-acme", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": head}), 200, `"expires_at"`},
		{"finalize", "tok-acme", "POST", "/2/media/upload/" + id + "/finalize", "", 200, `"size":208`},
		{"finalize again", "tok-acme", "POST", "/2/media/upload/" + id + "/finalize", "", 200, `"size":208`},
		{"append after finalize", "tok-acme", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 2, "media": head}), 400, "already finalized"},
		{"status of an image", "tok-acme", "GET", "/2/media/upload?command=STATUS&media_id=" + id, "", 200, `"media_key":"3_` + id + `"`},
	}
	for _, s := range steps {
		status, _, body := f.call(t, s.method, s.path, s.token, s.body)
		if status != s.wantStatus || !strings.Contains(body, s.wantInBody) {
			t.Fatalf("%s: got %d %s, want %d with %s", s.name, status, body, s.wantStatus, s.wantInBody)
		}
		if s.wantStatus == 200 && strings.Contains(body, "processing_info") {
			t.Errorf("%s: %s: a still image needs no processing", s.name, body)
		}
	}
}

// A still image that is not what it claims is refused when finalized.
func TestFinalizeRefusesNonImage(t *testing.T) {
	f := newFake(t)
	page := []byte("<html>" + strings.Repeat(" ", 100))
	id := f.initUpload(t, "tok-acme", "tweet_image", "image/png", len(page))
	f.call(t, "POST", "/2/media/upload/"+id+"/append", "tok-acme", jsonBody(t, map[string]any{"segment_index": 0, "media": page}))
	if status, _, body := f.call(t, "POST", "/2/media/upload/"+id+"/finalize", "tok-acme", ""); status != 400 || !strings.Contains(body, "media type unrecognized.") {
		t.Errorf("got %d %s, want 400 media type unrecognized", status, body)
	}
}

// X processes a GIF after its upload: the post waits for it, and a file
// that is no GIF fails processing.
func TestGIFProcessing(t *testing.T) {
	f := newFake(t)
	good := f.upload(t, "tok-acme", "tweet_gif", "image/gif", gifFile)
	bad := f.upload(t, "tok-acme", "tweet_gif", "image/gif", pngFile)
	steps := []struct {
		after     time.Duration
		id        string
		wantState string
		wantPost  int // the status of a post with the media
	}{
		{0, good, `"state":"pending"`, 400},
		{time.Second, good, `"state":"in_progress"`, 400},
		{time.Second, bad, `"state":"in_progress"`, 400},
		{time.Second, good, `"state":"succeeded"`, 201},
		{0, bad, `"message":"Unsupported file format"`, 400},
	}
	for i, s := range steps {
		f.now = f.now.Add(s.after)
		status, _, body := f.call(t, "GET", "/2/media/upload?command=STATUS&media_id="+s.id, "tok-acme", "")
		if status != 200 || !strings.Contains(body, s.wantState) {
			t.Fatalf("step %d: status: got %d %s, want %s", i, status, body, s.wantState)
		}
		post := jsonBody(t, map[string]any{"text": "GIF " + strconv.Itoa(i), "media": map[string][]string{"media_ids": {s.id}}})
		if status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", post); status != s.wantPost {
			t.Fatalf("step %d: post: got %d %s, want %d", i, status, body, s.wantPost)
		} else if status == 400 && !strings.Contains(body, MediaIDsInvalid) {
			t.Errorf("step %d: post: %s lacks %q", i, body, MediaIDsInvalid)
		}
	}
}

func TestMediaMetadata(t *testing.T) {
	f := newFake(t)
	f.RegisterUser("2002", "tok-globex")
	id := f.upload(t, "tok-acme", "tweet_image", "image/png", pngFile)
	tests := []struct {
		name, token, body string
		wantStatus        int
		wantAlt           string
	}{
		{"another user's media", "tok-globex", `{"id":"` + id + `","metadata":{"alt_text":{"text":"Un chat"}}}`, 400, ""},
		{"unknown media", "tok-acme", `{"id":"42","metadata":{"alt_text":{"text":"Un chat"}}}`, 400, ""},
		{"too long", "tok-acme", `{"id":"` + id + `","metadata":{"alt_text":{"text":"` + strings.Repeat("é", MaxAlt+1) + `"}}}`, 400, ""},
		{"longest", "tok-acme", `{"id":"` + id + `","metadata":{"alt_text":{"text":"` + strings.Repeat("é", MaxAlt) + `"}}}`, 200, strings.Repeat("é", MaxAlt)},
		{"set", "tok-acme", `{"id":"` + id + `","metadata":{"alt_text":{"text":"Un chat"}}}`, 200, "Un chat"},
	}
	for _, tt := range tests {
		status, _, body := f.call(t, "POST", "/2/media/metadata", tt.token, tt.body)
		if status != tt.wantStatus {
			t.Fatalf("%s: got %d %s, want %d", tt.name, status, body, tt.wantStatus)
		}
		if tt.wantStatus == 200 && !strings.Contains(body, `"alt_text":{"text":"`+tt.wantAlt+`"}`) {
			t.Errorf("%s: %s lacks the description", tt.name, body)
		}
	}
	post := jsonBody(t, map[string]any{"text": "Nouveau", "media": map[string][]string{"media_ids": {id}}})
	if status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", post); status != 201 {
		t.Fatalf("post: %d %s", status, body)
	}
	if m := f.Posts("1001")[0].Media; len(m) != 1 || m[0].ID != id || m[0].Alt != "Un chat" || string(m[0].Bytes) != string(pngFile) {
		t.Errorf("post media: got %+v, want %s with its description and bytes", m, id)
	}
}

// A post carries only its own user's media, processed and not expired,
// and is listed ending with a link to it.
func TestPostWithMedia(t *testing.T) {
	f := newFake(t)
	f.RegisterUser("2002", "tok-globex")
	acme := f.upload(t, "tok-acme", "tweet_image", "image/png", pngFile)
	globex := f.upload(t, "tok-globex", "tweet_image", "image/png", pngFile)
	stale := f.upload(t, "tok-acme", "tweet_image", "image/png", pngFile)
	f.now = f.now.Add(mediaLife)
	fresh := f.upload(t, "tok-acme", "tweet_image", "image/png", pngFile)
	tests := []struct {
		name       string
		ids        []string
		text       string
		wantStatus int
		wantInBody string
	}{
		{"another user's media", []string{globex}, "a", 400, MediaIDsInvalid},
		{"unknown media", []string{"42"}, "b", 400, MediaIDsInvalid},
		{"expired media", []string{stale}, "c", 400, MediaIDsInvalid},
		{"no media ids", []string{}, "d", 400, "media_ids must hold 1 to 4 ids"},
		{"five media", []string{acme, acme, acme, acme, acme}, "e", 400, "media_ids must hold 1 to 4 ids"},
		{"no text", []string{fresh}, "", 201, `"text":"https://t.co/`},
		{"text and link", []string{fresh}, "R&D https://acme.example", 201, `"text":"R\u0026amp;D https://t.co/`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.Posts("1001"))
			post := jsonBody(t, map[string]any{"text": tt.text, "media": map[string][]string{"media_ids": tt.ids}})
			status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", post)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
				t.Errorf("got %d %s, want %d with %s", status, body, tt.wantStatus, tt.wantInBody)
			}
			want := 0
			if tt.wantStatus == 201 {
				want = 1
			}
			if got := len(f.Posts("1001")) - before; got != want {
				t.Errorf("posts made: got %d, want %d", got, want)
			}
		})
	}
	_, _, body := f.call(t, "GET", "/2/users/1001/tweets?tweet.fields=entities", "tok-acme", "")
	var out struct {
		Data []struct {
			ID       string `json:"id"`
			Text     string `json:"text"`
			Entities struct {
				URLs []urlEntity `json:"urls"`
			} `json:"entities"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || len(out.Data) != 2 {
		t.Fatalf("timeline: %s (%v), want 2 posts", body, err)
	}
	newest := out.Data[0]
	urls := newest.Entities.URLs
	if len(urls) != 2 {
		t.Fatalf("entities: got %+v, want the link and the media's", urls)
	}
	media := urls[1]
	if media.MediaKey != "3_"+fresh || !strings.HasSuffix(newest.Text, " "+media.URL) || media.ExpandedURL != "https://x.com/1001/status/"+newest.ID+"/photo/1" {
		t.Errorf("media link: got %+v in %q, want the text to end with a link to %s's photo", media, newest.Text, newest.ID)
	}
	if got := []rune(newest.Text)[media.Start:media.End]; string(got) != media.URL {
		t.Errorf("media link offsets: got %q, want %q", string(got), media.URL)
	}
}

// X processes a video after its upload, through pending and in_progress,
// for the time it is told: the post waits for it, and a file that is no
// movie fails processing with X's error.
func TestVideoProcessing(t *testing.T) {
	f := newFake(t)
	f.VideoProcessing = 4 * time.Second
	good := f.upload(t, "tok-acme", "tweet_video", "video/mp4", mp4File)
	bad := f.upload(t, "tok-acme", "tweet_video", "video/mp4", pngFile)
	steps := []struct {
		after     time.Duration
		id        string
		wantState string
		wantPost  int // the status of a post with the media
	}{
		{0, good, `"check_after_secs":1,"progress_percent":0,"state":"pending"`, 400},
		{time.Second, good, `"check_after_secs":1,"progress_percent":25,"state":"in_progress"`, 400},
		{2 * time.Second, bad, `"state":"in_progress"`, 400},
		{time.Second, good, `"state":"succeeded"`, 201},
		{0, bad, `"state":"failed"`, 400},
		{0, bad, `"message":"Unsupported video format"`, 400},
	}
	for i, s := range steps {
		f.now = f.now.Add(s.after)
		status, _, body := f.call(t, "GET", "/2/media/upload?command=STATUS&media_id="+s.id, "tok-acme", "")
		if status != 200 || !strings.Contains(body, s.wantState) {
			t.Fatalf("step %d: status: got %d %s, want %s", i, status, body, s.wantState)
		}
		post := jsonBody(t, map[string]any{"text": "Vidéo " + strconv.Itoa(i), "media": map[string][]string{"media_ids": {s.id}}})
		if status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", post); status != s.wantPost {
			t.Fatalf("step %d: post: got %d %s, want %d", i, status, body, s.wantPost)
		}
	}
	posts := f.Posts("1001")
	if len(posts) != 1 || len(posts[0].Media) != 1 || posts[0].Media[0].Category != "tweet_video" || string(posts[0].Media[0].Bytes) != string(mp4File) {
		t.Errorf("posts: got %+v, want one with the video", posts)
	}
}

// A video's chunks make it whole only with none missing; X takes at most
// 5 MB in one.
func TestVideoChunks(t *testing.T) {
	f := newFake(t)
	chunk := mp4File[:100]
	id := f.initUpload(t, "tok-acme", "tweet_video", "video/mp4", 3*len(chunk))
	steps := []struct {
		name, path, body string
		wantStatus       int
		wantInBody       string
	}{
		{"chunk over 5 MB", "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": make([]byte, maxSegment+1)}), 400, "a chunk must hold 1 to 5242880 bytes."},
		{"first chunk", "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": chunk}), 200, `"expires_at"`},
		{"third chunk", "/append", jsonBody(t, map[string]any{"segment_index": 2, "media": chunk}), 200, `"expires_at"`},
		{"second missing", "/finalize", "", 400, "Segments do not add up to provided total file size."},
		{"second chunk", "/append", jsonBody(t, map[string]any{"segment_index": 1, "media": chunk}), 200, `"expires_at"`},
		{"finalize", "/finalize", "", 200, `"state":"pending"`},
	}
	for _, s := range steps {
		status, _, body := f.call(t, "POST", "/2/media/upload/"+id+s.path, "tok-acme", s.body)
		if status != s.wantStatus || !strings.Contains(body, s.wantInBody) {
			t.Fatalf("%s: got %d %.300s, want %d with %s", s.name, status, body, s.wantStatus, s.wantInBody)
		}
	}
}

// A post carries up to 4 images, or one animated GIF, or one video, and
// is listed with a link to its photo or video.
func TestPostMediaMix(t *testing.T) {
	f := newFake(t)
	f.GIFProcessing, f.VideoProcessing = 0, 0
	img := func() string { return f.upload(t, "tok-acme", "tweet_image", "image/png", pngFile) }
	gif := f.upload(t, "tok-acme", "tweet_gif", "image/gif", gifFile)
	vid := f.upload(t, "tok-acme", "tweet_video", "video/mp4", mp4File)
	f.now = f.now.Add(time.Second)
	tests := []struct {
		name       string
		ids        []string
		wantStatus int
		wantInBody string
		wantLink   string // the end of the media link's expanded URL
	}{
		{"four images", []string{img(), img(), img(), img()}, 201, `"id":"`, "/photo/1"},
		{"a video", []string{vid}, 201, `"id":"`, "/video/1"},
		{"a GIF", []string{gif}, 201, `"id":"`, "/photo/1"},
		{"a video and an image", []string{vid, img()}, 400, MediaMix, ""},
		{"an image and a GIF", []string{img(), gif}, 400, MediaMix, ""},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			post := jsonBody(t, map[string]any{"text": "Mix " + strconv.Itoa(i), "media": map[string][]string{"media_ids": tt.ids}})
			status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", post)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
				t.Fatalf("got %d %s, want %d with %s", status, body, tt.wantStatus, tt.wantInBody)
			}
			if status != 201 {
				return
			}
			_, _, listed := f.call(t, "GET", "/2/users/1001/tweets?tweet.fields=entities", "tok-acme", "")
			if !strings.Contains(listed, tt.wantLink+`","start"`) {
				t.Errorf("listing %s: want the newest post's media link to end with %s", listed, tt.wantLink)
			}
			posts := f.Posts("1001")
			if got, want := len(posts[len(posts)-1].Media), len(tt.ids); got != want {
				t.Errorf("media: got %d, want %d", got, want)
			}
		})
	}
}

// Each media endpoint counts a user's requests in its own window.
func TestMediaRateLimit(t *testing.T) {
	f := newFake(t)
	f.SetUploadLimit(2)
	f.initUpload(t, "tok-acme", "tweet_image", "image/png", len(pngFile))
	id := f.initUpload(t, "tok-acme", "tweet_image", "image/png", len(pngFile))
	steps := []struct {
		name, method, path, body string
		wantStatus               int
	}{
		{"third initialize", "POST", "/2/media/upload/initialize", `{"media_category":"tweet_image","media_type":"image/png","total_bytes":10}`, 429},
		{"append, its own window", "POST", "/2/media/upload/" + id + "/append", jsonBody(t, map[string]any{"segment_index": 0, "media": pngFile}), 200},
		{"finalize, its own window", "POST", "/2/media/upload/" + id + "/finalize", "", 200},
	}
	for _, s := range steps {
		status, h, body := f.call(t, s.method, s.path, "tok-acme", s.body)
		if status != s.wantStatus {
			t.Fatalf("%s: got %d %s, want %d", s.name, status, body, s.wantStatus)
		}
		if status == 429 && (h.Get("x-rate-limit-remaining") != "0" || h.Get("x-rate-limit-reset") != strconv.FormatInt(t0.Add(Window).Unix(), 10)) {
			t.Errorf("%s: headers %v, want none remaining until the window's end", s.name, h)
		}
	}
	f.now = f.now.Add(Window)
	f.initUpload(t, "tok-acme", "tweet_image", "image/png", len(pngFile))
}

// Faults hit the media endpoints as any other: a 5xx has no effect.
func TestMediaFaults(t *testing.T) {
	f := newFake(t)
	id := f.initUpload(t, "tok-acme", "tweet_video", "video/mp4", len(mp4File))
	f.Faults.FailNext(1, netfake.ServerError)
	if status, _, _ := f.call(t, "POST", "/2/media/upload/"+id+"/append", "tok-acme", jsonBody(t, map[string]any{"segment_index": 0, "media": mp4File})); status != 503 {
		t.Fatalf("append: got %d, want 503", status)
	}
	if status, _, body := f.call(t, "POST", "/2/media/upload/"+id+"/finalize", "tok-acme", ""); status != 400 || !strings.Contains(body, "Segments do not add up") {
		t.Errorf("finalize after a failed append: got %d %s, want 400, segments missing", status, body)
	}
}

// Forgotten media cannot be posted.
func TestForgetMedia(t *testing.T) {
	f := newFake(t)
	id := f.upload(t, "tok-acme", "tweet_image", "image/png", pngFile)
	f.ForgetMedia()
	post := jsonBody(t, map[string]any{"text": "Nouveau", "media": map[string][]string{"media_ids": {id}}})
	if status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", post); status != 400 || !strings.Contains(body, MediaIDsInvalid) {
		t.Errorf("got %d %s, want 400 %s", status, body, MediaIDsInvalid)
	}
}
