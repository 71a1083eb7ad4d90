package meta

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

// TestErrorClasses runs each of Meta's error answers through a create (a
// publish) and a call that creates nothing (a hide).
func TestErrorClasses(t *testing.T) {
	const buc = `{"123":[{"type":"pages","call_count":100,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":12}]}`
	tests := []struct {
		name        string
		status      int
		code        int
		subcode     int
		usage       string // X-Business-Use-Case-Usage
		wantPublish relais.Failure
		wantHide    relais.Failure
		wantWait    time.Duration
		wantIn      string
	}{
		{name: "unknown", status: 500, code: 1, wantPublish: relais.FailAmbiguous, wantHide: relais.FailTransient, wantIn: "may exist"},
		{name: "service", status: 500, code: 2, wantPublish: relais.FailAmbiguous, wantHide: relais.FailTransient},
		{name: "service with 400", status: 400, code: 2, wantPublish: relais.FailAmbiguous, wantHide: relais.FailTransient},
		{name: "502 without body", status: 502, wantPublish: relais.FailAmbiguous, wantHide: relais.FailTransient},
		{name: "app throttled", status: 400, code: 4, usage: buc, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: 12 * time.Minute, wantIn: "throttling"},
		{name: "user throttled, 403", status: 403, code: 17, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: time.Minute},
		{name: "application limit", status: 400, code: 341, usage: `{"1":[{"estimated_time_to_regain_access":0}]}`, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: time.Minute},
		{name: "instagram daily limit", status: 400, code: 9, subcode: 2207042, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: time.Hour},
		{name: "blocked", status: 400, code: 368, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "temporarily blocked"},
		{name: "token", status: 400, code: 190, subcode: 460, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "token must be renewed"},
		{name: "permission 10", status: 403, code: 10, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "permission"},
		{name: "permission 200", status: 403, code: 200, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "permission"},
		{name: "permission 299", status: 400, code: 299, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "permission"},
		{name: "duplicate", status: 400, code: 506, wantPublish: relais.FailDuplicate, wantHide: relais.FailPermanent, wantIn: "duplicate"},
		{name: "validation", status: 400, code: 100, subcode: 33, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "invalid"},
		{name: "other code", status: 400, code: 12345, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent},
		{name: "send API throttled", status: 400, code: 613, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: time.Minute, wantIn: "throttling"},
		{name: "429 without body", status: 429, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: time.Minute, wantIn: "throttling"},
		{name: "outside the messaging window", status: 400, code: 10, subcode: 2018278, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "window is closed"},
		{name: "outside the instagram messaging window", status: 400, code: 10, subcode: 2534022, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "window is closed"},
		{name: "person unavailable", status: 400, code: 551, subcode: 1545041, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "cannot receive messages"},
		{name: "already replied in private", status: 400, code: 10900, wantPublish: relais.FailPermanent, wantHide: relais.FailPermanent, wantIn: "one private reply per comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.usage != "" {
					w.Header().Set("X-Business-Use-Case-Usage", tt.usage)
				}
				w.WriteHeader(tt.status)
				if tt.code != 0 {
					fmt.Fprintf(w, `{"error":{"message":"(#%d) Meta says no","type":"OAuthException","code":%d,"error_subcode":%d,"fbtrace_id":"AbC"}}`, tt.code, tt.code, tt.subcode)
				}
			}))
			defer srv.Close()
			fb := New(srv.URL, srv.Client()).Facebook()

			_, err := fb.Publish(t.Context(), pageToken, pageID, "", relais.Content{Text: "Bonjour"})
			e := mustMetaError(t, err, tt.wantPublish)
			if got, want := e.Wait(), tt.wantWait; got != want {
				t.Errorf("publish wait: got %s, want %s", got, want)
			}
			if want := wantCode(tt.code, tt.subcode); e.Code != want || e.Status != tt.status {
				t.Errorf("publish: got status %d code %q, want %d %q", e.Status, e.Code, tt.status, want)
			}
			if !strings.Contains(e.Error(), tt.wantIn) {
				t.Errorf("publish error %q: want it to say %q", e, tt.wantIn)
			}
			if tt.code != 0 && !strings.Contains(e.Error(), "Meta says no") {
				t.Errorf("publish error %q: want Meta's message", e)
			}

			mustMetaError(t, fb.Hide(t.Context(), pageToken, relais.Interaction{ID: "c1"}), tt.wantHide)
		})
	}
}

