package gbpfake

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
	acme        = "accounts/111/locations/222"
	acmeToken   = "tok-acme"
	globex      = "accounts/111/locations/333"
	globexToken = "tok-globex"
)

var start = time.Date(2026, 11, 20, 9, 0, 30, 0, time.UTC)

// fixture is a fake with two locations of one account, on a clock.
type fixture struct {
	fake  *Server
	srv   *httptest.Server
	clock *netfake.Clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := newBareFixture(t)
	f.fake.RegisterAccount(acme, acmeToken)
	f.fake.RegisterAccount(globex, globexToken)
	return f
}

// newBareFixture is a fake with nothing registered.
func newBareFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{fake: New(), clock: netfake.NewClock(start)}
	f.fake.Now = f.clock.Now
	f.srv = httptest.NewServer(f.fake)
	t.Cleanup(f.srv.Close)
	return f
}

// answer is what a request got: its status, Google's status name and the
// field a validation error names.
type answer struct {
	status      int
	name, field string
	body        []byte
	header      http.Header
}

func (f *fixture) do(t *testing.T, method, path, token, body string) answer {
	t.Helper()
	resp, b := netfake.SendJSON(t, method, f.srv.URL+path, token, body)
	a := answer{status: resp.StatusCode, body: b, header: resp.Header}
	var eb errorBody
	if json.Unmarshal(b, &eb) == nil {
		a.name = eb.Error.Status
		for _, d := range eb.Error.Details {
			for _, v := range d.FieldViolations {
				a.field = v.Field
			}
		}
	}
	return a
}

const standard = `{"summary":"Bonjour","topicType":"STANDARD","callToAction":{"actionType":"LEARN_MORE","url":"https://acme.example"},
	"media":[{"mediaFormat":"PHOTO","sourceUrl":"https://cdn.acme.example/p.jpg"}]}`

const eventPost = `{"summary":"Fête","topicType":"EVENT","event":{"title":"Fête","schedule":{
	"startDate":{"year":2026,"month":12,"day":24},"startTime":{"hours":18,"minutes":0},
	"endDate":{"year":2026,"month":12,"day":24},"endTime":{"hours":23,"minutes":30}}}}`

