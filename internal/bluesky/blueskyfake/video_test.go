package blueskyfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

var mp4Bytes = []byte("\x00\x00\x00\x18ftypmp42" + strings.Repeat("v", 3000))

// serviceToken asks the PDS for a service token, or fails the test.
func (p *pds) serviceToken(access, aud, lxm string) string {
	p.t.Helper()
	q := url.Values{"aud": {aud}, "lxm": {lxm}}
	status, out := p.call("GET", "com.atproto.server.getServiceAuth?"+q.Encode(), access, "")
	if status != http.StatusOK {
		p.t.Fatalf("getServiceAuth: got %d %v", status, out)
	}
	return out["token"].(string)
}

// hostDID is the fake's DID, as the PDS's and as the video service's.
func (p *pds) hostDID() string {
	u, _ := url.Parse(p.srv.URL)
	return "did:web:" + u.Hostname()
}

// uploadVideo sends a video to uploadVideo and returns the status and
// the decoded answer.
func (p *pds) uploadVideo(token, did, typ string, b []byte) (int, map[string]any) {
	p.t.Helper()
	q := url.Values{"did": {did}, "name": {"clip.mp4"}}
	req, err := http.NewRequest("POST", p.srv.URL+"/xrpc/app.bsky.video.uploadVideo?"+q.Encode(), bytes.NewReader(b))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", typ)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("uploadVideo: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(body, &out)
	return resp.StatusCode, out
}

// jobState reads a job's status.
func (p *pds) jobState(id string) (int, map[string]any) {
	p.t.Helper()
	status, out := p.call("GET", "app.bsky.video.getJobStatus?jobId="+url.QueryEscape(id), "", "")
	if st, ok := out["jobStatus"].(map[string]any); ok {
		return status, st
	}
	return status, out
}

func TestGetServiceAuth(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	now := p.s.Now()
	tests := []struct {
		name       string
		bearer     string
		query      url.Values
		wantStatus int
		wantError  string
	}{
		{name: "for uploadBlob, 30 minutes", bearer: access, query: url.Values{"aud": {"did:web:pds.example"}, "lxm": {"com.atproto.repo.uploadBlob"}, "exp": {strconv.FormatInt(now.Add(30*time.Minute).Unix(), 10)}}, wantStatus: 200},
		{name: "default expiry", bearer: access, query: url.Values{"aud": {"did:web:video.bsky.app"}, "lxm": {"app.bsky.video.getUploadLimits"}}, wantStatus: 200},
		{name: "no aud", bearer: access, query: url.Values{"lxm": {"x.y.z"}}, wantStatus: 400, wantError: "InvalidRequest"},
		{name: "aud not a DID", bearer: access, query: url.Values{"aud": {"video.bsky.app"}}, wantStatus: 400, wantError: "InvalidRequest"},
		{name: "expired already", bearer: access, query: url.Values{"aud": {"did:web:x"}, "lxm": {"x.y.z"}, "exp": {strconv.FormatInt(now.Add(-time.Second).Unix(), 10)}}, wantStatus: 400, wantError: "BadExpiration"},
		{name: "over an hour", bearer: access, query: url.Values{"aud": {"did:web:x"}, "lxm": {"x.y.z"}, "exp": {strconv.FormatInt(now.Add(61*time.Minute).Unix(), 10)}}, wantStatus: 400, wantError: "BadExpiration"},
		{name: "no method, over a minute", bearer: access, query: url.Values{"aud": {"did:web:x"}, "exp": {strconv.FormatInt(now.Add(2*time.Minute).Unix(), 10)}}, wantStatus: 400, wantError: "BadExpiration"},
		{name: "no token", query: url.Values{"aud": {"did:web:x"}}, wantStatus: 401, wantError: "AuthenticationRequired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out := p.call("GET", "com.atproto.server.getServiceAuth?"+tt.query.Encode(), tt.bearer, "")
			if status != tt.wantStatus || (tt.wantError != "" && out["error"] != tt.wantError) || (status == 200 && out["token"] == "") {
				t.Errorf("answer: got %d %v, want %d %s", status, out, tt.wantStatus, tt.wantError)
			}
		})
	}
}

