package sandboxfake

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/sandbox"
)

const (
	acmeToken   = "tok-acme-secret"
	globexToken = "tok-globex-secret"
)

var webhookSecret = []byte("webhook-secret")

// stack is the network mounted under its prefix, as the local stack does,
// with a client talking to it and a webhook receiver.
type stack struct {
	net      *Network
	srv      *httptest.Server
	client   *sandbox.Client
	clock    *netfake.Clock
	receiver *receiver
}

func newStack(t *testing.T) *stack {
	t.Helper()
	rcv := newReceiver(t)
	clock := netfake.NewClock(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	n := NewNetwork(rcv.srv.URL+"/webhooks/sandbox", webhookSecret)
	n.Now = clock.Now
	n.WebhookBackoff = time.Millisecond
	n.WebhookClient = &http.Client{Timeout: time.Second}
	n.RegisterAccount("acme", acmeToken)
	n.RegisterAccount("globex", globexToken)

	mux := http.NewServeMux()
	mux.Handle(Prefix, n)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	// A short timeout keeps the tests of hanging faults fast.
	c := sandbox.NewClient(srv.URL, &http.Client{Timeout: time.Second})
	return &stack{net: n, srv: srv, client: c, clock: clock, receiver: rcv}
}

// get fetches a path of the stack and returns the status and body.
func (s *stack) get(t *testing.T, path string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(s.srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", path, err)
	}
	return resp.StatusCode, b
}

// send makes a raw request to the stack and returns the status and the
// error code of the answer, if any.
func (s *stack) send(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var eb sandbox.ErrorBody
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &eb)
	return resp.StatusCode, eb.Error.Code
}

// mustComment has someone comment on an acme post and returns its id.
func (s *stack) mustComment(t *testing.T, text string) string {
	t.Helper()
	d, err := s.net.SendComments(context.Background(), Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", AuthorName: "Léa", Text: text})
	if err != nil {
		t.Fatalf("send comment: %v", err)
	}
	return d.Events[0].CommentID
}

// checkNothingDone checks that the network carried out no action and
// began no conversation.
func (s *stack) checkNothingDone(t *testing.T) {
	t.Helper()
	if got := len(s.net.Actions()); got != 0 {
		t.Errorf("actions: got %d, want 0", got)
	}
	if got := len(s.net.Conversations()); got != 0 {
		t.Errorf("conversations: got %d, want 0", got)
	}
}

// receiver stands for the Relais webhook function: it keeps every call
// and answers with the status its answer function gives for the call's
// number, counted from 1.
type receiver struct {
	srv *httptest.Server

	mu     sync.Mutex
	calls  []received
	answer func(call int) int
}

type received struct {
	body   []byte
	header http.Header
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	r := &receiver{answer: func(int) int { return http.StatusOK }}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("receiver: read body: %v", err)
		}
		r.mu.Lock()
		r.calls = append(r.calls, received{body: b, header: req.Header.Clone()})
		status := r.answer(len(r.calls))
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) setAnswer(f func(call int) int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.answer = f
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.calls...)
}