func TestRequests(t *testing.T) {
	posts := "/v4/" + acme + "/localPosts"
	reviews := "/v4/" + acme + "/reviews"
	tests := []struct {
		name, method, path, token, body string
		wantStatus                      int
		wantName, wantField             string
	}{
		{"create", "POST", posts, acmeToken, standard, 200, "", ""},
		{"create event", "POST", posts, acmeToken, eventPost, 200, "", ""},
		{"create offer", "POST", posts, acmeToken, strings.NewReplacer(`"EVENT"`, `"OFFER"`, `"event"`, `"offer":{"couponCode":"NOEL"},"event"`).Replace(eventPost), 200, "", ""},
		{"longest summary", "POST", posts, acmeToken, `{"topicType":"STANDARD","summary":"` + strings.Repeat("é", 1500) + `"}`, 200, "", ""},
		{"list", "GET", posts + "?pageSize=100", acmeToken, "", 200, "", ""},
		{"list reviews", "GET", reviews + "?orderBy=rating%20desc", acmeToken, "", 200, "", ""},
		{"list accounts", "GET", AccountsPath + "?pageSize=20", acmeToken, "", 200, "", ""},
		{"list locations", "GET", "/v1/accounts/111/locations?readMask=name,title", acmeToken, "", 200, "", ""},
		{"list accounts, bad token", "GET", AccountsPath, "nope", "", 401, "UNAUTHENTICATED", ""},
		{"list accounts, bad page token", "GET", AccountsPath + "?pageToken=x", acmeToken, "", 400, "INVALID_ARGUMENT", "page_token"},
		{"list locations without readMask", "GET", "/v1/accounts/111/locations", acmeToken, "", 400, "INVALID_ARGUMENT", "read_mask"},
		{"list locations, unknown field", "GET", "/v1/accounts/111/locations?readMask=name,phoneNumbers", acmeToken, "", 400, "INVALID_ARGUMENT", "read_mask"},
		{"list locations, page too large", "GET", "/v1/accounts/111/locations?readMask=name&pageSize=101", acmeToken, "", 400, "INVALID_ARGUMENT", "page_size"},
		{"list other account's locations", "GET", "/v1/accounts/999/locations?readMask=name", acmeToken, "", 403, "PERMISSION_DENIED", ""},

		{"no token", "POST", posts, "", standard, 401, "UNAUTHENTICATED", ""},
		{"unknown token", "GET", posts, "nope", "", 401, "UNAUTHENTICATED", ""},
		{"other location's token", "POST", posts, globexToken, standard, 403, "PERMISSION_DENIED", ""},
		{"unknown location", "POST", "/v4/accounts/111/locations/999/localPosts", acmeToken, standard, 404, "NOT_FOUND", ""},
		{"not json", "POST", posts, acmeToken, "summary=hi", 400, "INVALID_ARGUMENT", ""},
		{"no topic type", "POST", posts, acmeToken, `{"summary":"hi"}`, 400, "INVALID_ARGUMENT", "topic_type"},
		{"summary too long", "POST", posts, acmeToken, `{"topicType":"STANDARD","summary":"` + strings.Repeat("é", 1501) + `"}`, 400, "INVALID_ARGUMENT", "summary"},
		{"empty update", "POST", posts, acmeToken, `{"topicType":"STANDARD"}`, 400, "INVALID_ARGUMENT", "summary"},
		{"event without event", "POST", posts, acmeToken, `{"topicType":"EVENT","summary":"hi"}`, 400, "INVALID_ARGUMENT", "event"},
		{"event ends before it starts", "POST", posts, acmeToken, strings.Replace(eventPost, `"hours":23`, `"hours":17`, 1), 400, "INVALID_ARGUMENT", "event.schedule"},
		{"no such date", "POST", posts, acmeToken, strings.Replace(eventPost, `"day":24}`, `"day":32}`, 1), 400, "INVALID_ARGUMENT", "event.schedule"},
		{"offer on an update", "POST", posts, acmeToken, `{"topicType":"STANDARD","summary":"hi","offer":{"couponCode":"X"}}`, 400, "INVALID_ARGUMENT", "offer"},
		{"call with a link", "POST", posts, acmeToken, `{"topicType":"STANDARD","summary":"hi","callToAction":{"actionType":"CALL","url":"https://acme.example"}}`, 400, "INVALID_ARGUMENT", "call_to_action.url"},
		{"button without a link", "POST", posts, acmeToken, `{"topicType":"STANDARD","summary":"hi","callToAction":{"actionType":"BOOK"}}`, 400, "INVALID_ARGUMENT", "call_to_action.url"},
		{"deprecated button", "POST", posts, acmeToken, `{"topicType":"STANDARD","summary":"hi","callToAction":{"actionType":"GET_OFFER","url":"https://acme.example"}}`, 400, "INVALID_ARGUMENT", "call_to_action.action_type"},
		{"video", "POST", posts, acmeToken, strings.Replace(standard, "PHOTO", "VIDEO", 1), 400, "INVALID_ARGUMENT", "media.media_format"},
		{"photo not on the web", "POST", posts, acmeToken, strings.Replace(standard, "https://cdn.acme.example/p.jpg", "file:///p.jpg", 1), 400, "INVALID_ARGUMENT", "media.source_url"},
		{"page too big", "GET", posts + "?pageSize=101", acmeToken, "", 400, "INVALID_ARGUMENT", "page_size"},
		{"bad page token", "GET", posts + "?pageToken=zzz", acmeToken, "", 400, "INVALID_ARGUMENT", "page_token"},
		{"review page too big", "GET", reviews + "?pageSize=51", acmeToken, "", 400, "INVALID_ARGUMENT", "page_size"},
		{"bad review order", "GET", reviews + "?orderBy=updateTime", acmeToken, "", 400, "INVALID_ARGUMENT", "order_by"},
		{"unknown review", "GET", reviews + "/nope", acmeToken, "", 404, "NOT_FOUND", ""},
		{"unknown path", "GET", "/v4/accounts/111/locations", acmeToken, "", 404, "NOT_FOUND", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			got := f.do(t, tt.method, tt.path, tt.token, tt.body)
			if got.status != tt.wantStatus || got.name != tt.wantName || got.field != tt.wantField {
				t.Errorf("got %d %s %q, want %d %s %q (%s)", got.status, got.name, got.field, tt.wantStatus, tt.wantName, tt.wantField, got.body)
			}
			if got.status == 401 && !strings.Contains(got.header.Get("WWW-Authenticate"), `error="invalid_token"`) {
				t.Errorf("WWW-Authenticate: got %q, want Bearer with error=\"invalid_token\"", got.header.Get("WWW-Authenticate"))
			}
		})
	}
}

