package threadsfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	acct       = "1001"
	acctToken  = "acct-token"
	otherAcct  = "1002"
	otherToken = "other-token"
)

var start = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func newServer(t *testing.T) (*Server, *httptest.Server, *netfake.Clock) {
	t.Helper()
	clock := netfake.NewClock(start)
	s := New()
	s.Now = clock.Now
	s.RegisterAccount(acct, acctToken)
	s.RegisterAccount(otherAcct, otherToken)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv, clock
}

// answer is a decoded answer: a success or Graph's error.
type answer struct {
	status  int
	body    map[string]any
	code    int
	subcode int
}

// call sends a form request as token (none when empty) and decodes the
// answer.
func call(t *testing.T, srv *httptest.Server, method, path, token string, form url.Values) answer {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, b := netfake.Send(t, req)
	a := answer{status: resp.StatusCode}
	if err := json.Unmarshal(b, &a.body); err != nil {
		t.Fatalf("%s %s: answer %q is not JSON", method, path, b)
	}
	if e, ok := a.body["error"].(map[string]any); ok {
		code, _ := e["code"].(float64)
		subcode, _ := e["error_subcode"].(float64)
		a.code, a.subcode = int(code), int(subcode)
		if e["message"] == "" || e["type"] == "" || e["fbtrace_id"] == "" {
			t.Errorf("error %v: want message, type and fbtrace_id", e)
		}
	}
	return a
}

// id returns the id an answer carries.
func (a answer) id(t *testing.T) string {
	t.Helper()
	id, _ := a.body["id"].(string)
	if a.status != http.StatusOK || id == "" {
		t.Fatalf("got %d %v, want 200 with an id", a.status, a.body)
	}
	return id
}

// mustPost makes and publishes a text post or reply, and returns its id.
func mustPost(t *testing.T, srv *httptest.Server, text, replyTo string) string {
	t.Helper()
	form := url.Values{"media_type": {"TEXT"}, "text": {text}}
	if replyTo != "" {
		form.Set("reply_to_id", replyTo)
	}
	container := call(t, srv, "POST", "/v1.0/me/threads", acctToken, form).id(t)
	return call(t, srv, "POST", "/v1.0/"+acct+"/threads_publish", acctToken, url.Values{"creation_id": {container}}).id(t)
}