func TestErrorKeepsNoTokenNorWholeBody(t *testing.T) {
	long := strings.Repeat("x", 5000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":"Bad token %s %s","type":"OAuthException","code":190}}`, token, long)
	}))
	defer srv.Close()
	_, err := New(srv.URL, srv.Client()).Facebook().Publish(t.Context(), pageToken, pageID, "", relais.Content{Text: "Bonjour"})
	mustMetaError(t, err, relais.FailPermanent)
	if got := len(err.Error()); got > 600 {
		t.Errorf("error length: got %d, want at most 600", got)
	}
	if !strings.Contains(err.Error(), "[token]") {
		t.Errorf("error %q: want the echoed token redacted", err)
	}
}

// TestFaults runs netfake's faults against the fake: what each means for
// a publish and for a hide, and whether the post was made.
func TestFaults(t *testing.T) {
	hello := relais.Content{Text: "Bonjour", Link: "https://acme.example"}
	tests := []struct {
		fault       netfake.Fault
		wantPublish relais.Failure
		wantPosts   int
		wantHide    relais.Failure
		wantHidden  bool
		wantWait    time.Duration
	}{
		{fault: netfake.ServerError, wantPublish: relais.FailAmbiguous, wantHide: relais.FailTransient},
		{fault: netfake.RateLimit, wantPublish: relais.FailTransient, wantHide: relais.FailTransient, wantWait: 3 * time.Minute},
		// The server hangs once the request is written: the client cannot
		// tell this from a lost answer.
		{fault: netfake.Timeout, wantPublish: relais.FailAmbiguous, wantHide: relais.FailTransient},
		{fault: netfake.TimeoutAfterEffect, wantPublish: relais.FailAmbiguous, wantPosts: 1, wantHide: relais.FailTransient, wantHidden: true},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault), func(t *testing.T) {
			s := newStack(t)
			s.fake.ThrottleMinutes = 3
			s.fake.AddComment(pageID, "c1")

			s.fake.Faults.FailNext(1, tt.fault)
			_, err := s.fb.Publish(t.Context(), pageToken, pageID, "", hello)
			e := mustMetaError(t, err, tt.wantPublish)
			if got, want := e.Wait(), tt.wantWait; got != want {
				t.Errorf("wait: got %s, want %s", got, want)
			}
			if got := len(s.fake.Posts(pageID)); got != tt.wantPosts {
				t.Errorf("posts: got %d, want %d", got, tt.wantPosts)
			}
			if tt.wantPosts > 0 {
				if got, want := mustFind(t, s.fb, pageToken, pageID, hello), s.fake.Posts(pageID)[0].ID; got != want {
					t.Errorf("found id: got %q, want %q", got, want)
				}
			}

			s.fake.Faults.FailNext(1, tt.fault)
			mustMetaError(t, s.fb.Hide(t.Context(), pageToken, relais.Interaction{ID: "c1"}), tt.wantHide)
			if got := s.fake.Hidden("c1"); got != tt.wantHidden {
				t.Errorf("hidden: got %v, want %v", got, tt.wantHidden)
			}
		})
	}
}

// A refused connection is a request never sent: safe to retry.
func TestRefusedConnectionIsTransient(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := New("http://"+addr+"/v21.0", &http.Client{Timeout: time.Second})
	for name, call := range map[string]func() error{
		"facebook": func() error {
			_, err := c.Facebook().Publish(t.Context(), pageToken, pageID, "", relais.Content{Text: "Bonjour"})
			return err
		},
		"instagram": func() error {
			_, err := c.Instagram().Publish(t.Context(), igToken, igID, "", photo)
			return err
		},
	} {
		e := mustMetaError(t, call(), relais.FailTransient)
		if strings.Contains(e.Error(), addr+"/v21.0") {
			t.Errorf("%s: error %q repeats the URL", name, e)
		}
	}
}