// TestCreatedPost: the answer is the post as Google names and shows it; an
// offer's button is dropped, as Google ignores it.
func TestCreatedPost(t *testing.T) {
	f := newFixture(t)
	offer := `{"topicType":"OFFER","summary":"-20 %","callToAction":{"actionType":"SHOP","url":"https://acme.example"},
		"offer":{"redeemOnlineUrl":"https://acme.example/promo"},` + eventPost[strings.Index(eventPost, `"event"`):]
	got := f.do(t, "POST", "/v4/"+acme+"/localPosts", acmeToken, offer)
	var p wirePost
	if err := json.Unmarshal(got.body, &p); err != nil || got.status != 200 {
		t.Fatalf("create: %d %s", got.status, got.body)
	}
	stored := f.fake.Posts(acme)
	if len(stored) != 1 {
		t.Fatalf("posts: got %d, want 1", len(stored))
	}
	if want := stored[0].Name; p.Name != want || !strings.HasPrefix(want, acme+"/localPosts/") {
		t.Errorf("name: got %q, want %q under %s", p.Name, want, acme)
	}
	if p.State != "LIVE" || p.CreateTime != start.Format(time.RFC3339Nano) {
		t.Errorf("state and time: got %s %s, want LIVE %s", p.State, p.CreateTime, start.Format(time.RFC3339Nano))
	}
	if p.CallToAction != nil || stored[0].CallToAction != nil {
		t.Errorf("an offer's button: got %+v, want none", p.CallToAction)
	}
}

// TestListPages: posts come newest first, in pages linked by tokens.
func TestListPages(t *testing.T) {
	f := newFixture(t)
	for range 25 {
		if got := f.do(t, "POST", "/v4/"+acme+"/localPosts", acmeToken, standard); got.status != 200 {
			t.Fatalf("create: %d", got.status)
		}
		f.clock.Advance(time.Minute)
	}
	all := f.fake.Posts(acme)
	var names []string
	token := ""
	for page := 0; ; page++ {
		got := f.do(t, "GET", "/v4/"+acme+"/localPosts?pageSize=10&pageToken="+token, acmeToken, "")
		var list struct {
			LocalPosts    []wirePost `json:"localPosts"`
			NextPageToken string     `json:"nextPageToken"`
		}
		if err := json.Unmarshal(got.body, &list); err != nil || got.status != 200 {
			t.Fatalf("page %d: %d %s", page, got.status, got.body)
		}
		for _, p := range list.LocalPosts {
			names = append(names, p.Name)
		}
		if token = list.NextPageToken; token == "" {
			break
		}
	}
	if len(names) != 25 || names[0] != all[24].Name || names[24] != all[0].Name {
		t.Errorf("got %d posts from %s to %s, want 25 newest first", len(names), names[0], names[len(names)-1])
	}
}

// TestPerMinuteQuota: calls past the quota get 429 until the next minute.
func TestPerMinuteQuota(t *testing.T) {
	f := newFixture(t)
	f.fake.SetPerMinuteQuota(2)
	steps := []struct {
		advance    time.Duration
		wantStatus int
	}{{0, 200}, {0, 200}, {20 * time.Second, 429}, {10 * time.Second, 200}}
	for i, st := range steps {
		f.clock.Advance(st.advance)
		got := f.do(t, "GET", "/v4/"+acme+"/localPosts", acmeToken, "")
		if got.status != st.wantStatus {
			t.Errorf("step %d: got %d, want %d", i, got.status, st.wantStatus)
		}
		if got.status == 429 && (got.name != "RESOURCE_EXHAUSTED" || !strings.Contains(string(got.body), "RATE_LIMIT_EXCEEDED")) {
			t.Errorf("step %d: got %s, want RESOURCE_EXHAUSTED with reason RATE_LIMIT_EXCEEDED", i, got.body)
		}
	}
}

// TestFaults: injected faults hit the API, in Google's shapes, and never
// the OAuth endpoints.
func TestFaults(t *testing.T) {
	f := newFixture(t)
	f.fake.Faults.FailNext(1, netfake.ServerError)
	if got := f.do(t, "GET", "/v4/"+acme+"/reviews", acmeToken, ""); got.status != 500 || got.name != "INTERNAL" {
		t.Errorf("server error: got %d %s, want 500 INTERNAL", got.status, got.name)
	}
	f.fake.Faults.FailNext(1, netfake.RateLimit)
	if got := f.do(t, "GET", "/v4/"+acme+"/reviews", acmeToken, ""); got.status != 429 || got.name != "RESOURCE_EXHAUSTED" {
		t.Errorf("rate limit: got %d %s, want 429 RESOURCE_EXHAUSTED", got.status, got.name)
	}
	f.fake.Faults.FailNext(1, netfake.ServerError)
	if got := f.do(t, "POST", RevokePath, "", "token=nope"); got.status != 400 {
		t.Errorf("revoke during a fault: got %d, want Google's own 400", got.status)
	}
}

