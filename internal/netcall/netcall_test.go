package netcall

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// TestDoClassifiesLostAnswers: a request never written is safe to retry;
// one written may have acted only if it creates.
func TestDoClassifiesLostAnswers(t *testing.T) {
	// The server notices the client hung up only once it read the body.
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	defer hang.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String()
	l.Close()
	hc := &http.Client{Timeout: 200 * time.Millisecond}
	tests := []struct {
		name    string
		url     string
		creates bool
		want    relais.Failure
	}{
		{"refused, creates", refused, true, relais.FailTransient},
		{"written, creates", hang.URL, true, relais.FailAmbiguous},
		{"written, reads", hang.URL, false, relais.FailTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Call{Network: relais.Sandbox, Op: "publish", Creates: tt.creates}
			_, e := c.Do(t.Context(), hc, Request{Method: http.MethodPost, URL: tt.url + "/p?secret=1", Token: "tok", JSON: map[string]string{"a": "b"}})
			if e == nil {
				t.Fatal("got no error")
			}
			if got, _ := relais.FailureOf(e); got != tt.want {
				t.Errorf("failure: got %s, want %s (%v)", got, tt.want, e)
			}
			if strings.Contains(e.Error(), "secret=1") {
				t.Errorf("error %q repeats the URL", e)
			}
		})
	}
}

func TestDoSendsAndReads(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.Header.Get("Linkedin-Version") != "1" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Write([]byte(`{"id":"7"}`))
	}))
	defer srv.Close()
	c := Call{Network: relais.X, Op: "publish"}
	a, e := c.Do(t.Context(), srv.Client(), Request{Method: http.MethodPost, URL: srv.URL, Token: "tok", Form: map[string][]string{"a": {"b"}}, Header: http.Header{"LinkedIn-Version": {"1"}}})
	if e != nil || !a.OK() {
		t.Fatalf("got %d %v, want 200", a.Status, e)
	}
	var out struct{ ID string }
	if e := c.Decode(a, &out); e != nil || out.ID != "7" {
		t.Errorf("decode: got %q %v", out.ID, e)
	}
	if e := c.Decode(Answer{Status: 200, Body: []byte("<html>")}, &out); e == nil || e.Kind != relais.FailTransient {
		t.Errorf("undecodable answer: got %v, want a transient error", e)
	}
}

func TestErrorFormat(t *testing.T) {
	cause := errors.New("boom")
	tests := []struct {
		e    *Error
		want string
	}{
		{&Error{Network: relais.X, Op: "publish", Kind: relais.FailPermanent, Status: 403, Code: "duplicate", Err: cause}, "x: publish: permanent error (status 403, duplicate): boom"},
		{&Error{Network: relais.X, Op: "publish", Kind: relais.FailTransient, Status: 503}, "x: publish: transient error (status 503)"},
		{&Error{Network: relais.X, Op: "publish", Kind: relais.FailAmbiguous, Code: "no_answer", Err: cause}, "x: publish: ambiguous error (no_answer): boom"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
		if !errors.Is(tt.e, cause) && tt.e.Err != nil {
			t.Errorf("%q does not unwrap to its cause", tt.e)
		}
	}
}

func TestMessage(t *testing.T) {
	got := Message("bad tok "+strings.Repeat("é", 400), "tok")
	if strings.Contains(got, " tok ") || !strings.Contains(got, "[token]") {
		t.Errorf("token not scrubbed: %q", got)
	}
	if n := len([]rune(got)); n != MaxMessage+1 {
		t.Errorf("length: got %d, want %d", n, MaxMessage+1)
	}
	if got := Truncate("abc", 3); got != "abc" {
		t.Errorf("Truncate: got %q", got)
	}
}
