package metafake

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const form = "application/x-www-form-urlencoded"

// files serves what Meta fetches: a JPEG, a PNG, a page and an MP4.
func files(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		typ := map[string]string{"/a.jpg": "image/jpeg", "/a.png": "image/png", "/page": "text/html", "/v.mp4": "video/mp4"}[r.URL.Path]
		if typ == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", typ)
		w.Write([]byte(strings.Repeat("x", 100)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// post sends a form with the token to a path and returns the answer.
func post(t *testing.T, srv *httptest.Server, path, token string, v url.Values) answer {
	t.Helper()
	v.Set("access_token", token)
	return send(t, "POST", srv.URL+path, form, v.Encode())
}

func id(a answer) string { s, _ := a.body["id"].(string); return s }

func TestPhotosAndFeed(t *testing.T) {
	s, srv := newServer(t)
	media := files(t)
	s.Fetch = media.Client()
	photo := func(file string, published bool) answer {
		return post(t, srv, "/1001/photos", pageToken, url.Values{"url": {media.URL + file}, "published": {fmt.Sprint(published)}, "alt_text_custom": {"alt " + file}})
	}
	unpublished := photo("/a.jpg", false)
	if unpublished.status != 200 || unpublished.body["post_id"] != nil {
		t.Fatalf("unpublished photo: got %d %v, want an id and no post", unpublished.status, unpublished.body)
	}
	if published := photo("/a.png", true); published.status != 200 || published.body["post_id"] == nil {
		t.Errorf("published photo: got %d %v, want a post", published.status, published.body)
	}
	attach := func(message string, ids ...string) url.Values {
		v := url.Values{"message": {message}}
		for i, id := range ids {
			v.Set(fmt.Sprintf("attached_media[%d]", i), `{"media_fbid":"`+id+`"}`)
		}
		return v
	}
	other := photo("/a.jpg", false)
	tests := []struct {
		name     string
		a        answer
		wantCode float64
	}{
		{name: "a page for an image", a: photo("/page", false), wantCode: 324},
		{name: "an image not found", a: photo("/gone.jpg", false), wantCode: 324},
		{name: "an unknown photo attached", a: post(t, srv, "/1001/feed", pageToken, attach("Une vue", "999")), wantCode: 100},
		{name: "a malformed attached_media", a: post(t, srv, "/1001/feed", pageToken, url.Values{"message": {"x"}, "attached_media[0]": {"999"}}), wantCode: 100},
		{name: "photos attached", a: post(t, srv, "/1001/feed", pageToken, attach("Deux vues", id(unpublished), id(other)))},
		{name: "photos attached twice", a: post(t, srv, "/1001/feed", pageToken, attach("Encore", id(unpublished))), wantCode: 100},
	}
	for _, tt := range tests {
		if tt.a.code != tt.wantCode {
			t.Errorf("%s: got code %v (%v), want %v", tt.name, tt.a.code, tt.a.body, tt.wantCode)
		}
	}
	posts := s.Posts(pageID)
	if len(posts) != 2 || len(posts[1].Media) != 2 || posts[1].Media[0].Alt != "alt /a.jpg" || posts[1].Media[0].Bytes != 100 || posts[1].ImageURL != media.URL+"/a.jpg" {
		t.Errorf("posts: got %+v, want the photo, then the feed post with two", posts)
	}
	// A JSON list, as Graph also takes it.
	third := photo("/a.jpg", false)
	a := send(t, "POST", srv.URL+"/1001/feed", "application/json", `{"message":"x","attached_media":[{"media_fbid":"`+id(third)+`"}],"access_token":"`+pageToken+`"}`)
	if a.status != 200 {
		t.Errorf("attached_media as a JSON list: got %d %v", a.status, a.body)
	}
}

func TestPageVideo(t *testing.T) {
	s, srv := newServer(t)
	media := files(t)
	s.Fetch = media.Client()
	s.VideoPolls = 2
	video := func(v url.Values) answer { return post(t, srv, "/1001/videos", pageToken, v) }
	status := func(id string) string {
		a := send(t, "GET", srv.URL+"/"+id+"?fields=status&access_token="+pageToken, "", "")
		st, _ := a.body["status"].(map[string]any)
		return fmt.Sprint(st["video_status"])
	}
	if a := video(url.Values{"description": {"x"}}); a.code != 194 {
		t.Errorf("no file_url: got code %v, want 194", a.code)
	}
	if a := video(url.Values{"file_url": {media.URL + "/v.mp4"}, "upload_phase": {"start"}}); a.code != 100 {
		t.Errorf("file_url with upload_phase: got code %v, want 100", a.code)
	}
	if a := video(url.Values{"file_url": {media.URL + "/gone.mp4"}}); a.code != 389 {
		t.Errorf("a file not found: got code %v, want 389", a.code)
	}
	ok := id(video(url.Values{"file_url": {media.URL + "/v.mp4"}, "description": {"Le making-of"}}))
	var got []string
	for range 3 {
		got = append(got, status(ok))
	}
	if fmt.Sprint(got) != "[processing processing ready]" {
		t.Errorf("statuses: got %v", got)
	}
	s.VideoPolls = 0
	s.FailNextVideos(1)
	bad := id(video(url.Values{"file_url": {media.URL + "/v.mp4"}, "description": {"Raté"}}))
	if st := status(bad); st != "error" {
		t.Errorf("failed video: got %s, want error", st)
	}
	if posts := s.Posts(pageID); len(posts) != 1 || posts[0].Message != "Le making-of" || posts[0].Media[0].ID != ok || posts[0].Media[0].Bytes != 100 {
		t.Errorf("posts: got %+v, want only the processed video's", posts)
	}
}

func TestInstagramContainers(t *testing.T) {
	s, srv := newServer(t)
	media := files(t)
	s.Fetch = media.Client()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	create := func(v url.Values) answer { return post(t, srv, "/1784/media", igToken, v) }
	item := func() string {
		return id(create(url.Values{"image_url": {media.URL + "/a.jpg"}, "is_carousel_item": {"true"}, "alt_text": {"alt"}}))
	}
	statusOf := func(id string) string {
		a := send(t, "GET", srv.URL+"/"+id+"?fields=status_code,status&access_token="+igToken, "", "")
		return fmt.Sprint(a.body["status_code"])
	}
	items := make([]string, 11)
	for i := range items {
		items[i] = item()
	}
	s.InProgressPolls = 1
	busy := item()
	tests := []struct {
		name                  string
		a                     answer
		wantCode, wantSubcode float64
	}{
		{name: "a reel in a carousel", a: create(url.Values{"media_type": {"REELS"}, "video_url": {media.URL + "/v.mp4"}, "is_carousel_item": {"true"}}), wantCode: 100},
		{name: "a reel with alt_text", a: create(url.Values{"media_type": {"REELS"}, "video_url": {media.URL + "/v.mp4"}, "alt_text": {"x"}}), wantCode: 100},
		{name: "a reel without video", a: create(url.Values{"media_type": {"REELS"}}), wantCode: 100},
		{name: "a VIDEO alone", a: create(url.Values{"media_type": {"VIDEO"}, "video_url": {media.URL + "/v.mp4"}}), wantCode: 100},
		{name: "a carousel of one", a: create(url.Values{"media_type": {"CAROUSEL"}, "children": {items[0]}}), wantCode: 100},
		{name: "a carousel of eleven", a: create(url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(items, ",")}}), wantCode: 100},
		{name: "a carousel of an item in progress", a: create(url.Values{"media_type": {"CAROUSEL"}, "children": {items[0] + "," + busy}}), wantCode: 9007, wantSubcode: 2207027},
		{name: "an item published alone", a: post(t, srv, "/1784/media_publish", igToken, url.Values{"creation_id": {items[0]}}), wantCode: 100},
	}
	for _, tt := range tests {
		if tt.a.code != tt.wantCode || tt.a.subcode != tt.wantSubcode {
			t.Errorf("%s: got code %v/%v (%v), want %v/%v", tt.name, tt.a.code, tt.a.subcode, tt.a.body, tt.wantCode, tt.wantSubcode)
		}
	}
	s.InProgressPolls = 0
	png := id(create(url.Values{"image_url": {media.URL + "/a.png"}}))
	if st := statusOf(png); st != "ERROR" {
		t.Errorf("a PNG: got %s, want ERROR", st)
	}
	carousel := id(create(url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(items[:10], ",")}, "caption": {"Dix"}}))
	if a := post(t, srv, "/1784/media_publish", igToken, url.Values{"creation_id": {carousel}}); a.status != 200 {
		t.Fatalf("publish the carousel: got %d %v", a.status, a.body)
	}
	if posts := s.Posts(igID); len(posts) != 1 || len(posts[0].Media) != 10 || posts[0].Media[9].ID != items[9] || posts[0].Media[0].Alt != "alt" {
		t.Errorf("posts: got %+v, want the carousel of ten", posts)
	}
	// Containers expire after 24 hours unpublished.
	kept := id(create(url.Values{"image_url": {media.URL + "/a.jpg"}}))
	now = now.Add(ContainerLife)
	if st := statusOf(kept); st != "EXPIRED" {
		t.Errorf("after 24 hours: got %s, want EXPIRED", st)
	}
	if a := post(t, srv, "/1784/media_publish", igToken, url.Values{"creation_id": {kept}}); a.code != 100 {
		t.Errorf("publish an expired container: got code %v, want 100", a.code)
	}
	if got := len(s.Uploaded(igID)); got != 14 {
		t.Errorf("uploaded: got %d, want the 14 image containers", got)
	}
}
