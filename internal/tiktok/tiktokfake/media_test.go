package tiktokfake

import "testing"

// TestPull: the fake pulls a post's media at init and fails the post as
// TikTok would for a file it cannot fetch or take.
func TestPull(t *testing.T) {
	tests := []struct {
		name       string
		photos     bool
		media      []string
		wantReason string
	}{
		{"mp4", false, []string{"/v.mp4"}, ""},
		{"mov", false, []string{"/v.mov"}, ""},
		{"webm", false, []string{"/v.webm"}, ""},
		{"a photo as the video", false, []string{"/p.jpg"}, ReasonFileFormat},
		{"video gone", false, []string{"/gone.mp4"}, ReasonVideoPull},
		{"video behind a redirect", false, []string{"/moved.mp4"}, ReasonVideoPull},
		{"jpeg and webp", true, []string{"/p.jpg", "/p.webp"}, ""},
		{"a png among the photos", true, []string{"/p.jpg", "/p.png"}, ReasonFileFormat},
		{"a photo over 20 MB", true, []string{"/big.jpg"}, ReasonFileFormat},
		{"a photo gone", true, []string{"/p.jpg", "/gone.jpg"}, ReasonPhotoPull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			urls := make([]string, len(tt.media))
			for i, m := range tt.media {
				urls[i] = s.url(m)
			}
			path, body := "/v2/post/publish/video/init/", ""
			if tt.photos {
				path, body = "/v2/post/publish/content/init/", photoBody(SelfOnly, urls...)
			} else {
				body = videoBody(SelfOnly, urls[0])
			}
			if a := s.post(t, token, path, body); a.Error.Code != "ok" {
				t.Fatalf("init: %s %s", a.Error.Code, a.Error.Message)
			}
			p := s.fake.Posts(openID)[0]
			if p.FailReason != tt.wantReason || (p.Status == Failed) != (tt.wantReason != "") {
				t.Errorf("got %s %q, want reason %q", p.Status, p.FailReason, tt.wantReason)
			}
		})
	}
}
