package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// waiting is a Listener's Wait running, and what it returns.
type waiting struct {
	l    *Listener
	done chan struct{}
	cb   Callback
	err  error
}

func wait(t *testing.T, state string, timeout time.Duration) *waiting {
	t.Helper()
	l, err := Listen(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	l.Timeout = timeout
	w := &waiting{l: l, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		w.cb, w.err = l.Wait(context.Background(), state)
	}()
	return w
}

// browse opens the redirect URI with q, as the browser the consent
// sends back, and returns the status and the page.
func (w *waiting) browse(t *testing.T, path string, q url.Values) (int, string) {
	t.Helper()
	u := strings.TrimSuffix(w.l.RedirectURI(), CallbackPath) + path + "?" + q.Encode()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestListen: answers that are not the consent's are refused and waited
// past; the consent's ends the wait, its code shown nowhere.
func TestListen(t *testing.T) {
	const state, code = "state-1", "code-secret-1"
	w := wait(t, state, time.Minute)
	if !strings.HasPrefix(w.l.RedirectURI(), "http://127.0.0.1:") || !strings.HasSuffix(w.l.RedirectURI(), CallbackPath) {
		t.Errorf("redirect URI %s is not a loopback callback", w.l.RedirectURI())
	}
	steps := []struct {
		name       string
		path       string
		q          url.Values
		wantStatus int
		wantPage   string
	}{
		{"wrong state", CallbackPath, url.Values{"code": {"code-forged"}, "state": {"state-2"}}, 400, "not for the connection"},
		{"no state", CallbackPath, url.Values{"code": {"code-forged"}}, 400, "not for the connection"},
		{"elsewhere", "/favicon.ico", nil, 404, "Nothing here"},
		{"no code", CallbackPath, url.Values{"state": {state}}, 400, "no code"},
		{"the consent's answer", CallbackPath, url.Values{"code": {code}, "state": {state}}, 200, "You can close this window"},
	}
	for _, st := range steps {
		status, page := w.browse(t, st.path, st.q)
		if status != st.wantStatus || !strings.Contains(page, st.wantPage) {
			t.Errorf("%s: got %d %q, want %d with %q", st.name, status, page, st.wantStatus, st.wantPage)
		}
		if strings.Contains(page, "code-") {
			t.Errorf("%s: the page shows the code", st.name)
		}
	}
	<-w.done
	if w.err != nil || w.cb.Code != code || w.cb.State != state {
		t.Errorf("got %q %q %v, want %q %q", w.cb.Code, w.cb.State, w.err, code, state)
	}
}

func TestListenDenied(t *testing.T) {
	w := wait(t, "state-1", time.Minute)
	status, page := w.browse(t, CallbackPath, url.Values{"error": {"access_denied\x1b[2J"}, "state": {"state-1"}})
	if status != http.StatusOK || !strings.Contains(page, "refused") {
		t.Errorf("got %d %q, want 200 saying it was refused", status, page)
	}
	<-w.done
	if !errors.Is(w.err, ErrDenied) || !strings.Contains(w.err.Error(), "access_denied") || strings.ContainsAny(w.err.Error(), "\x1b[") {
		t.Errorf("got %q, want ErrDenied naming access_denied without the escape", w.err)
	}
}

func TestListenTimeout(t *testing.T) {
	w := wait(t, "state-1", 10*time.Millisecond)
	<-w.done
	if !errors.Is(w.err, context.DeadlineExceeded) {
		t.Errorf("got %v, want a deadline", w.err)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "relais.example:8788", "localhost:0", "8788"} {
		if l, err := Listen(context.Background(), addr); err == nil {
			l.Close()
			t.Errorf("Listen(%q): got no error", addr)
		}
	}
}

// TestConnectFromTheCLI: the CLI's whole flow, the browser sent from the
// consent to the listener's loopback redirect URI.
func TestConnectFromTheCLI(t *testing.T) {
	s := newStack(t, xLike())
	l, err := Listen(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	n := xLike()
	n.o.AuthURL, n.o.TokenURL = s.srv.URL+n.o.AuthURL, s.srv.URL+n.o.TokenURL
	client := New("testnet", n.o, clientID, clientSecret, l.RedirectURI(), nil)
	consent, err := client.Begin(nil)
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		cb  Callback
		err error
	}
	done := make(chan result, 1)
	go func() {
		cb, err := l.Wait(context.Background(), consent.State)
		done <- result{cb, err}
	}()
	resp, err := http.Get(consent.URL) // the browser follows the redirect
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	tok, err := client.Exchange(context.Background(), r.cb.Code, consent.Verifier)
	if err != nil {
		t.Fatal(err)
	}
	s.mustValid(t, tok)
}
