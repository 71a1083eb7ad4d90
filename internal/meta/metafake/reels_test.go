package metafake

import (
	"net/http"
	"net/url"
	"testing"
)

// A Reel is started, uploaded by URL, then finished into one post; each
// step refuses what Meta refuses.
func TestReels(t *testing.T) {
	s, srv := newServer(t)
	media := files(t)
	s.Fetch = media.Client()
	start := func() string {
		a := post(t, srv, "/v21.0/1001/video_reels", pageToken, url.Values{"upload_phase": {"start"}})
		id, _ := a.body["video_id"].(string)
		if a.status != http.StatusOK || id == "" || a.body["upload_url"] == nil {
			t.Fatalf("start: got %d %v, want a video_id and an upload_url", a.status, a.body)
		}
		return id
	}
	upload := func(id, token, file string) answer {
		h := []string{"Authorization", "Bearer " + token}
		if file != "" {
			h = append(h, "file_url", media.URL+file)
		}
		return send(t, "POST", srv.URL+"/video-upload/v21.0/"+id, "", "", h...)
	}
	finish := func(id string) answer {
		return post(t, srv, "/v21.0/1001/video_reels", pageToken, url.Values{"upload_phase": {"finish"}, "video_id": {id}, "video_state": {"PUBLISHED"}, "description": {"Un Reel"}})
	}
	id, empty := start(), start()
	tests := []struct {
		name     string
		a        answer
		wantCode float64
	}{
		{name: "upload with no file_url", a: upload(id, pageToken, ""), wantCode: 194},
		{name: "upload of a page", a: upload(id, pageToken, "/page"), wantCode: 6000},
		{name: "upload not found", a: upload(id, pageToken, "/gone.mp4"), wantCode: 389},
		{name: "upload with another token", a: upload(id, "other", "/v.mp4"), wantCode: 190},
		{name: "upload to an unknown video", a: upload("999", pageToken, "/v.mp4"), wantCode: 100},
		{name: "upload", a: upload(id, pageToken, "/v.mp4")},
		{name: "finish an empty session", a: finish(empty), wantCode: 6000},
		{name: "finish an unknown video", a: finish("999"), wantCode: 100},
		{name: "finish", a: finish(id)},
		{name: "finish again", a: finish(id), wantCode: 100},
		{name: "upload after the finish", a: upload(id, pageToken, "/v.mp4"), wantCode: 100},
	}
	for _, tt := range tests {
		if tt.a.code != tt.wantCode {
			t.Errorf("%s: got code %v (%v), want %v", tt.name, tt.a.code, tt.a.body, tt.wantCode)
		}
	}
	posts := s.Posts(pageID)
	if len(posts) != 1 || posts[0].Message != "Un Reel" || len(posts[0].Media) != 1 || posts[0].Media[0].ID != id || posts[0].Media[0].Bytes != 100 {
		t.Fatalf("posts: got %+v, want the Reel with its video", posts)
	}
	st := send(t, "GET", srv.URL+"/v21.0/"+id+"?fields=status", "", "", "Authorization", "Bearer "+pageToken)
	status, _ := st.body["status"].(map[string]any)
	publishing, _ := status["publishing_phase"].(map[string]any)
	if status["video_status"] != "ready" || publishing["status"] != "complete" {
		t.Errorf("status: got %v, want ready and published", st.body)
	}
}