// TestContainers checks what a container takes and refuses.
func TestContainers(t *testing.T) {
	_, srv, _ := newServer(t)
	img := func(extra ...string) url.Values {
		v := url.Values{"media_type": {"IMAGE"}, "image_url": {"https://media.example/a.jpg"}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v
	}
	tests := []struct {
		name        string
		path, token string
		form        url.Values
		wantStatus  int
		wantCode    int
		wantSubcode int
	}{
		{name: "text", form: url.Values{"media_type": {"TEXT"}, "text": {"Bonjour"}}, wantStatus: 200},
		{name: "versionless path", path: "/" + acct + "/threads", form: url.Values{"media_type": {"TEXT"}, "text": {"Bonjour"}}, wantStatus: 200},
		{name: "image with alt text", form: img("alt_text", "une photo", "text", "Vue"), wantStatus: 200},
		{name: "video", form: url.Values{"media_type": {"VIDEO"}, "video_url": {"https://media.example/a.mp4"}}, wantStatus: 200},
		{name: "carousel item", form: img("is_carousel_item", "true"), wantStatus: 200},
		{name: "longest text, emoji as bytes", form: url.Values{"media_type": {"TEXT"}, "text": {strings.Repeat("a", 496) + "🍳"}}, wantStatus: 200},

		{name: "no token", token: "-", form: url.Values{"media_type": {"TEXT"}, "text": {"x"}}, wantStatus: 400, wantCode: 190},
		{name: "unknown token", token: "nope", form: url.Values{"media_type": {"TEXT"}, "text": {"x"}}, wantStatus: 400, wantCode: 190},
		{name: "no node", path: "/v1.0", form: url.Values{}, wantStatus: 400, wantCode: 100, wantSubcode: 33},
		{name: "another account", path: "/v1.0/" + otherAcct + "/threads", form: url.Values{"media_type": {"TEXT"}, "text": {"x"}}, wantStatus: 400, wantCode: 100, wantSubcode: 33},
		{name: "no media type", form: url.Values{"text": {"x"}}, wantStatus: 400, wantCode: 100},
		{name: "text too long", form: url.Values{"media_type": {"TEXT"}, "text": {strings.Repeat("a", 497) + "🍳"}}, wantStatus: 400, wantCode: 100},
		{name: "six links", form: url.Values{"media_type": {"TEXT"}, "text": {"https://a.ex https://b.ex https://c.ex https://d.ex https://e.ex www.f.ex"}}, wantStatus: 400, wantCode: 100},
		{name: "text post without text", form: url.Values{"media_type": {"TEXT"}}, wantStatus: 400, wantCode: 100},
		{name: "text post with alt text", form: url.Values{"media_type": {"TEXT"}, "text": {"x"}, "alt_text": {"y"}}, wantStatus: 400, wantCode: 100},
		{name: "image without URL", form: url.Values{"media_type": {"IMAGE"}}, wantStatus: 400, wantCode: 100},
		{name: "image with a video URL", form: url.Values{"media_type": {"IMAGE"}, "video_url": {"https://media.example/a.mp4"}}, wantStatus: 400, wantCode: 100},
		{name: "alt text too long", form: img("alt_text", strings.Repeat("a", 1001)), wantStatus: 400, wantCode: 100},
		{name: "carousel of one", form: url.Values{"media_type": {"CAROUSEL"}, "children": {"1"}}, wantStatus: 400, wantCode: 100},
		{name: "carousel of unknown items", form: url.Values{"media_type": {"CAROUSEL"}, "children": {"1,2"}}, wantStatus: 400, wantCode: 24, wantSubcode: 4279009},
		{name: "reply to nothing", form: url.Values{"media_type": {"TEXT"}, "text": {"x"}, "reply_to_id": {"9"}}, wantStatus: 400, wantCode: 24, wantSubcode: 4279009},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, token := tt.path, tt.token
			if path == "" {
				path = "/v1.0/me/threads"
			}
			switch token {
			case "":
				token = acctToken
			case "-":
				token = ""
			}
			a := call(t, srv, "POST", path, token, tt.form)
			if a.status != tt.wantStatus || a.code != tt.wantCode || a.subcode != tt.wantSubcode {
				t.Errorf("got %d %d/%d, want %d %d/%d (%v)", a.status, a.code, a.subcode, tt.wantStatus, tt.wantCode, tt.wantSubcode, a.body)
			}
		})
	}
}

// TestContainerLife walks containers through their statuses: a video
// processed over reads, published once; a container expired after a
// day; a carousel of finished items.
func TestContainerLife(t *testing.T) {
	s, srv, clock := newServer(t)
	status := func(id string) string {
		t.Helper()
		a := call(t, srv, "GET", "/v1.0/"+id+"?fields=status,error_message", acctToken, nil)
		st, _ := a.body["status"].(string)
		return st
	}
	publish := func(id string) answer {
		return call(t, srv, "POST", "/v1.0/"+acct+"/threads_publish", acctToken, url.Values{"creation_id": {id}})
	}
	v := call(t, srv, "POST", "/v1.0/me/threads", acctToken, url.Values{"media_type": {"VIDEO"}, "video_url": {"https://media.example/v.mp4"}}).id(t)
	if a := publish(v); a.code != 24 || a.subcode != 4279009 {
		t.Errorf("publish while in progress: got %d/%d, want 24/4279009", a.code, a.subcode)
	}
	for i, want := range []string{"IN_PROGRESS", "IN_PROGRESS", "FINISHED"} {
		if got := status(v); got != want {
			t.Errorf("status read %d: got %s, want %s", i+1, got, want)
		}
	}
	if a := call(t, srv, "GET", "/v1.0/"+v+"?fields=status", otherToken, nil); a.code != 100 {
		t.Errorf("another account reads the container: got %d, want 100", a.code)
	}
	media := publish(v).id(t)
	if got := status(v); got != "PUBLISHED" {
		t.Errorf("after publish: got %s, want PUBLISHED", got)
	}
	if a := publish(v); a.status != 400 || a.code != 100 {
		t.Errorf("second publish: got %d %d, want 400 100", a.status, a.code)
	}
	if m, ok := s.Get(media); !ok || m.Type != "VIDEO" || len(m.Items) != 1 {
		t.Errorf("published: got %+v", m)
	}

	old := call(t, srv, "POST", "/v1.0/me/threads", acctToken, url.Values{"media_type": {"TEXT"}, "text": {"plus tard"}}).id(t)
	clock.Advance(24 * time.Hour)
	if got := status(old); got != "EXPIRED" {
		t.Errorf("a day later: got %s, want EXPIRED", got)
	}

	s.FailNextContainers(1, "INVALID_ASPEC_RATIO")
	bad := call(t, srv, "POST", "/v1.0/me/threads", acctToken, url.Values{"media_type": {"IMAGE"}, "image_url": {"https://media.example/b.jpg"}}).id(t)
	a := call(t, srv, "GET", "/v1.0/"+bad+"?fields=status,error_message", acctToken, nil)
	if a.body["status"] != "ERROR" || a.body["error_message"] != "INVALID_ASPEC_RATIO" {
		t.Errorf("failed container: got %v", a.body)
	}

	item := func() string {
		return call(t, srv, "POST", "/v1.0/me/threads", acctToken, url.Values{"media_type": {"IMAGE"}, "image_url": {"https://media.example/c.jpg"}, "is_carousel_item": {"true"}}).id(t)
	}
	a1, a2 := item(), item()
	if a := publish(a1); a.code != 100 {
		t.Errorf("publish an item alone: got %d, want 100", a.code)
	}
	carousel := call(t, srv, "POST", "/v1.0/me/threads", acctToken, url.Values{"media_type": {"CAROUSEL"}, "children": {a1 + "," + a2}, "text": {"deux"}}).id(t)
	album := publish(carousel).id(t)
	if m, _ := s.Get(album); m.Type != "CAROUSEL_ALBUM" || len(m.Items) != 2 || m.Text != "deux" {
		t.Errorf("carousel: got %+v", m)
	}
}

