package oauth

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// CallbackPath is where a Listener takes the consent's answer.
const CallbackPath = "/callback"

// DefaultListenTimeout is how long Wait waits for the person when the
// Listener sets no Timeout: time to sign in and read the consent page.
const DefaultListenTimeout = 5 * time.Minute

// Callback is the consent's answer.
type Callback struct {
	Code, State string
}

// String shows the callback without its code and state, for %v.
func (c Callback) String() string { return "oauth.Callback([redacted])" }

// GoString is String, for %#v.
func (c Callback) GoString() string { return c.String() }

// Listener takes the consent's answer for the CLI on a loopback address,
// the redirect URI of a native app (RFC 8252, 7.3). Build it with Listen.
type Listener struct {
	// Timeout bounds Wait: DefaultListenTimeout when zero.
	Timeout time.Duration

	ln net.Listener
}

// Listen binds addr (empty: 127.0.0.1 on a free port), which must be a
// loopback address: the code must not cross the network.
func Listen(ctx context.Context, addr string) (*Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("oauth: listen: %q is not a loopback address such as 127.0.0.1:8788", addr)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("oauth: listen: %w", err)
	}
	return &Listener{ln: ln}, nil
}

// RedirectURI is the redirect URI the consent sends its answer to.
func (l *Listener) RedirectURI() string { return "http://" + l.ln.Addr().String() + CallbackPath }

// Close frees the address of a Listener never waited on.
func (l *Listener) Close() error { return l.ln.Close() }

// Wait serves the callback until an answer with the consent's state
// comes, then closes the listener. Answers with another state are
// refused and waited past: they are not this consent's. A refusal with
// the state is ErrDenied. The code is shown to no one: the page the
// browser gets says only whether to close it.
func (l *Listener) Wait(ctx context.Context, state string) (Callback, error) {
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = DefaultListenTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type outcome struct {
		cb  Callback
		err error
	}
	done := make(chan outcome, 1)
	var once sync.Once
	finish := func(o outcome) (first bool) {
		once.Do(func() { done <- o; first = true })
		return first
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch {
		case r.URL.Path != CallbackPath:
			page(w, http.StatusNotFound, "Nothing here.")
		case r.Method != http.MethodGet:
			page(w, http.StatusMethodNotAllowed, "Nothing here.")
		case !CheckState(q.Get("state"), state):
			page(w, http.StatusBadRequest, "This answer is not for the connection Relais is waiting for. Start again from the command line.")
		case q.Get("error") != "":
			if finish(outcome{err: fmt.Errorf("oauth: %w (%s)", ErrDenied, errorCode(q.Get("error")))}) {
				page(w, http.StatusOK, "The connection was refused. You can close this window.")
			} else {
				page(w, http.StatusGone, "Relais already has its answer. You can close this window.")
			}
		case q.Get("code") == "":
			page(w, http.StatusBadRequest, "The answer has no code. Start again from the command line.")
		case finish(outcome{cb: Callback{Code: q.Get("code"), State: q.Get("state")}}):
			page(w, http.StatusOK, "Relais is connected. You can close this window.")
		default:
			page(w, http.StatusGone, "Relais already has its answer. You can close this window.")
		}
	})}
	go srv.Serve(l.ln) // ends with Shutdown below
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		o.err = fmt.Errorf("oauth: no answer from the consent page: %w", ctx.Err())
	}
	// Shutdown lets the page of the answer reach the browser.
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer scancel()
	// The answer is decided: a listener that closes badly changes nothing.
	_ = srv.Shutdown(sctx)
	return o.cb, o.err
}

// errorCode keeps a network's error code as a code: its letters and
// underscores, briefly, so that the page's query cannot write the
// terminal.
func errorCode(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return -1
	}, s)
	if len(s) > maxCode {
		s = s[:maxCode]
	}
	return s
}

// page answers the browser with a small page that shows no parameter.
func page(w http.ResponseWriter, status int, message string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Relais</title></head>\n<body><p>%s</p></body></html>\n", message)
}
