package metafake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	pageID    = "1001"
	pageToken = "page-token"
	igID      = "1784"
	igToken   = "ig-token"
)

func newServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New()
	s.RegisterPage(pageID, pageToken)
	s.RegisterInstagram(igID, igToken)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// answer is a decoded Graph answer: a success or an error.
type answer struct {
	status  int
	header  http.Header
	body    map[string]any
	code    float64
	subcode float64
}

func send(t *testing.T, method, target, contentType, body string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, b := netfake.Send(t, req)
	a := answer{status: resp.StatusCode, header: resp.Header}
	if err := json.Unmarshal(b, &a.body); err != nil {
		t.Fatalf("%s %s: answer %q is not JSON", method, target, b)
	}
	if e, ok := a.body["error"].(map[string]any); ok {
		a.code, _ = e["code"].(float64)
		a.subcode, _ = e["error_subcode"].(float64)
		if e["fbtrace_id"] == "" || e["type"] == "" || e["message"] == "" {
			t.Errorf("error %v: want message, type and fbtrace_id", e)
		}
	}
	return a
}

func TestRequests(t *testing.T) {
	form := "application/x-www-form-urlencoded"
	tests := []struct {
		name        string
		method      string
		path        string
		ctype, body string
		header      []string
		wantStatus  int
		wantCode    float64
		wantSubcode float64
	}{
		{name: "form, bearer", method: "POST", path: "/1001/feed", ctype: form, body: "message=a", header: []string{"Authorization", "Bearer " + pageToken}, wantStatus: 200},
		{name: "versioned path, OAuth header", method: "POST", path: "/v21.0/1001/feed", ctype: form, body: "message=b", header: []string{"Authorization", "OAuth " + pageToken}, wantStatus: 200},
		{name: "JSON, token parameter", method: "POST", path: "/1001/feed", ctype: "application/json", body: `{"message":"c","access_token":"` + pageToken + `"}`, wantStatus: 200},
		{name: "token in the query", method: "POST", path: "/1001/feed?access_token=" + pageToken + "&message=d", wantStatus: 200},
		{name: "no token", method: "POST", path: "/1001/feed", ctype: form, body: "message=e", wantStatus: 400, wantCode: 190},
		{name: "wrong token", method: "POST", path: "/1001/feed", ctype: form, body: "message=e&access_token=nope", wantStatus: 400, wantCode: 190},
		{name: "other account's token", method: "POST", path: "/1001/feed", ctype: form, body: "message=e&access_token=" + igToken, wantStatus: 400, wantCode: 100, wantSubcode: 33},
		{name: "unknown page", method: "POST", path: "/999/feed", ctype: form, body: "message=e&access_token=" + pageToken, wantStatus: 400, wantCode: 100, wantSubcode: 33},
		{name: "empty message", method: "POST", path: "/1001/feed", ctype: form, body: "message=&access_token=" + pageToken, wantStatus: 400, wantCode: 100},
		{name: "photo without url", method: "POST", path: "/1001/photos", ctype: form, body: "caption=x&access_token=" + pageToken, wantStatus: 400, wantCode: 100},
		{name: "container without image", method: "POST", path: "/1784/media", ctype: form, body: "caption=x&access_token=" + igToken, wantStatus: 400, wantCode: 100},
		{name: "unknown edge", method: "GET", path: "/1001/nothing?access_token=" + pageToken, wantStatus: 400, wantCode: 100, wantSubcode: 33},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newServer(t)
			a := send(t, tt.method, srv.URL+tt.path, tt.ctype, tt.body, tt.header...)
			if a.status != tt.wantStatus || a.code != tt.wantCode || a.subcode != tt.wantSubcode {
				t.Errorf("got %d code %v/%v, want %d code %v/%v (%v)", a.status, a.code, a.subcode, tt.wantStatus, tt.wantCode, tt.wantSubcode, a.body)
			}
		})
	}
}

func TestDuplicateWindow(t *testing.T) {
	s, srv := newServer(t)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	post := func() answer {
		return send(t, "POST", srv.URL+"/1001/feed", "application/x-www-form-urlencoded", "message=same&access_token="+pageToken)
	}
	steps := []struct {
		after    time.Duration
		wantCode float64
	}{{0, 0}, {time.Hour, 506}, {DuplicateWindow, 0}}
	for _, st := range steps {
		now = now.Add(st.after)
		if a := post(); a.code != st.wantCode {
			t.Errorf("after %s: got code %v, want %v", st.after, a.code, st.wantCode)
		}
	}
}

func TestThrottleAnswer(t *testing.T) {
	s, srv := newServer(t)
	s.ThrottleMinutes = 7
	s.Faults.FailNext(1, netfake.RateLimit)
	a := send(t, "GET", srv.URL+"/1001/posts?access_token="+pageToken, "", "")
	if a.status != 400 || a.code != 4 {
		t.Errorf("got %d code %v, want 400 code 4", a.status, a.code)
	}
	if h := a.header.Get("X-Business-Use-Case-Usage"); !strings.Contains(h, `"estimated_time_to_regain_access":7`) {
		t.Errorf("X-Business-Use-Case-Usage %q: want 7 minutes", h)
	}
	if a.header.Get("X-App-Usage") == "" {
		t.Error("no X-App-Usage header")
	}
	s.Faults.FailNext(1, netfake.ServerError)
	if a := send(t, "GET", srv.URL+"/1001/posts?access_token="+pageToken, "", ""); a.status != 500 || a.code != 2 {
		t.Errorf("server error: got %d code %v, want 500 code 2", a.status, a.code)
	}
}

// Under a prefix, the paging links keep it.
func TestPagingUnderPrefix(t *testing.T) {
	s := New()
	s.MaxLimit = 1
	s.RegisterPage(pageID, pageToken)
	mux := http.NewServeMux()
	mux.Handle("/meta/", http.StripPrefix("/meta", s))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, m := range []string{"a", "b"} {
		send(t, "POST", srv.URL+"/meta/v21.0/1001/feed", "application/x-www-form-urlencoded", "message="+m+"&access_token="+pageToken)
	}
	a := send(t, "GET", srv.URL+"/meta/v21.0/1001/posts?fields=id,message,created_time&access_token="+pageToken, "", "")
	next, _ := a.body["paging"].(map[string]any)["next"].(string)
	u, err := url.Parse(next)
	if err != nil || u.Path != "/meta/v21.0/1001/posts" {
		t.Fatalf("next %q: want the path under /meta", next)
	}
	b := send(t, "GET", next, "", "")
	data, _ := b.body["data"].([]any)
	if len(data) != 1 || data[0].(map[string]any)["message"] != "a" {
		t.Errorf("second page: got %v, want the older post", b.body)
	}
	if _, more := b.body["paging"]; more {
		t.Errorf("second page: got paging %v, want none", b.body["paging"])
	}
}