// TestPublishingLimits: 250 posts and 1,000 replies a rolling day,
// reported by threads_publishing_limit and enforced at publish.
func TestPublishingLimits(t *testing.T) {
	s, srv, clock := newServer(t)
	s.PostLimit, s.ReplyLimit = 2, 1
	post := mustPost(t, srv, "un", "")
	clock.Advance(time.Hour)
	mustPost(t, srv, "deux", "")
	mustPost(t, srv, "réponse", post)
	a := call(t, srv, "GET", "/v1.0/"+acct+"/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config", acctToken, nil)
	data, _ := a.body["data"].([]any)
	if len(data) != 1 {
		t.Fatalf("got %v, want one data item", a.body)
	}
	got, _ := json.Marshal(data[0])
	want := `{"config":{"quota_duration":86400,"quota_total":2},"quota_usage":2,"reply_config":{"quota_duration":86400,"quota_total":1},"reply_quota_usage":1}`
	if string(got) != want {
		t.Errorf("limits: got %s, want %s", got, want)
	}
	container := call(t, srv, "POST", "/v1.0/me/threads", acctToken, url.Values{"media_type": {"TEXT"}, "text": {"trois"}}).id(t)
	if a := call(t, srv, "POST", "/v1.0/"+acct+"/threads_publish", acctToken, url.Values{"creation_id": {container}}); a.code != 17 {
		t.Errorf("third post: got %d, want 17", a.code)
	}
	clock.Advance(23 * time.Hour)
	call(t, srv, "POST", "/v1.0/"+acct+"/threads_publish", acctToken, url.Values{"creation_id": {container}}).id(t)
}

