package mastodon

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// TestClassify checks how each answer of an instance is classified, for
// a call that creates (publish) and one that does not (recent posts).
func TestClassify(t *testing.T) {
	reset := start.Add(90 * time.Second).Format("2006-01-02T15:04:05.000000Z")
	tests := []struct {
		name       string
		status     int
		body       string
		header     map[string]string
		wantPub    relais.Failure
		wantList   relais.Failure
		wantWait   time.Duration
		wantMsg    string
		notWantMsg string
	}{
		{name: "401", status: 401, body: `{"error":"The access token was revoked"}`, wantPub: relais.FailPermanent, wantList: relais.FailPermanent, wantMsg: "The access token was revoked"},
		{name: "403", status: 403, body: `{"error":"This action is outside the authorized scopes"}`, wantPub: relais.FailPermanent, wantList: relais.FailPermanent, wantMsg: "outside the authorized scopes"},
		{name: "404", status: 404, body: `{"error":"Record not found"}`, wantPub: relais.FailPermanent, wantList: relais.FailPermanent},
		{name: "422", status: 422, body: `{"error":"Validation failed: Text can't be blank"}`, wantPub: relais.FailPermanent, wantList: relais.FailPermanent, wantMsg: "Validation failed"},
		{name: "429 with reset", status: 429, body: `{"error":"Too many requests"}`, header: map[string]string{"X-RateLimit-Reset": reset},
			wantPub: relais.FailTransient, wantList: relais.FailTransient, wantWait: 90 * time.Second},
		{name: "429 with Retry-After", status: 429, header: map[string]string{"Retry-After": "7"}, wantPub: relais.FailTransient, wantList: relais.FailTransient, wantWait: 7 * time.Second},
		{name: "429 bare", status: 429, wantPub: relais.FailTransient, wantList: relais.FailTransient},
		{name: "500", status: 500, body: `{"error":"oops"}`, wantPub: relais.FailAmbiguous, wantList: relais.FailTransient, wantMsg: "oops"},
		{name: "502 HTML from a proxy", status: 502, body: "<html>Bad Gateway</html>", wantPub: relais.FailAmbiguous, wantList: relais.FailTransient, wantMsg: "Bad Gateway", notWantMsg: "<html>"},
		{name: "2xx, not JSON", status: 200, body: "<html>", wantPub: relais.FailAmbiguous, wantList: relais.FailTransient},
		{name: "token echoed", status: 400, body: `{"error":"bad header Bearer ` + testToken + `"}`, wantPub: relais.FailPermanent, wantList: relais.FailPermanent, wantMsg: "[token]"},
		{name: "long message", status: 422, body: `{"error":"` + strings.Repeat("x", 5000) + `"}`, wantPub: relais.FailPermanent, wantList: relais.FailPermanent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasSuffix(r.URL.Path, "/verify_credentials") {
					w.Write([]byte(`{"id":"1","username":"relais"}`))
					return
				}
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			c := New(srv.Client())
			c.BaseURL = func(string) string { return srv.URL }
			c.Now = func() time.Time { return start }
			_, perr := c.Publish(context.Background(), testToken, testAccount, "post-1", relais.Content{Text: "hi"})
			_, lerr := c.RecentPosts(context.Background(), testToken, testAccount, start)
			for _, got := range []struct {
				op   string
				err  error
				want relais.Failure
			}{{"publish", perr, tt.wantPub}, {"recent posts", lerr, tt.wantList}} {
				e := mustFailure(t, got.err)
				if e.Kind != got.want || e.Wait() != tt.wantWait {
					t.Errorf("%s: failure, wait: got %s, %v, want %s, %v (%v)", got.op, e.Kind, e.Wait(), got.want, tt.wantWait, got.err)
				}
				if !strings.Contains(got.err.Error(), tt.wantMsg) || (tt.notWantMsg != "" && strings.Contains(got.err.Error(), tt.notWantMsg)) {
					t.Errorf("%s: message %q: want %q in it, not %q", got.op, got.err.Error(), tt.wantMsg, tt.notWantMsg)
				}
			}
		})
	}
}

// TestRefusedConnection: nothing was sent, so even a publish is safe to
// retry.
func TestRefusedConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := New(&http.Client{Timeout: time.Second})
	c.BaseURL = func(string) string { return "http://" + addr }
	_, perr := c.Publish(context.Background(), testToken, testAccount, "post-1", relais.Content{Text: "hi"})
	_, lerr := c.RecentPosts(context.Background(), testToken, testAccount, start)
	for op, err := range map[string]error{"publish": perr, "recent posts": lerr} {
		if got := mustFailure(t, err).Kind; got != relais.FailTransient {
			t.Errorf("%s: failure: got %s, want transient (%v)", op, got, err)
		}
	}
}
