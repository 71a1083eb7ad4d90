package xfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// fake is a Server at a settable time, with a helper to call it.
type fake struct {
	*Server
	now time.Time
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{Server: New(), now: t0}
	f.Now = func() time.Time { return f.now } // tests here call it from one goroutine
	f.RegisterUser("1001", "tok-acme")
	return f
}

// call sends a request and returns the answer's status, headers and body.
func (f *fake) call(t *testing.T, method, path, token, body string) (int, http.Header, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, rec.Result().Header, string(b)
}

func TestCreate(t *testing.T) {
	tests := []struct {
		name       string
		token      string
		body       string
		wantStatus int
		wantInBody string
	}{
		{"ok", "tok-acme", `{"text":"Bonjour"}`, 201, `"text":"Bonjour"`},
		{"longest", "tok-acme", `{"text":"` + strings.Repeat("é", MaxText) + `"}`, 201, `"id":"`},
		{"too long", "tok-acme", `{"text":"` + strings.Repeat("é", MaxText+1) + `"}`, 400, `"errors":[`},
		{"empty", "tok-acme", `{"text":""}`, 400, `Invalid Request`},
		{"not JSON", "tok-acme", `text=Bonjour`, 400, `Invalid Request`},
		{"bad token", "tok-nope", `{"text":"Bonjour"}`, 401, `"title":"Unauthorized"`},
		{"no token", "", `{"text":"Bonjour"}`, 401, `"title":"Unauthorized"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			status, _, body := f.call(t, "POST", "/2/tweets", tt.token, tt.body)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantInBody) {
				t.Errorf("got %d %s, want %d with %s", status, body, tt.wantStatus, tt.wantInBody)
			}
			wantPosts := 0
			if tt.wantStatus == 201 {
				wantPosts = 1
			}
			if got := len(f.Posts("1001")); got != wantPosts {
				t.Errorf("posts: got %d, want %d", got, wantPosts)
			}
		})
	}
}

func TestDuplicateWindow(t *testing.T) {
	f := newFake(t)
	f.RegisterUser("2002", "tok-globex")
	post := `{"text":"Bonjour"}`
	steps := []struct {
		after      time.Duration
		token      string
		wantStatus int
	}{
		{0, "tok-acme", 201},
		{time.Hour, "tok-acme", 403},
		{0, "tok-globex", 201},
		{23*time.Hour - time.Second, "tok-acme", 403},
		{time.Second, "tok-acme", 201},
	}
	for i, s := range steps {
		f.now = f.now.Add(s.after)
		status, _, body := f.call(t, "POST", "/2/tweets", s.token, post)
		if status != s.wantStatus {
			t.Fatalf("step %d: got %d %s, want %d", i, status, body, s.wantStatus)
		}
		if status == 403 && !strings.Contains(body, DuplicateDetail) {
			t.Errorf("step %d: body %s lacks the duplicate detail", i, body)
		}
	}
}

func TestRateLimit(t *testing.T) {
	f := newFake(t)
	f.SetLimit(2)
	reset := strconv.FormatInt(t0.Add(Window).Unix(), 10)
	steps := []struct {
		after         time.Duration
		wantStatus    int
		wantRemaining string
		wantReset     string
	}{
		{0, 201, "1", reset},
		{time.Minute, 201, "0", reset},
		{time.Minute, 429, "0", reset},
		{13 * time.Minute, 201, "1", strconv.FormatInt(t0.Add(15*time.Minute+Window).Unix(), 10)},
	}
	for i, s := range steps {
		f.now = f.now.Add(s.after)
		status, h, body := f.call(t, "POST", "/2/tweets", "tok-acme", `{"text":"post `+strconv.Itoa(i)+`"}`)
		if status != s.wantStatus {
			t.Fatalf("step %d: got %d %s, want %d", i, status, body, s.wantStatus)
		}
		got := [3]string{h.Get("x-rate-limit-limit"), h.Get("x-rate-limit-remaining"), h.Get("x-rate-limit-reset")}
		if want := [3]string{"2", s.wantRemaining, s.wantReset}; got != want {
			t.Errorf("step %d: limit, remaining, reset: got %v, want %v", i, got, want)
		}
	}
}

func TestTimeline(t *testing.T) {
	f := newFake(t)
	for i, text := range []string{"un", "R&D <3 https://acme.example/a?x=1&y=2", "trois"} {
		f.now = t0.Add(time.Duration(i) * time.Minute)
		if status, _, body := f.call(t, "POST", "/2/tweets", "tok-acme", `{"text":`+strconv.Quote(text)+`}`); status != 201 {
			t.Fatalf("post %d: %d %s", i, status, body)
		}
	}
	tests := []struct {
		name       string
		query      string
		wantStatus int
		wantInBody []string
	}{
		{"newest first, with fields", "?max_results=5&tweet.fields=created_at,entities", 200, []string{
			`"text":"trois"`,
			`"text":"R\u0026amp;D \u0026lt;3 https://t.co/`,
			`"expanded_url":"https://acme.example/a?x=1\u0026y=2"`,
			`"created_at":"2026-11-20T09:02:00.000Z"`,
		}},
		{"since", "?start_time=2026-11-20T09:01:00Z", 200, []string{`"result_count":2`}},
		{"paged", "?max_results=5&start_time=2026-11-20T08:00:00Z", 200, []string{`"result_count":3`}},
		{"max_results too small", "?max_results=4", 400, []string{"max_results"}},
		{"bad start_time", "?start_time=yesterday", 400, []string{"start_time"}},
		{"bad pagination_token", "?pagination_token=zz", 400, []string{"pagination_token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := f.call(t, "GET", "/2/users/1001/tweets"+tt.query, "tok-acme", "")
			if status != tt.wantStatus {
				t.Fatalf("got %d %s, want %d", status, body, tt.wantStatus)
			}
			for _, s := range tt.wantInBody {
				if !strings.Contains(body, s) {
					t.Errorf("body %s lacks %s", body, s)
				}
			}
		})
	}
	if _, _, body := f.call(t, "GET", "/2/users/1001/tweets", "tok-acme", ""); strings.Contains(body, "created_at") || strings.Contains(body, "entities") {
		t.Errorf("fields given without being asked for: %s", body)
	}
}

