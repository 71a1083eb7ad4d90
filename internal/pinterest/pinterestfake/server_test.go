package pinterestfake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	token     = "pina_acme"
	acmeBoard = "42"
	// otherBoard is another person's.
	otherBoard = "43"
	otherTk    = "pina_other"
)

// fixture is a fake where acme owns board 42 and another person board 43,
// with an image host for Pins to fetch.
type fixture struct {
	s   *Server
	srv *httptest.Server
	img string // a PNG's URL
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{s: New(), now: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	f.s.Now = func() time.Time { return f.now }
	f.s.RegisterAccount(acmeBoard, token)
	f.s.RegisterAccount(otherBoard, otherTk)
	f.srv = httptest.NewServer(f.s)
	t.Cleanup(f.srv.Close)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/a.png" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"))
	}))
	t.Cleanup(host.Close)
	f.img = host.URL + "/a.png"
	return f
}

// do makes a request as tok and returns the status and the body.
func (f *fixture) do(t *testing.T, method, path, tok, body string) (int, []byte) {
	t.Helper()
	resp, b := netfake.SendJSON(t, method, f.srv.URL+path, tok, body)
	return resp.StatusCode, b
}

// errorCode is the code of Pinterest's error answer, or 0.
func errorCode(body []byte) int {
	var e Error
	_ = json.Unmarshal(body, &e)
	return e.Code
}

func TestRequests(t *testing.T) {
	f := newFixture(t)
	pin := func(fields string) string {
		return `{"board_id":"42","description":"hi",` + fields + `}`
	}
	image := `"media_source":{"source_type":"image_url","url":"` + f.img + `"}`
	items := func(n int) string {
		its := make([]string, n)
		for i := range its {
			its[i] = `{"url":"` + f.img + `"}`
		}
		return `"media_source":{"source_type":"multiple_image_urls","items":[` + strings.Join(its, ",") + `]}`
	}
	tests := []struct {
		name, method, path, tok, body string
		wantStatus, wantCode          int
	}{
		{"image pin", "POST", "/v5/pins", token, pin(image), 201, 0},
		{"carousel", "POST", "/v5/pins", token, pin(items(5)), 201, 0},
		{"carousel of one", "POST", "/v5/pins", token, pin(items(1)), 400, 400},
		{"carousel of six", "POST", "/v5/pins", token, pin(items(6)), 400, 400},
		{"no media", "POST", "/v5/pins", token, pin(`"link":"https://acme.example"`), 400, 400},
		{"base64 image", "POST", "/v5/pins", token, pin(`"media_source":{"source_type":"image_base64","data":"AA=="}`), 400, 400},
		{"image gone", "POST", "/v5/pins", token, pin(strings.Replace(image, "/a.png", "/b.png", 1)), 400, 400},
		{"description too long", "POST", "/v5/pins", token, `{"board_id":"42","description":"` + strings.Repeat("é", 801) + `",` + image + `}`, 400, 400},
		{"longest description", "POST", "/v5/pins", token, `{"board_id":"42","description":"` + strings.Repeat("é", 800) + `",` + image + `}`, 201, 0},
		{"title too long", "POST", "/v5/pins", token, pin(`"title":"` + strings.Repeat("t", 101) + `",` + image), 400, 400},
		{"alt text too long", "POST", "/v5/pins", token, pin(`"alt_text":"` + strings.Repeat("a", 501) + `",` + image), 400, 400},
		{"another person's board", "POST", "/v5/pins", token, strings.Replace(pin(image), `"42"`, `"43"`, 1), 403, 403},
		{"unknown board", "POST", "/v5/pins", token, strings.Replace(pin(image), `"42"`, `"44"`, 1), 404, 404},
		{"no token", "POST", "/v5/pins", "", pin(image), 401, 2},
		{"unknown token", "GET", "/v5/boards", "pina_nope", "", 401, 2},
		{"boards", "GET", "/v5/boards?page_size=250", token, "", 200, 0},
		{"page too big", "GET", "/v5/boards?page_size=251", token, "", 400, 400},
		{"bookmark not the fake's", "GET", "/v5/boards?bookmark=zzz", token, "", 400, 400},
		{"board's pins", "GET", "/v5/boards/42/pins", token, "", 200, 0},
		{"another person's pins", "GET", "/v5/boards/43/pins", token, "", 403, 403},
		{"unknown path", "GET", "/v5/ad_accounts", token, "", 404, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := f.do(t, tt.method, tt.path, tt.tok, tt.body)
			if status != tt.wantStatus || errorCode(body) != tt.wantCode {
				t.Errorf("got %d %d (%s), want %d %d", status, errorCode(body), body, tt.wantStatus, tt.wantCode)
			}
		})
	}
}

