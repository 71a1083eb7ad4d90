package mastodonfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
)

var start = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

type instance struct {
	fake *Server
	srv  *httptest.Server
	mu   sync.Mutex
	now  time.Time
	id   string
}

func newInstance(t *testing.T) *instance {
	t.Helper()
	in := &instance{fake: New(), now: start}
	in.fake.Now = func() time.Time {
		in.mu.Lock()
		defer in.mu.Unlock()
		return in.now
	}
	in.id = in.fake.RegisterAccount("relais", "tok-a")
	in.fake.RegisterAccount("other", "tok-b")
	in.srv = httptest.NewServer(in.fake)
	t.Cleanup(in.srv.Close)
	return in
}

func (in *instance) advance(d time.Duration) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.now = in.now.Add(d)
}

type answer struct {
	status int
	header http.Header
	body   string
}

// send makes a request; body is form-encoded unless it starts with '{'.
func (in *instance) send(t *testing.T, method, path, token, key, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, in.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	if strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	} else if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return roundTrip(t, req)
}

// roundTrip sends a request and reads its answer.
func roundTrip(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, b := netfake.Send(t, req)
	return answer{resp.StatusCode, resp.Header, string(b)}
}

func form(text string) string { return url.Values{"status": {text}, "visibility": {"public"}}.Encode() }

func statusID(t *testing.T, a answer) string {
	t.Helper()
	var st struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal([]byte(a.body), &st); err != nil || st.ID == "" {
		t.Fatalf("answer %d %s: no status id", a.status, a.body)
	}
	return st.ID
}

func TestPostStatus(t *testing.T) {
	tests := []struct {
		name       string
		token      string
		body       string
		wantStatus int
		wantBody   string
		wantMade   int
	}{
		{"form", "tok-a", form("hi"), 200, `"content":"\u003cp\u003ehi\u003c/p\u003e"`, 1},
		{"JSON", "tok-a", `{"status":"hi","visibility":"unlisted"}`, 200, `"visibility":"unlisted"`, 1},
		{"no token", "", form("hi"), 401, `{"error":"The access token is invalid"}`, 0},
		{"bad token", "tok-x", form("hi"), 401, `{"error":"The access token is invalid"}`, 0},
		{"blank", "tok-a", form(" "), 422, `Validation failed: Text can't be blank`, 0},
		{"too long", "tok-a", form(strings.Repeat("é", 501)), 422, `Validation failed: Text character limit of 500 exceeded`, 0},
		{"longest", "tok-a", form(strings.Repeat("é", 500)), 200, `"id"`, 1},
		{"bad visibility", "tok-a", `{"status":"hi","visibility":"everyone"}`, 422, `Validation failed`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newInstance(t)
			a := in.send(t, http.MethodPost, "/api/v1/statuses", tt.token, "", tt.body)
			if a.status != tt.wantStatus || !strings.Contains(a.body, tt.wantBody) {
				t.Errorf("answer: got %d %s, want %d with %s", a.status, a.body, tt.wantStatus, tt.wantBody)
			}
			if got := len(in.fake.Statuses("relais")); got != tt.wantMade {
				t.Errorf("statuses: got %d, want %d", got, tt.wantMade)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	in := newInstance(t)
	first := statusID(t, in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "k1", form("hi")))

	in.advance(IdempotencyTTL - time.Second)
	// A repeat answers the original even with other content, as Mastodon
	// checks the key first.
	if got := statusID(t, in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "k1", form("changed"))); got != first {
		t.Errorf("repeat within the hour: got %s, want %s", got, first)
	}
	if got := len(in.fake.Statuses("relais")); got != 1 {
		t.Fatalf("statuses after a repeat: got %d, want 1", got)
	}
	// Keys belong to an account.
	statusID(t, in.send(t, http.MethodPost, "/api/v1/statuses", "tok-b", "k1", form("hi")))
	if got := len(in.fake.Statuses("other")); got != 1 {
		t.Errorf("other account's statuses: got %d, want 1", got)
	}

	in.advance(time.Second)
	if got := statusID(t, in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "k1", form("hi"))); got == first {
		t.Errorf("repeat after the hour: got the original %s, want a new status", got)
	}
	if got := len(in.fake.Statuses("relais")); got != 2 {
		t.Errorf("statuses after the hour: got %d, want 2", got)
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		fault      netfake.Fault
		wantStatus int
		wantHeader map[string]string
	}{
		{netfake.ServerError, 503, nil},
		{netfake.RateLimit, 429, map[string]string{
			"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-03-01T10:05:00.000000Z"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			in := newInstance(t)
			in.fake.Faults.FailNext(1, tt.fault)
			a := in.send(t, http.MethodPost, "/api/v1/statuses", "tok-a", "k1", form("hi"))
			var eb struct {
				Error string `json:"error"`
			}
			if a.status != tt.wantStatus || json.Unmarshal([]byte(a.body), &eb) != nil || eb.Error == "" {
				t.Errorf("answer: got %d %s, want %d with an error", a.status, a.body, tt.wantStatus)
			}
			for k, v := range tt.wantHeader {
				if got := a.header.Get(k); got != v {
					t.Errorf("%s: got %q, want %q", k, got, v)
				}
			}
			if got := len(in.fake.Statuses("relais")); got != 0 {
				t.Errorf("statuses: got %d, want 0", got)
			}
		})
	}
}