func TestGetUploadLimits(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(p *pds)
		aud, lxm   string
		wantStatus int
		want       string
	}{
		{name: "can upload", wantStatus: 200, want: `"canUpload":true,"remainingDailyBytes":10000000000,"remainingDailyVideos":25`},
		{name: "unconfirmed email", setup: func(p *pds) { p.s.UnconfirmedEmail("acme.bsky.social") }, wantStatus: 200, want: `"canUpload":false,"error":"unconfirmed_email"`},
		{name: "no videos left today", setup: func(p *pds) { p.s.DailyVideos = 0 }, wantStatus: 200, want: `"canUpload":false`},
		{name: "token for another method", lxm: "com.atproto.repo.uploadBlob", wantStatus: 401, want: `"error":"BadJwtLexiconMethod"`},
		{name: "token for another service", aud: "did:web:video.bsky.app", wantStatus: 401, want: `"error":"BadJwtAudience"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPDS(t)
			if tt.setup != nil {
				tt.setup(p)
			}
			access, _ := p.login()
			aud, lxm := p.hostDID(), "app.bsky.video.getUploadLimits"
			if tt.aud != "" {
				aud = tt.aud
			}
			if tt.lxm != "" {
				lxm = tt.lxm
			}
			status, out := p.call("GET", "app.bsky.video.getUploadLimits", p.serviceToken(access, aud, lxm), "")
			b, _ := json.Marshal(out)
			if status != tt.wantStatus || !strings.Contains(string(b), tt.want) {
				t.Errorf("answer: got %d %s, want %d with %s", status, b, tt.wantStatus, tt.want)
			}
		})
	}
}

// TestVideoJob: an upload makes a job, processing for JobReads reads,
// then completed with the blob the service stored on the PDS, which a
// post embeds with its alt text.
func TestVideoJob(t *testing.T) {
	p := newPDS(t)
	p.s.JobReads = 2
	access, _ := p.login()
	status, created := p.uploadVideo(p.serviceToken(access, p.hostDID(), "com.atproto.repo.uploadBlob"), p.did, "video/mp4", mp4Bytes)
	id, _ := created["jobId"].(string)
	if status != 200 || created["state"] != "JOB_STATE_CREATED" || id == "" {
		t.Fatalf("upload: got %d %v, want 200, a job created, its status flat", status, created)
	}
	var states []string
	var done map[string]any
	for range 3 {
		status, st := p.jobState(id)
		if status != 200 {
			t.Fatalf("getJobStatus: got %d %v", status, st)
		}
		states = append(states, st["state"].(string))
		done = st
	}
	if got, want := strings.Join(states, " "), "JOB_STATE_ENCODING JOB_STATE_ENCODING JOB_STATE_COMPLETED"; got != want {
		t.Errorf("states: got %s, want %s", got, want)
	}
	blob, _ := done["blob"].(map[string]any)
	if blob["mimeType"] != "video/mp4" || blob["size"] != float64(len(mp4Bytes)) {
		t.Fatalf("blob: got %v, want the video's", done["blob"])
	}
	body, _ := json.Marshal(map[string]any{
		"repo": p.did, "collection": "app.bsky.feed.post", "rkey": tidOf("v"),
		"record": map[string]any{
			"$type": "app.bsky.feed.post", "text": "Bonjour", "createdAt": "2026-11-22T09:00:00.000Z",
			"embed": map[string]any{"$type": "app.bsky.embed.video", "video": blob, "alt": "Le chef", "aspectRatio": map[string]int{"width": 9, "height": 16}},
		},
	})
	if status, out := p.call("POST", "com.atproto.repo.createRecord", access, string(body)); status != 200 {
		t.Fatalf("createRecord: got %d %v", status, out)
	}
	recs := p.s.Records(p.did)
	if len(recs) != 1 || recs[0].Video == nil {
		t.Fatalf("records: got %+v, want one with a video", recs)
	}
	v := recs[0].Video
	if v.Alt != "Le chef" || *v.AspectRatio != (AspectRatio{9, 16}) || !bytes.Equal(v.Bytes, mp4Bytes) {
		t.Errorf("video: got alt %q, %+v, %d bytes, want its alt, 9:16, the upload's bytes", v.Alt, v.AspectRatio, len(v.Bytes))
	}
	// The same video again: already processed.
	status, again := p.uploadVideo(p.serviceToken(access, p.hostDID(), "com.atproto.repo.uploadBlob"), p.did, "video/mp4", mp4Bytes)
	if status != http.StatusConflict || again["error"] != "already_exists" || again["jobId"] != id {
		t.Errorf("upload again: got %d %v, want 409 already_exists with job %s", status, again, id)
	}
	if got := p.s.VideoUploads(); got != 1 {
		t.Errorf("uploads: got %d, want 1", got)
	}
}

func TestUploadVideoRefused(t *testing.T) {
	tests := []struct {
		name       string
		setup      func(p *pds)
		token      func(p *pds, access string) string
		did, typ   string
		wantStatus int
		want       string
	}{
		{name: "too big", setup: func(p *pds) { p.s.MaxVideoSize = 100 }, wantStatus: 413, want: `"error":"VideoTooLarge"`},
		{name: "not a video", typ: "image/png", wantStatus: 400, want: `"error":"UnsupportedContentType"`},
		{name: "another account's DID", did: "did:plc:someoneelse", wantStatus: 401, want: `"error":"BadJwt"`},
		{name: "token for the video service", token: func(p *pds, access string) string {
			return p.serviceToken(access, p.hostDID(), "app.bsky.video.getUploadLimits")
		}, wantStatus: 401, want: `"error":"BadJwtLexiconMethod"`},
		{name: "an access token", token: func(_ *pds, access string) string { return access }, wantStatus: 401, want: `"error":"BadJwt"`},
		{name: "unconfirmed email", setup: func(p *pds) { p.s.UnconfirmedEmail(p.did) }, wantStatus: 400, want: `{"jobStatus":{"did":"","error":"unconfirmed_email"`},
		{name: "daily limit", setup: func(p *pds) { p.s.DailyVideoBytes = 100 }, wantStatus: 429, want: `"error":"DailyLimitExceeded"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPDS(t)
			if tt.setup != nil {
				tt.setup(p)
			}
			access, _ := p.login()
			token := p.serviceToken(access, p.hostDID(), "com.atproto.repo.uploadBlob")
			if tt.token != nil {
				token = tt.token(p, access)
			}
			did, typ := p.did, "video/mp4"
			if tt.did != "" {
				did = tt.did
			}
			if tt.typ != "" {
				typ = tt.typ
			}
			status, out := p.uploadVideo(token, did, typ, mp4Bytes)
			b, _ := json.Marshal(out)
			if status != tt.wantStatus || !strings.Contains(string(b), tt.want) {
				t.Errorf("answer: got %d %s, want %d with %s", status, b, tt.wantStatus, tt.want)
			}
			if got := p.s.VideoUploads(); got != 0 {
				t.Errorf("jobs: got %d, want none", got)
			}
		})
	}
}