// TestListing: a board's Pins come newest first, a page at a time, the
// last page's bookmark null.
func TestListing(t *testing.T) {
	f := newFixture(t)
	for _, d := range []string{"one", "two", "three"} {
		body := `{"board_id":"42","description":"` + d + `","media_source":{"source_type":"image_url","url":"` + f.img + `"}}`
		if status, b := f.do(t, "POST", "/v5/pins", token, body); status != 201 {
			t.Fatalf("pin %s: %d %s", d, status, b)
		}
		f.now = f.now.Add(time.Minute)
	}
	var got []string
	path := "/v5/boards/42/pins?page_size=2"
	for pages := 0; path != ""; pages++ {
		if pages == 3 {
			t.Fatal("more than 2 pages")
		}
		_, b := f.do(t, "GET", path, token, "")
		var page struct {
			Items []struct {
				Description string `json:"description"`
			} `json:"items"`
			Bookmark *string `json:"bookmark"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		for _, p := range page.Items {
			got = append(got, p.Description)
		}
		path = ""
		if page.Bookmark != nil {
			path = "/v5/boards/42/pins?page_size=2&bookmark=" + *page.Bookmark
		}
	}
	if want := "three two one"; strings.Join(got, " ") != want {
		t.Errorf("pins: got %q, want %q", got, want)
	}
}

// TestRateLimit: past its calls in a category's minute, a person gets 429
// until the next minute; other categories and people are not counted.
func TestRateLimit(t *testing.T) {
	f := newFixture(t)
	f.s.SetRateLimit(2)
	f.now = f.now.Add(30 * time.Second)
	steps := []struct {
		advance    time.Duration
		tok, path  string
		wantStatus int
	}{
		{0, token, "/v5/boards", 200},
		{0, token, "/v5/boards/42/pins", 200},
		{0, token, "/v5/boards", 429},
		{0, otherTk, "/v5/boards", 200},
		{0, token, "/v5/pins/1/analytics", 400},
		{29 * time.Second, token, "/v5/boards", 429},
		{time.Second, token, "/v5/boards", 200},
	}
	for i, st := range steps {
		f.now = f.now.Add(st.advance)
		if status, _ := f.do(t, "GET", st.path, st.tok, ""); status != st.wantStatus {
			t.Errorf("step %d: got %d, want %d", i, status, st.wantStatus)
		}
	}
}

// TestAnalytics: a Pin's figures for a period of at most 90 days, begun
// at most 90 days back.
func TestAnalytics(t *testing.T) {
	f := newFixture(t)
	_, b := f.do(t, "POST", "/v5/pins", token, `{"board_id":"42","media_source":{"source_type":"image_url","url":"`+f.img+`"}}`)
	var made struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(b, &made); err != nil || made.ID == "" {
		t.Fatalf("pin: %s", b)
	}
	q := func(start, end, metrics string) string {
		return "/v5/pins/" + made.ID + "/analytics?start_date=" + start + "&end_date=" + end + "&metric_types=" + metrics
	}
	tests := []struct {
		name, path string
		wantStatus int
	}{
		{"the last 90 days", q("2026-08-22", "2026-11-20", "IMPRESSION,SAVE,TOTAL_REACTIONS,TOTAL_COMMENTS"), 200},
		{"begun too long ago", q("2026-08-21", "2026-11-20", "IMPRESSION"), 400},
		{"ending before it begins", q("2026-11-20", "2026-11-19", "IMPRESSION"), 400},
		{"no date", q("", "2026-11-20", "IMPRESSION"), 400},
		{"an unknown metric", q("2026-11-01", "2026-11-20", "LIKES"), 400},
		{"an unknown pin", strings.Replace(q("2026-11-01", "2026-11-20", "SAVE"), made.ID, "7", 1), 404},
	}
	for _, tt := range tests {
		if status, b := f.do(t, "GET", tt.path, token, ""); status != tt.wantStatus {
			t.Errorf("%s: got %d (%s), want %d", tt.name, status, b, tt.wantStatus)
		}
	}
	if status, _ := f.do(t, "GET", tests[0].path, otherTk, ""); status != 403 {
		t.Errorf("another person's pin: got %d, want 403", status)
	}
}
