package tiktokfake

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

func TestRequests(t *testing.T) {
	const (
		creatorInfo = "/v2/post/publish/creator_info/query/"
		videoInit   = "/v2/post/publish/video/init/"
		contentInit = "/v2/post/publish/content/init/"
	)
	tests := []struct {
		name, token, path string
		body              func(s *stack) string
		unaudited         bool
		verified          string
		wantStatus        int
		wantCode          string
	}{
		{name: "creator info", path: creatorInfo, body: func(*stack) string { return "{}" }, wantStatus: 200, wantCode: "ok"},
		{name: "no token", token: "-", path: creatorInfo, body: func(*stack) string { return "{}" }, wantStatus: 401, wantCode: codeTokenInvalid},
		{name: "video", path: videoInit, body: func(s *stack) string { return videoBody(PublicToEveryone, s.url("/v.mp4")) }, wantStatus: 200, wantCode: "ok"},
		{name: "video, no privacy", path: videoInit, body: func(s *stack) string { return videoBody("", s.url("/v.mp4")) }, wantStatus: 403, wantCode: codePrivacyMismatch},
		{name: "video, privacy a private account's", path: videoInit, body: func(s *stack) string { return videoBody(FollowerOfCreator, s.url("/v.mp4")) }, wantStatus: 403, wantCode: codePrivacyMismatch},
		{name: "video, unknown privacy", path: videoInit, body: func(s *stack) string { return videoBody("EVERYONE", s.url("/v.mp4")) }, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "video, public from an unaudited app", unaudited: true, path: videoInit, body: func(s *stack) string { return videoBody(PublicToEveryone, s.url("/v.mp4")) }, wantStatus: 403, wantCode: codeUnaudited},
		{name: "video, private from an unaudited app", unaudited: true, path: videoInit, body: func(s *stack) string { return videoBody(SelfOnly, s.url("/v.mp4")) }, wantStatus: 200, wantCode: "ok"},
		{name: "video, caption over 2200 UTF-16 units", path: videoInit, body: func(s *stack) string {
			return strings.Replace(videoBody(SelfOnly, s.url("/v.mp4")), "Hello #fyp", strings.Repeat("a", 2199)+"😀", 1)
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "video, caption of 2200 UTF-16 units", path: videoInit, body: func(s *stack) string {
			return strings.Replace(videoBody(SelfOnly, s.url("/v.mp4")), "Hello #fyp", strings.Repeat("a", 2198)+"😀", 1)
		}, wantStatus: 200, wantCode: "ok"},
		{name: "video, no brand content toggle", path: videoInit, body: func(s *stack) string {
			return strings.Replace(videoBody(SelfOnly, s.url("/v.mp4")), `,"brand_content_toggle":false`, "", 1)
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "video, file upload", path: videoInit, body: func(s *stack) string {
			return `{"post_info":{"privacy_level":"SELF_ONLY","brand_content_toggle":false},"source_info":{"source":"FILE_UPLOAD","video_size":100,"chunk_size":100,"total_chunk_count":1}}`
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "video, http URL", path: videoInit, body: func(s *stack) string {
			return videoBody(SelfOnly, strings.Replace(s.url("/v.mp4"), "https:", "http:", 1))
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "video, unverified URL", verified: "https://cdn.acme.example/", path: videoInit, body: func(s *stack) string { return videoBody(SelfOnly, s.url("/v.mp4")) }, wantStatus: 403, wantCode: codeURLUnverified},
		{name: "video, verified URL", verified: "https://127.0.0.1:", path: videoInit, body: func(s *stack) string { return videoBody(SelfOnly, s.url("/v.mp4")) }, wantStatus: 200, wantCode: "ok"},
		{name: "photos", path: contentInit, body: func(s *stack) string { return photoBody(MutualFollowFriends, s.url("/p.jpg"), s.url("/p.webp")) }, wantStatus: 200, wantCode: "ok"},
		{name: "36 photos", path: contentInit, body: func(s *stack) string {
			return photoBody(SelfOnly, slices.Repeat([]string{s.url("/p.jpg")}, 36)...)
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "photos, cover out of range", path: contentInit, body: func(s *stack) string {
			return strings.Replace(photoBody(SelfOnly, s.url("/p.jpg")), `"photo_cover_index":0`, `"photo_cover_index":1`, 1)
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "photos, upload to inbox", path: contentInit, body: func(s *stack) string {
			return strings.Replace(photoBody(SelfOnly, s.url("/p.jpg")), "DIRECT_POST", "MEDIA_UPLOAD", 1)
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "photos, post mode as the reference spells it", path: contentInit, body: func(s *stack) string {
			return strings.Replace(photoBody(SelfOnly, s.url("/p.jpg")), "DIRECT_POST", "DIRECT POST", 1)
		}, wantStatus: 200, wantCode: "ok"},
		{name: "photos, description over 4000 units", path: contentInit, body: func(s *stack) string {
			return strings.Replace(photoBody(SelfOnly, s.url("/p.jpg")), "Hello #photo", strings.Repeat("é", 4001), 1)
		}, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "not JSON", path: videoInit, body: func(*stack) string { return "post" }, wantStatus: 400, wantCode: codeInvalidParam},
		{name: "unknown path", path: "/v2/post/publish/inbox/video/init/", body: func(*stack) string { return "{}" }, wantStatus: 404, wantCode: "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.SetAudited(!tt.unaudited)
			if tt.verified != "" {
				s.fake.VerifyURLPrefix(tt.verified)
			}
			tok := token
			if tt.token != "" {
				tok = tt.token
			}
			a := s.post(t, tok, tt.path, tt.body(s))
			if a.status != tt.wantStatus || a.Error.Code != tt.wantCode {
				t.Errorf("got %d %s (%s), want %d %s", a.status, a.Error.Code, a.Error.Message, tt.wantStatus, tt.wantCode)
			}
			if wantPosts := map[bool]int{true: 1}[tt.wantCode == "ok" && tt.path != creatorInfo]; len(s.fake.Posts(openID)) != wantPosts {
				t.Errorf("posts: got %d, want %d", len(s.fake.Posts(openID)), wantPosts)
			}
		})
	}
}

func TestContentType(t *testing.T) {
	s := newStack(t)
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/v2/post/publish/creator_info/query/", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
		t.Errorf("got %d, want %d", got, want)
	}
}

func TestCreatorInfo(t *testing.T) {
	tests := []struct {
		name        string
		creator     Creator
		wantOptions []string
		wantDuetOff bool
	}{
		{"public account", Creator{MaxVideoPostDurationSec: 300}, []string{PublicToEveryone, MutualFollowFriends, SelfOnly}, false},
		{"private account", Creator{Private: true, MaxVideoPostDurationSec: 300}, []string{FollowerOfCreator, MutualFollowFriends, SelfOnly}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.SetCreator(openID, tt.creator)
			a := s.post(t, token, "/v2/post/publish/creator_info/query/", "{}")
			if got := field[[]string](t, a, "privacy_level_options"); !slices.Equal(got, tt.wantOptions) {
				t.Errorf("options: got %v, want %v", got, tt.wantOptions)
			}
			if got := field[bool](t, a, "duet_disabled"); got != tt.wantDuetOff {
				t.Errorf("duet_disabled: got %v, want %v", got, tt.wantDuetOff)
			}
			if got := field[int](t, a, "max_video_post_duration_sec"); got != 300 {
				t.Errorf("max_video_post_duration_sec: got %d, want 300", got)
			}
		})
	}
}

// TestCaps: TikTok's 24-hour caps refuse an init with 403 and tell
// creator_info with HTTP 200 and the cap's code.
func TestCaps(t *testing.T) {
	t.Run("daily post cap", func(t *testing.T) {
		s := newStack(t)
		s.fake.DailyPostCap = 1
		s.publish(t, PublicToEveryone)
		s.clock.Advance(23 * time.Hour)
		if a := s.post(t, token, "/v2/post/publish/video/init/", videoBody(SelfOnly, s.url("/v.mp4"))); a.status != 403 || a.Error.Code != codeTooManyPosts {
			t.Errorf("init: got %d %s, want 403 %s", a.status, a.Error.Code, codeTooManyPosts)
		}
		if a := s.post(t, token, "/v2/post/publish/creator_info/query/", "{}"); a.status != 200 || a.Error.Code != codeTooManyPosts {
			t.Errorf("creator info: got %d %s, want 200 %s", a.status, a.Error.Code, codeTooManyPosts)
		}
		s.clock.Advance(time.Hour)
		s.publish(t, SelfOnly)
	})
	t.Run("unaudited app's five accounts", func(t *testing.T) {
		s := newStack(t)
		s.fake.SetAudited(false)
		for i := range 5 {
			id := "user" + string(rune('a'+i))
			s.fake.RegisterAccount(id, "act."+id)
			if a := s.post(t, "act."+id, "/v2/post/publish/video/init/", videoBody(SelfOnly, s.url("/v.mp4"))); a.Error.Code != "ok" {
				t.Fatalf("account %d: %s", i, a.Error.Code)
			}
		}
		if a := s.post(t, token, "/v2/post/publish/video/init/", videoBody(SelfOnly, s.url("/v.mp4"))); a.status != 403 || a.Error.Code != codeActiveUserCap {
			t.Errorf("sixth account: got %d %s, want 403 %s", a.status, a.Error.Code, codeActiveUserCap)
		}
		if a := s.post(t, "act.usera", "/v2/post/publish/video/init/", videoBody(SelfOnly, s.url("/v.mp4"))); a.Error.Code != "ok" {
			t.Errorf("an account that posted today: got %s, want ok", a.Error.Code)
		}
	})
	t.Run("banned account", func(t *testing.T) {
		s := newStack(t)
		s.fake.SetCreator(openID, Creator{Banned: true})
		if a := s.post(t, token, "/v2/post/publish/creator_info/query/", "{}"); a.status != 200 || a.Error.Code != codeBanned {
			t.Errorf("creator info: got %d %s, want 200 %s", a.status, a.Error.Code, codeBanned)
		}
	})
}

// TestRateLimit: 6 inits a minute per token, on a sliding window.
func TestRateLimit(t *testing.T) {
	s := newStack(t)
	for range 6 {
		s.publish(t, SelfOnly)
		s.clock.Advance(5 * time.Second)
	}
	a := s.post(t, token, "/v2/post/publish/video/init/", videoBody(SelfOnly, s.url("/v.mp4")))
	if a.status != http.StatusTooManyRequests || a.Error.Code != codeRateLimited {
		t.Errorf("seventh: got %d %s, want 429 %s", a.status, a.Error.Code, codeRateLimited)
	}
	s.clock.Advance(RateWindow - 30*time.Second)
	s.publish(t, SelfOnly)
}

// TestStatus: a post is processing, then complete; a public one gets its
// public id once through moderation, a private one never.
func TestStatus(t *testing.T) {
	type read struct {
		status   string
		publicID bool
	}
	tests := []struct {
		name                  string
		privacy, media        string
		processing, moderated int
		want                  []read
		wantReason            string
	}{
		{"public at once", PublicToEveryone, "/v.mp4", 0, 0, []read{{PublishComplete, true}}, ""},
		{"public after processing and moderation", PublicToEveryone, "/v.mp4", 2, 1,
			[]read{{ProcessingDownload, false}, {ProcessingDownload, false}, {PublishComplete, false}, {PublishComplete, true}}, ""},
		{"private", SelfOnly, "/v.mp4", 1, 1, []read{{ProcessingDownload, false}, {PublishComplete, false}, {PublishComplete, false}}, ""},
		{"friends only", MutualFollowFriends, "/v.mp4", 0, 0, []read{{PublishComplete, false}}, ""},
		{"media gone", PublicToEveryone, "/gone.mp4", 1, 0, []read{{ProcessingDownload, false}, {Failed, false}}, ReasonVideoPull},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.fake.ProcessingReads, s.fake.ModerationReads = tt.processing, tt.moderated
			a := s.post(t, token, "/v2/post/publish/video/init/", videoBody(tt.privacy, s.url(tt.media)))
			id := field[string](t, a, "publish_id")
			for i, want := range tt.want {
				st := s.post(t, token, "/v2/post/publish/status/fetch/", `{"publish_id":"`+id+`"}`)
				got := read{status: field[string](t, st, "status"), publicID: len(field[[]json.Number](t, st, "publicaly_available_post_id")) > 0}
				if got != want {
					t.Errorf("read %d: got %+v, want %+v", i+1, got, want)
				}
				if got.status == Failed {
					if reason := field[string](t, st, "fail_reason"); reason != tt.wantReason {
						t.Errorf("fail_reason: got %q, want %q", reason, tt.wantReason)
					}
				}
			}
		})
	}
	t.Run("unknown and another's publish id", func(t *testing.T) {
		s := newStack(t)
		id := s.publish(t, SelfOnly)
		s.fake.RegisterAccount("other", "act.other")
		for tok, want := range map[string]string{token: codeInvalidPublishID, "act.other": codeNotYourPublishID} {
			pid := id
			if tok == token {
				pid = "v_pub_url~v2.1"
			}
			if a := s.post(t, tok, "/v2/post/publish/status/fetch/", `{"publish_id":"`+pid+`"}`); a.status != 400 || a.Error.Code != want {
				t.Errorf("got %d %s, want 400 %s", a.status, a.Error.Code, want)
			}
		}
	})
}

// TestVideos: the Display API lists and measures public videos only,
// newest first, paged by a cursor in milliseconds.
func TestVideos(t *testing.T) {
	s := newStack(t)
	s.fake.RegisterAccount("other", "act.other")
	for range 3 {
		s.publish(t, PublicToEveryone)
		s.clock.Advance(time.Minute)
	}
	s.publish(t, SelfOnly)
	if a := s.post(t, "act.other", "/v2/post/publish/video/init/", videoBody(PublicToEveryone, s.url("/v.mp4"))); a.Error.Code != "ok" {
		t.Fatal(a.Error.Code)
	}
	type listed struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Description string `json:"video_description"`
		CreateTime  int64  `json:"create_time"`
	}
	list := "/v2/video/list/?fields=id,title,video_description,create_time"
	first := s.post(t, token, list, `{"max_count":2}`)
	page := field[[]listed](t, first, "videos")
	if len(page) != 2 || !field[bool](t, first, "has_more") || page[0].CreateTime <= page[1].CreateTime {
		t.Fatalf("first page: got %+v", page)
	}
	if page[0].Title != "Hello #fyp" || page[0].Description != "Hello #fyp" {
		t.Errorf("caption: got title %q and description %q, want the caption in both", page[0].Title, page[0].Description)
	}
	cursor := field[int64](t, first, "cursor")
	second := s.post(t, token, list, `{"max_count":2,"cursor":`+string(first.Data["cursor"])+`}`)
	if rest := field[[]listed](t, second, "videos"); len(rest) != 1 || field[bool](t, second, "has_more") || rest[0].CreateTime*1000 >= cursor {
		t.Errorf("second page: got %+v", rest)
	}
	if a := s.post(t, token, list, `{"max_count":21}`); a.status != 400 || a.Error.Code != codeInvalidParams {
		t.Errorf("max_count 21: got %d %s", a.status, a.Error.Code)
	}
	if a := s.post(t, token, "/v2/video/list/?fields=id,secret", `{}`); a.status != 400 || a.Error.Code != codeInvalidParams {
		t.Errorf("unknown field: got %d %s", a.status, a.Error.Code)
	}

	s.fake.Faults.FailNext(1, netfake.StaleListing)
	if stale := field[[]listed](t, s.post(t, token, list, `{}`), "videos"); len(stale) != 2 || stale[0].ID != page[1].ID {
		t.Errorf("stale listing: got %+v, want the newest left out", stale)
	}

	s.fake.Engagement.Set(page[0].ID, netfake.Metrics{Likes: 7, Comments: 2, Shares: 1, Impressions: 90})
	query := "/v2/video/query/?fields=id,like_count,comment_count,share_count,view_count"
	var others []string
	for _, p := range s.fake.Posts("other") {
		others = append(others, p.VideoID)
	}
	q := s.post(t, token, query, `{"filters":{"video_ids":["`+page[0].ID+`","`+others[0]+`"]}}`)
	var got []map[string]any
	if err := json.Unmarshal(q.Data["videos"], &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0]["id"] != page[0].ID || got[0]["like_count"] != 7.0 || got[0]["view_count"] != 90.0 {
		t.Errorf("query: got %+v, want only the account's video with its figures", got)
	}
	if a := s.post(t, token, query, `{"filters":{"video_ids":[]}}`); a.status != 400 {
		t.Errorf("no ids: got %d, want 400", a.status)
	}
}

// TestScopes: a token without video.list may post but not list.
func TestScopes(t *testing.T) {
	s := newStack(t)
	s.fake.RegisterApp("key", "secret")
	tok := s.consent(t, ScopeUserInfo+","+ScopePublish, "").AccessToken
	if a := s.post(t, tok, "/v2/post/publish/creator_info/query/", "{}"); a.Error.Code != "ok" {
		t.Errorf("creator info: got %s, want ok", a.Error.Code)
	}
	if a := s.post(t, tok, "/v2/video/list/?fields=id", "{}"); a.status != 401 || a.Error.Code != codeScopeNotAuthorized {
		t.Errorf("list: got %d %s, want 401 %s", a.status, a.Error.Code, codeScopeNotAuthorized)
	}
}

// TestFaults: injected faults answer in TikTok's envelope.
func TestFaults(t *testing.T) {
	for fault, want := range map[netfake.Fault]struct {
		status int
		code   string
	}{netfake.ServerError: {500, codeInternal}, netfake.RateLimit: {429, codeRateLimited}} {
		s := newStack(t)
		s.fake.Faults.FailNext(1, fault)
		if a := s.post(t, token, "/v2/post/publish/creator_info/query/", "{}"); a.status != want.status || a.Error.Code != want.code {
			t.Errorf("%s: got %d %s, want %d %s", fault, a.status, a.Error.Code, want.status, want.code)
		}
	}
}