func TestListStatuses(t *testing.T) {
	in := newInstance(t)
	for i := 0; i < 3; i++ {
		in.fake.Post("relais", "s")
	}
	all := in.fake.Statuses("relais")
	path := "/api/v1/accounts/" + in.id + "/statuses?limit=2&exclude_replies=true"

	a := in.send(t, http.MethodGet, path, "tok-b", "", "")
	var page []struct {
		ID        string `json:"id"`
		CreatedAt string `json:"created_at"`
	}
	if err := json.Unmarshal([]byte(a.body), &page); err != nil || a.status != 200 {
		t.Fatalf("first page: %d %s", a.status, a.body)
	}
	if len(page) != 2 || page[0].ID != all[2].ID || page[1].ID != all[1].ID || page[0].CreatedAt != "2026-03-01T10:00:00.000Z" {
		t.Errorf("first page: got %+v, want the two newest", page)
	}
	link := a.header.Get("Link")
	want := `<` + in.srv.URL + `/api/v1/accounts/` + in.id + `/statuses?exclude_replies=true&limit=2&max_id=` + all[1].ID + `>; rel="next"`
	if !strings.HasPrefix(link, want) || !strings.Contains(link, `rel="prev"`) {
		t.Errorf("Link: got %s, want it to start with %s", link, want)
	}

	a = in.send(t, http.MethodGet, path+"&max_id="+all[1].ID, "tok-a", "", "")
	if err := json.Unmarshal([]byte(a.body), &page); err != nil || len(page) != 1 || page[0].ID != all[0].ID || a.header.Get("Link") != "" {
		t.Errorf("last page: got %d %s, Link %q, want the oldest and no Link", a.status, a.body, a.header.Get("Link"))
	}

	for _, tc := range []struct {
		path, token string
		want        int
	}{{path, "tok-x", 401}, {"/api/v1/accounts/404/statuses", "tok-a", 404}, {"/api/v1/nothing", "tok-a", 404}} {
		if got := in.send(t, http.MethodGet, tc.path, tc.token, "", "").status; got != tc.want {
			t.Errorf("GET %s: got %d, want %d", tc.path, got, tc.want)
		}
	}
}

func TestRender(t *testing.T) {
	tests := []struct{ text, want string }{
		{"hi", "<p>hi</p>"},
		{"a\nb\n\n\nc", "<p>a<br />b</p><p>c</p>"},
		{`<b> & "q"`, "<p>&lt;b&gt; &amp; &#34;q&#34;</p>"},
		{"see https://a.example/x.", `<p>see <a href="https://a.example/x" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://</span><span class="">a.example/x</span><span class="invisible"></span></a>.</p>`},
		{"https://www.acme.example/a/very/long/path/indeed/yes", `<p><a href="https://www.acme.example/a/very/long/path/indeed/yes" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">acme.example/a/very/long/path/</span><span class="invisible">indeed/yes</span></a></p>`},
	}
	for _, tt := range tests {
		if got := Render(tt.text); got != tt.want {
			t.Errorf("Render(%q):\n got %s\nwant %s", tt.text, got, tt.want)
		}
	}
}