func TestTimelinePages(t *testing.T) {
	f := newFake(t)
	for i := 0; i < 12; i++ {
		f.call(t, "POST", "/2/tweets", "tok-acme", `{"text":"post `+strconv.Itoa(i)+`"}`)
	}
	var ids []string
	token := ""
	for pages := 0; ; pages++ {
		if pages > 3 {
			t.Fatal("more than 3 pages of 5 for 12 posts")
		}
		path := "/2/users/1001/tweets?max_results=5"
		if token != "" {
			path += "&pagination_token=" + token
		}
		_, _, body := f.call(t, "GET", path, "tok-acme", "")
		var out struct {
			Data []struct{ ID string } `json:"data"`
			Meta struct {
				NextToken string `json:"next_token"`
			} `json:"meta"`
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("decode %s: %v", body, err)
		}
		for _, d := range out.Data {
			ids = append(ids, d.ID)
		}
		if token = out.Meta.NextToken; token == "" {
			break
		}
	}
	posts := f.Posts("1001")
	if len(ids) != len(posts) {
		t.Fatalf("listed: got %d, want %d", len(ids), len(posts))
	}
	for i, id := range ids {
		if want := posts[len(posts)-1-i].ID; id != want {
			t.Errorf("listed %d: got %s, want %s", i, id, want)
		}
	}
}

func TestHide(t *testing.T) {
	f := newFake(t)
	f.RegisterUser("2002", "tok-globex")
	f.AddReply("1001", "9001")
	steps := []struct {
		token, id, body string
		wantStatus      int
		wantHidden      bool
	}{
		{"tok-globex", "9001", `{"hidden":true}`, 403, false},
		{"tok-acme", "9999", `{"hidden":true}`, 404, false},
		{"tok-acme", "9001", `{}`, 400, false},
		{"tok-acme", "9001", `{"hidden":true}`, 200, true},
		{"tok-acme", "9001", `{"hidden":false}`, 200, false},
	}
	for i, s := range steps {
		status, _, body := f.call(t, "PUT", "/2/tweets/"+s.id+"/hidden", s.token, s.body)
		if status != s.wantStatus {
			t.Fatalf("step %d: got %d %s, want %d", i, status, body, s.wantStatus)
		}
		if got := f.Hidden("9001"); got != s.wantHidden {
			t.Errorf("step %d: hidden: got %t, want %t", i, got, s.wantHidden)
		}
	}
	// Acme used 4 of its window above, refused requests included.
	for i := 0; i < HideLimit-4; i++ {
		f.call(t, "PUT", "/2/tweets/9001/hidden", "tok-acme", `{"hidden":true}`)
	}
	if status, _, _ := f.call(t, "PUT", "/2/tweets/9001/hidden", "tok-acme", `{"hidden":true}`); status != 429 {
		t.Errorf("hide %d: got %d, want 429", HideLimit+1, status)
	}
}

func TestReconnectRevokesToken(t *testing.T) {
	f := newFake(t)
	f.RegisterUser("1001", "tok-acme-2")
	for token, want := range map[string]int{"tok-acme": 401, "tok-acme-2": 201} {
		if status, _, _ := f.call(t, "POST", "/2/tweets", token, `{"text":"`+token+`"}`); status != want {
			t.Errorf("%s: got %d, want %d", token, status, want)
		}
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		fault      netfake.Fault
		wantStatus int
		wantHeader string
	}{
		{netfake.ServerError, 503, ""},
		{netfake.RateLimit, 429, "x-rate-limit-reset"},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			f := newFake(t)
			f.Faults.FailNext(1, tt.fault)
			status, h, body := f.call(t, "POST", "/2/tweets", "tok-acme", `{"text":"Bonjour"}`)
			if status != tt.wantStatus || !strings.Contains(body, `"title"`) {
				t.Errorf("got %d %s, want %d with a problem body", status, body, tt.wantStatus)
			}
			if tt.wantHeader != "" && h.Get(tt.wantHeader) == "" {
				t.Errorf("header %s missing", tt.wantHeader)
			}
			if got := len(f.Posts("1001")); got != 0 {
				t.Errorf("posts: got %d, want 0", got)
			}
		})
	}
}

func TestUnknownRoute(t *testing.T) {
	f := newFake(t)
	if status, _, body := f.call(t, "GET", "/2/tweets", "tok-acme", ""); status != 404 || !strings.Contains(body, `"title":"Not Found"`) {
		t.Errorf("got %d %s, want 404 problem", status, body)
	}
}