func TestReviews(t *testing.T) {
	f := newFixture(t)
	old := f.fake.AddReview(Review{Location: acme, Reviewer: "Ada", StarRating: "TWO", Comment: "Froid"})
	f.clock.Advance(time.Hour)
	anon := f.fake.AddReview(Review{Location: acme, Anonymous: true, Reviewer: "Bob", StarRating: "FIVE"})
	f.fake.AddReview(Review{Location: globex, Reviewer: "Cy", Comment: "ailleurs"})
	f.clock.Advance(time.Hour)
	f.fake.EditReview(old, "Froid, mais gentil")

	got := f.do(t, "GET", "/v4/"+acme+"/reviews", acmeToken, "")
	var list struct {
		Reviews          []wireReview `json:"reviews"`
		AverageRating    float64      `json:"averageRating"`
		TotalReviewCount int          `json:"totalReviewCount"`
	}
	if err := json.Unmarshal(got.body, &list); err != nil || got.status != 200 {
		t.Fatalf("list: %d %s", got.status, got.body)
	}
	if len(list.Reviews) != 2 || list.Reviews[0].Name != old || list.Reviews[1].Name != anon {
		t.Fatalf("reviews: got %+v, want the edited one first, then the anonymous one", list.Reviews)
	}
	if list.AverageRating != 3.5 || list.TotalReviewCount != 2 {
		t.Errorf("average and count: got %v %d, want 3.5 2", list.AverageRating, list.TotalReviewCount)
	}
	if a := list.Reviews[1].Reviewer; !a.IsAnonymous || a.DisplayName != "" {
		t.Errorf("anonymous reviewer: got %+v, want no name", a)
	}
	if e := list.Reviews[0]; e.Comment != "Froid, mais gentil" || e.UpdateTime == e.CreateTime {
		t.Errorf("edited review: got %q updated %s created %s", e.Comment, e.UpdateTime, e.CreateTime)
	}
}

// TestReply: an answer is created, replaced and deleted; whether it moves
// the review's updateTime is the fake's knob.
func TestReply(t *testing.T) {
	for _, touches := range []bool{false, true} {
		f := newFixture(t)
		f.fake.ReplyTouchesReview = touches
		name := f.fake.AddReview(Review{Location: acme, Reviewer: "Ada", Comment: "Super"})
		path := "/v4/" + name + "/reply"
		f.clock.Advance(time.Minute)
		steps := []struct {
			method, body string
			wantStatus   int
			wantReply    string
		}{
			{"PUT", `{"comment":"Merci !"}`, 200, "Merci !"},
			{"PUT", `{"comment":"Merci Ada !"}`, 200, "Merci Ada !"},
			{"PUT", `{"comment":" "}`, 400, "Merci Ada !"},
			{"PUT", `{"comment":"` + strings.Repeat("é", 2049) + `"}`, 400, "Merci Ada !"},
			{"DELETE", "", 200, ""},
			{"DELETE", "", 404, ""},
		}
		for i, st := range steps {
			if got := f.do(t, st.method, path, acmeToken, st.body); got.status != st.wantStatus {
				t.Errorf("touches %v, step %d: got %d, want %d (%s)", touches, i, got.status, st.wantStatus, got.body)
			}
			rv, _ := f.fake.Review(name)
			if got := rv.Reply; (got == nil) != (st.wantReply == "") || got != nil && got.Comment != st.wantReply {
				t.Errorf("touches %v, step %d: reply %+v, want %q", touches, i, got, st.wantReply)
			}
		}
		rv, _ := f.fake.Review(name)
		if got, want := rv.UpdateTime.Equal(start), !touches; got != want {
			t.Errorf("touches %v: updateTime %s unchanged: got %v, want %v", touches, rv.UpdateTime, got, want)
		}
	}
	f := newFixture(t)
	name := f.fake.AddReview(Review{Location: acme, Comment: "Super"})
	if got := f.do(t, "PUT", "/v4/"+name+"/reply", globexToken, `{"comment":"Merci"}`); got.status != 403 {
		t.Errorf("another location's token: got %d, want 403", got.status)
	}
}