func TestVerifyCredentials(t *testing.T) {
	in := newInstance(t)
	a := in.send(t, http.MethodGet, "/api/v1/accounts/verify_credentials", "tok-a", "", "")
	var me accountJSON
	if err := json.Unmarshal([]byte(a.body), &me); err != nil || me.ID != in.id || me.Username != "relais" {
		t.Errorf("got %d %s, want relais with id %s", a.status, a.body, in.id)
	}
}

func TestListNotifications(t *testing.T) {
	in := newInstance(t)
	own := in.fake.Post("relais", "our post")
	var mentions []string // ids of mention notifications, oldest first
	for i := 0; i < 5; i++ {
		in.fake.Mention("relais", "bob@elsewhere.example", fmt.Sprint("@relais hi ", i), "")
		if i == 2 {
			in.fake.Favourite("relais", "carol", own.ID)
		}
	}
	reply := in.fake.Mention("relais", "other", "@relais a reply", own.ID)
	type entry struct {
		ID      string `json:"id"`
		Type    string `json:"type"`
		Account struct {
			Acct        string `json:"acct"`
			DisplayName string `json:"display_name"`
		} `json:"account"`
		Status struct {
			ID                 string  `json:"id"`
			Content            string  `json:"content"`
			InReplyToID        *string `json:"in_reply_to_id"`
			InReplyToAccountID *string `json:"in_reply_to_account_id"`
		} `json:"status"`
	}
	list := func(query string) ([]entry, string) {
		t.Helper()
		a := in.send(t, http.MethodGet, "/api/v1/notifications?"+query, "tok-a", "", "")
		var page []entry
		if err := json.Unmarshal([]byte(a.body), &page); err != nil || a.status != 200 {
			t.Fatalf("%s: %d %s", query, a.status, a.body)
		}
		return page, a.header.Get("Link")
	}
	all, _ := list("")
	if len(all) != 7 || all[0].Type != "mention" || all[0].Status.ID != reply.ID || all[3].Type != "favourite" {
		t.Fatalf("all: got %+v, want 6 mentions and a favourite, newest first", all)
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Type == "mention" {
			mentions = append(mentions, all[i].ID)
		}
	}
	if got := all[0].Status; got.InReplyToID == nil || *got.InReplyToID != own.ID || got.InReplyToAccountID == nil || *got.InReplyToAccountID != in.id {
		t.Errorf("reply: got %+v, want in reply to %s of account %s", got, own.ID, in.id)
	}
	if got := all[1]; got.Account.Acct != "bob@elsewhere.example" || got.Account.DisplayName != "Bob" || got.Status.InReplyToID != nil || got.Status.Content != "<p>@relais hi 4</p>" {
		t.Errorf("mention: got %+v", got)
	}

	ids := func(page []entry) string {
		var out []string
		for _, e := range page {
			out = append(out, e.ID)
		}
		return strings.Join(out, " ")
	}
	tests := []struct {
		name, query string
		want        []string // newest first
	}{
		{"types", "types[]=mention", []string{mentions[5], mentions[4], mentions[3], mentions[2], mentions[1], mentions[0]}},
		{"exclude types", "exclude_types[]=mention", []string{all[3].ID}},
		{"limit", "types[]=mention&limit=2", []string{mentions[5], mentions[4]}},
		{"min_id: immediately newer", "types[]=mention&limit=2&min_id=" + mentions[1], []string{mentions[3], mentions[2]}},
		{"since_id: newest", "types[]=mention&limit=2&since_id=" + mentions[1], []string{mentions[5], mentions[4]}},
		{"max_id: older", "types[]=mention&limit=2&max_id=" + mentions[2], []string{mentions[1], mentions[0]}},
		{"nothing newer", "min_id=" + all[0].ID, nil},
	}
	for _, tt := range tests {
		page, link := list(tt.query)
		if got, want := ids(page), strings.Join(tt.want, " "); got != want {
			t.Errorf("%s: got %s, want %s", tt.name, got, want)
		}
		if (link != "") != (len(tt.want) > 0) {
			t.Errorf("%s: Link %q for %d notifications", tt.name, link, len(tt.want))
		}
	}
	_, link := list("types[]=mention&limit=2&min_id=" + mentions[1])
	want := `<` + in.srv.URL + `/api/v1/notifications?limit=2&max_id=` + mentions[2] + `&types%5B%5D=mention>; rel="next", <` +
		in.srv.URL + `/api/v1/notifications?limit=2&min_id=` + mentions[3] + `&types%5B%5D=mention>; rel="prev"`
	if link != want {
		t.Errorf("Link:\n got %s\nwant %s", link, want)
	}
	if got := in.send(t, http.MethodGet, "/api/v1/notifications", "tok-x", "", "").status; got != 401 {
		t.Errorf("bad token: got %d, want 401", got)
	}
}