func TestVideoJobFailed(t *testing.T) {
	p := newPDS(t)
	p.s.FailJobs = &VideoFailure{Code: "validation_failure", Error: "video too long", Message: "Videos may be 3 minutes long at most"}
	access, _ := p.login()
	_, created := p.uploadVideo(p.serviceToken(access, p.hostDID(), "com.atproto.repo.uploadBlob"), p.did, "video/mp4", mp4Bytes)
	status, st := p.jobState(created["jobId"].(string))
	if status != 200 || st["state"] != "JOB_STATE_FAILED" || st["failureCode"] != "validation_failure" || st["message"] != "Videos may be 3 minutes long at most" || st["blob"] != nil {
		t.Errorf("job: got %d %v, want failed with its code and message", status, st)
	}
	if status, out := p.jobState("job-unknown"); status != 404 || out["error"] != "NotFound" {
		t.Errorf("unknown job: got %d %v, want 404 NotFound", status, out)
	}
}

// TestVideoEmbedRefused: a post's video must be an MP4 blob the account
// holds, as uploaded.
func TestVideoEmbedRefused(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	_, created := p.uploadVideo(p.serviceToken(access, p.hostDID(), "com.atproto.repo.uploadBlob"), p.did, "video/mp4", mp4Bytes)
	_, st := p.jobState(created["jobId"].(string))
	blob := st["blob"].(map[string]any)
	with := func(change func(b map[string]any)) map[string]any {
		c := map[string]any{}
		for k, v := range blob {
			c[k] = v
		}
		change(c)
		return c
	}
	tests := []struct {
		name      string
		video     any
		wantError string
		want      string
	}{
		{"no video", nil, "InvalidRequest", `Missing required key "video"`},
		{"not an MP4", with(func(b map[string]any) { b["mimeType"] = "video/webm" }), "InvalidRequest", `Expected "video/mp4"`},
		{"unknown blob", with(func(b map[string]any) { b["ref"] = map[string]string{"$link": "bafkreiunknown"} }), "BlobNotFound", "Could not find blob"},
		{"another size", with(func(b map[string]any) { b["size"] = 5 }), "InvalidSize", "Referenced Size does not match"},
		{"over 300 MB", with(func(b map[string]any) { b["size"] = maxEmbedVideoSize + 1 }), "InvalidRequest", "blob too big"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			embed := map[string]any{"$type": "app.bsky.embed.video"}
			if tt.video != nil {
				embed["video"] = tt.video
			}
			body, _ := json.Marshal(map[string]any{
				"repo": p.did, "collection": "app.bsky.feed.post", "rkey": tidOf(strconv.Itoa(i)),
				"record": map[string]any{"$type": "app.bsky.feed.post", "text": "Bonjour", "createdAt": "2026-11-22T09:00:00.000Z", "embed": embed},
			})
			status, out := p.call("POST", "com.atproto.repo.createRecord", access, string(body))
			msg, _ := out["message"].(string)
			if status != 400 || out["error"] != tt.wantError || !strings.Contains(msg, tt.want) {
				t.Errorf("answer: got %d %v, want 400 %s saying %q", status, out, tt.wantError, tt.want)
			}
		})
	}
}

func TestSessionDIDDocument(t *testing.T) {
	p := newPDS(t)
	_, out := p.call("POST", "com.atproto.server.createSession", "", `{"identifier":"acme.bsky.social","password":"app-pass"}`)
	doc, _ := json.Marshal(out["didDoc"])
	if want := `"serviceEndpoint":"` + p.srv.URL + `"`; !strings.Contains(string(doc), want) || !strings.Contains(string(doc), `"id":"#atproto_pds"`) {
		t.Errorf("didDoc: got %s, want the fake as the account's PDS", doc)
	}
}