// TestListing lists the account's posts newest first, in pages, since a
// time, without replies; a stale listing misses the newest.
func TestListing(t *testing.T) {
	s, srv, clock := newServer(t)
	s.MaxLimit = 2
	var ids []string
	for _, text := range []string{"a", "b", "c"} {
		ids = append(ids, mustPost(t, srv, text, ""))
		clock.Advance(time.Hour)
	}
	mustPost(t, srv, "une réponse", ids[0])
	list := func(query string) answer {
		return call(t, srv, "GET", "/v1.0/"+acct+"/threads?fields=id,text,timestamp&"+query, acctToken, nil)
	}
	texts := func(a answer) string {
		var out []string
		for _, d := range a.body["data"].([]any) {
			out = append(out, d.(map[string]any)["text"].(string))
		}
		return strings.Join(out, ",")
	}
	first := list("limit=100")
	if got := texts(first); got != "c,b" {
		t.Errorf("first page: got %s, want c,b", got)
	}
	paging := first.body["paging"].(map[string]any)
	if paging["next"] == nil {
		t.Errorf("first page: no next link")
	}
	after := paging["cursors"].(map[string]any)["after"].(string)
	if got := texts(list("after=" + after)); got != "a" {
		t.Errorf("second page: got %s, want a", got)
	}
	if got := texts(list("since=" + strconv.FormatInt(start.Add(30*time.Minute).Unix(), 10))); got != "c,b" {
		t.Errorf("since: got %s, want c,b", got)
	}
	if a := list("since=1600000000"); a.code != 100 {
		t.Errorf("since before July 2023: got %d, want 100", a.code)
	}
	s.Faults.FailNext(1, netfake.StaleListing)
	if got := texts(list("")); got != "b,a" {
		t.Errorf("stale: got %s, want b,a", got)
	}
}

// TestManageReply: the post's owner hides and shows top-level replies.
func TestManageReply(t *testing.T) {
	s, srv, _ := newServer(t)
	post := mustPost(t, srv, "post", "")
	top := s.AddReply(post, "lea", "première")
	nested := s.AddReply(top, "hugo", "dessous")
	hide := func(id, token, value string) answer {
		return call(t, srv, "POST", "/v1.0/"+id+"/manage_reply", token, url.Values{"hide": {value}})
	}
	if a := hide(top, acctToken, "true"); a.body["success"] != true || !s.Hidden(top) {
		t.Errorf("hide: got %v, hidden %v", a.body, s.Hidden(top))
	}
	if a := hide(top, acctToken, "false"); a.body["success"] != true || s.Hidden(top) {
		t.Errorf("unhide: got %v, hidden %v", a.body, s.Hidden(top))
	}
	tests := []struct {
		name, id, token, value string
		wantCode               int
	}{
		{"nested reply", nested, acctToken, "true", 100},
		{"not a boolean", top, acctToken, "yes", 100},
		{"another account's post", top, otherToken, "true", 100},
		{"a post", post, acctToken, "true", 24},
	}
	for _, tt := range tests {
		if a := hide(tt.id, tt.token, tt.value); a.code != tt.wantCode {
			t.Errorf("%s: got %d, want %d", tt.name, a.code, tt.wantCode)
		}
	}
}

// TestInsights gives the account's posts' figures, and refuses others'.
func TestInsights(t *testing.T) {
	s, srv, _ := newServer(t)
	post := mustPost(t, srv, "post", "")
	s.Engagement.Set(post, netfake.Metrics{Likes: 3, Comments: 2, Shares: 8, Impressions: 90})
	a := call(t, srv, "GET", "/v1.0/"+post+"/insights?metric=views,likes,replies,reposts,quotes", acctToken, nil)
	got := map[string]float64{}
	for _, d := range a.body["data"].([]any) {
		m := d.(map[string]any)
		got[m["name"].(string)] = m["values"].([]any)[0].(map[string]any)["value"].(float64)
	}
	want := map[string]float64{"views": 90, "likes": 3, "replies": 2, "reposts": 6, "quotes": 2}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
	if a := call(t, srv, "GET", "/v1.0/"+post+"/insights?metric=saves", acctToken, nil); a.code != 100 {
		t.Errorf("unknown metric: got %d, want 100", a.code)
	}
	if a := call(t, srv, "GET", "/v1.0/"+post+"/insights?metric=likes", otherToken, nil); a.code != 100 {
		t.Errorf("another account: got %d, want 100", a.code)
	}
}

// TestFaults answers injected faults in Graph's shapes.
func TestFaults(t *testing.T) {
	s, srv, _ := newServer(t)
	s.Faults.FailNext(1, netfake.ServerError)
	if a := call(t, srv, "GET", "/v1.0/me/threads", acctToken, nil); a.status != 500 || a.code != 2 {
		t.Errorf("server error: got %d %d, want 500 2", a.status, a.code)
	}
	s.Faults.FailNext(1, netfake.RateLimit)
	if a := call(t, srv, "GET", "/v1.0/me/threads", acctToken, nil); a.status != 400 || a.code != 4 {
		t.Errorf("rate limit: got %d %d, want 400 4", a.status, a.code)
	}
}