// TestDirectStatus: a direct status reaches and shows to the accounts it
// mentions only, and its thread shows as far as each caller may see it.
func TestDirectStatus(t *testing.T) {
	in := newInstance(t)
	in.fake.Domain = "social.example"
	in.fake.RegisterAccount("carol", "tok-c")
	root := in.fake.Receive("relais", "bob@elsewhere.example", Status{Text: "@relais une question", Visibility: "direct"})
	post := func(token, text, visibility, inReplyTo string) string {
		body := url.Values{"status": {text}, "visibility": {visibility}, "in_reply_to_id": {inReplyTo}}.Encode()
		return statusID(t, in.send(t, http.MethodPost, "/api/v1/statuses", token, "", body))
	}
	answer := post("tok-a", "@bob@elsewhere.example @other@social.example voici", "direct", root.ID)
	public := post("tok-a", "@carol bonjour à tous", "public", "")

	inbox := func(acct string) []string {
		var ids []string
		for _, st := range in.fake.Inbox(acct) {
			ids = append(ids, st.ID)
		}
		return ids
	}
	for _, tt := range []struct {
		acct string
		want []string
	}{
		{"bob@elsewhere.example", []string{answer}},
		{"other", []string{answer}},
		{"carol", []string{public}},
		{"relais", []string{root.ID}},
	} {
		if got := inbox(tt.acct); !slices.Equal(got, tt.want) {
			t.Errorf("%s's inbox: got %v, want %v", tt.acct, got, tt.want)
		}
	}

	for _, tt := range []struct {
		token, id string
		want      int
	}{
		{"tok-a", answer, 200}, {"tok-b", answer, 200}, {"tok-c", answer, 404},
		{"tok-a", root.ID, 200}, {"tok-b", root.ID, 404}, {"tok-c", public, 200},
	} {
		if got := in.send(t, http.MethodGet, "/api/v1/statuses/"+tt.id, tt.token, "", "").status; got != tt.want {
			t.Errorf("GET status %s with %s: got %d, want %d", tt.id, tt.token, got, tt.want)
		}
	}

	thread := func(token, id string) (int, []string, []string) {
		a := in.send(t, http.MethodGet, "/api/v1/statuses/"+id+"/context", token, "", "")
		var c struct {
			Ancestors, Descendants []struct {
				ID string `json:"id"`
			}
		}
		_ = json.Unmarshal([]byte(a.body), &c)
		ids := func(ss []struct {
			ID string `json:"id"`
		}) []string {
			var out []string
			for _, s := range ss {
				out = append(out, s.ID)
			}
			return out
		}
		return a.status, ids(c.Ancestors), ids(c.Descendants)
	}
	reply := in.fake.Receive("relais", "bob@elsewhere.example", Status{Text: "@relais merci", Visibility: "direct", InReplyToID: answer})
	if status, up, down := thread("tok-a", reply.ID); status != 200 || !slices.Equal(up, []string{root.ID, answer}) || len(down) != 0 {
		t.Errorf("relais's view of the reply's thread: got %d, %v, %v; want 200, the root then the answer", status, up, down)
	}
	if status, up, down := thread("tok-a", root.ID); status != 200 || len(up) != 0 || !slices.Equal(down, []string{answer, reply.ID}) {
		t.Errorf("relais's view of the root's thread: got %d, %v, %v; want 200, the answer then the reply below", status, up, down)
	}
	// other sees the answer it was sent, not the message before it.
	if status, up, _ := thread("tok-b", answer); status != 200 || len(up) != 0 {
		t.Errorf("other's view of the answer's thread: got %d, %v; want 200 and no ancestor", status, up)
	}
	if status, _, _ := thread("tok-c", answer); status != 404 {
		t.Errorf("carol's view of the answer's thread: got %d, want 404", status)
	}
}
