package sandboxfake

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// mustVerifiedDelivery checks a received call the way the Relais webhook
// function does, and returns the delivery.
func mustVerifiedDelivery(t *testing.T, r received) sandbox.Delivery {
	t.Helper()
	if err := sandbox.Verify(webhookSecret, r.header.Get(sandbox.SignatureHeader), r.body); err != nil {
		t.Fatalf("verify: %v", err)
	}
	d, err := sandbox.ParseDelivery(r.body)
	if err != nil {
		t.Fatalf("parse delivery: %v", err)
	}
	if got, want := r.header.Get(sandbox.DeliveryHeader), d.DeliveryID; got != want {
		t.Errorf("%s header: got %q, want %q", sandbox.DeliveryHeader, got, want)
	}
	return d
}

func TestSendCommentSignedDelivery(t *testing.T) {
	s := newStack(t)
	now := s.clock.Now()
	deliveryID, err := s.net.SendComment(context.Background(), Comment{
		Account: "acme", ID: "acme_1_c1", PostID: "acme_1", AuthorID: "u1", AuthorName: "Léa", Text: "Super produit",
	})
	if err != nil {
		t.Fatalf("send comment: %v", err)
	}
	calls := s.receiver.received()
	if got, want := len(calls), 1; got != want {
		t.Fatalf("webhook calls: got %d, want %d", got, want)
	}
	d := mustVerifiedDelivery(t, calls[0])
	want := sandbox.Delivery{DeliveryID: deliveryID, Account: "acme", SentAt: now, Events: []sandbox.Event{{
		Type: sandbox.EventComment, Verb: sandbox.VerbAdd, CommentID: "acme_1_c1", PostID: "acme_1", ParentID: "acme_1",
		From: sandbox.From{ID: "u1", Name: "Léa"}, Message: "Super produit", CreatedTime: now,
	}}}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("delivery:\n got %+v\nwant %+v", d, want)
	}
	if got, want := calls[0].header.Get("Content-Type"), "application/json"; got != want {
		t.Errorf("content type: got %q, want %q", got, want)
	}

	received := now.Add(time.Second)
	wantInteraction := relais.Interaction{
		Network: relais.Sandbox, AccountID: "acme", ID: "acme_1_c1", PostID: "acme_1", Kind: relais.KindComment,
		Author: relais.Author{ID: "u1", Name: "Léa"}, Text: "Super produit", CreatedAt: now, ReceivedAt: received,
	}
	if got := d.Events[0].Interaction(d.Account, received); !reflect.DeepEqual(got, wantInteraction) {
		t.Errorf("interaction:\n got %+v\nwant %+v", got, wantInteraction)
	}
}

func TestNonASCIIIsEscaped(t *testing.T) {
	s := newStack(t)
	text := "Très déçu 😡 — vraiment"
	if _, err := s.net.SendComment(context.Background(), Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", AuthorName: "Zoë", Text: text}); err != nil {
		t.Fatalf("send comment: %v", err)
	}
	raw := s.receiver.received()[0].body
	for _, b := range raw {
		if b >= 0x80 {
			t.Fatalf("raw body has a non-ASCII byte: %s", raw)
		}
	}
	for _, want := range []string{`Tr\u00e8s d\u00e9\u00e7u \ud83d\ude21 \u2014 vraiment`, `Zo\u00eb`} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("raw body %s lacks %s", raw, want)
		}
	}
	d := mustVerifiedDelivery(t, s.receiver.received()[0])
	if got := d.Events[0].Message; got != text {
		t.Errorf("message: got %q, want %q", got, text)
	}
	// Why the receiver must verify the raw bytes: re-encoded, the same
	// delivery no longer matches its signature.
	reencoded, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := sandbox.Verify(webhookSecret, s.receiver.received()[0].header.Get(sandbox.SignatureHeader), reencoded); err != sandbox.ErrSignatureMismatch {
		t.Errorf("verify re-encoded body: got %v, want %v", err, sandbox.ErrSignatureMismatch)
	}
}

func TestWebhookRetries(t *testing.T) {
	tests := []struct {
		name      string
		answers   []int // by call; 200 after
		wantCalls int
		wantErr   bool
	}{
		{"first try", nil, 1, false},
		{"after two failures", []int{500, 503}, 3, false},
		{"after a refusal", []int{401}, 2, false},
		{"gives up", []int{500, 500, 500, 500}, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			s.receiver.setAnswer(func(call int) int {
				if call <= len(tt.answers) {
					return tt.answers[call-1]
				}
				return http.StatusOK
			})
			id, err := s.net.SendComment(context.Background(), Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "hello"})
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			calls := s.receiver.received()
			if got := len(calls); got != tt.wantCalls {
				t.Fatalf("calls: got %d, want %d", got, tt.wantCalls)
			}
			for i, c := range calls {
				if got := c.header.Get(sandbox.DeliveryHeader); got != id {
					t.Errorf("call %d: delivery id %q, want %q", i+1, got, id)
				}
				if !bytes.Equal(c.body, calls[0].body) {
					t.Errorf("call %d: body differs from the first call's", i+1)
				}
				mustVerifiedDelivery(t, c)
			}
			if got, want := len(s.net.Comments()), 1; got != want {
				t.Errorf("comments recorded: got %d, want %d", got, want)
			}
		})
	}
}

func TestWebhookRetriesAfterReceiverTimeout(t *testing.T) {
	var calls atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			// Too slow: the network gives up on this try. The server
			// notices it hanging up once the body is read.
			_, _ = io.Copy(io.Discard, r.Body)
			<-r.Context().Done()
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer rcv.Close()
	n := NewNetwork(rcv.URL, webhookSecret)
	n.WebhookClient = &http.Client{Timeout: 100 * time.Millisecond}
	n.WebhookBackoff = time.Millisecond
	if _, err := n.SendComment(context.Background(), Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "hello"}); err != nil {
		t.Fatalf("send comment: %v", err)
	}
	if got, want := calls.Load(), int32(2); got != want {
		t.Errorf("calls: got %d, want %d", got, want)
	}
}

func TestWebhookStopsWithContext(t *testing.T) {
	s := newStack(t)
	s.net.WebhookBackoff = time.Hour
	s.receiver.setAnswer(func(int) int { return http.StatusInternalServerError })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := s.net.SendComment(ctx, Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "hello"})
	if err == nil || !strings.Contains(err.Error(), "stopped after 1 tries") {
		t.Errorf("got %v, want the delivery stopped by its context", err)
	}
}

func TestDuplicateWebhooks(t *testing.T) {
	s := newStack(t)
	s.net.FailNext(1, DuplicateWebhooks)
	ctx := context.Background()
	first, err := s.net.SendComment(ctx, Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "one"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.net.SendComment(ctx, Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "two"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.receiver.received() {
		got = append(got, mustVerifiedDelivery(t, c).DeliveryID)
	}
	if want := []string{first, first, second}; !reflect.DeepEqual(got, want) {
		t.Errorf("delivery ids: got %v, want %v", got, want)
	}
	// API requests do not consume the webhook fault.
	s.net.FailNext(1, DuplicateWebhooks)
	if _, err := s.client.Publish(ctx, acmeToken, "acme", sandbox.Content{Text: "post"}); err != nil {
		t.Errorf("publish: %v", err)
	}
}

func TestEditAndRemoval(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	id := s.mustComment(t, "Bof")
	s.clock.Advance(time.Minute)
	if _, err := s.net.SendEdit(ctx, id, "Finalement, très bien"); err != nil {
		t.Fatalf("edit: %v", err)
	}
	if _, err := s.net.SendRemoval(ctx, id); err != nil {
		t.Fatalf("removal: %v", err)
	}
	calls := s.receiver.received()
	if got, want := len(calls), 3; got != want {
		t.Fatalf("calls: got %d, want %d", got, want)
	}
	tests := []struct {
		call        int
		wantVerb    sandbox.Verb
		wantMessage string
		wantKind    relais.InteractionKind
	}{
		{1, sandbox.VerbEdited, "Finalement, très bien", relais.KindEdit},
		{2, sandbox.VerbRemove, "", relais.KindRemoval},
	}
	for _, tt := range tests {
		e := mustVerifiedDelivery(t, calls[tt.call]).Events[0]
		if e.Verb != tt.wantVerb || e.Message != tt.wantMessage || e.CommentID != id {
			t.Errorf("call %d: got verb %s message %q comment %s, want %s %q %s", tt.call, e.Verb, e.Message, e.CommentID, tt.wantVerb, tt.wantMessage, id)
		}
		if got := e.Interaction("acme", s.clock.Now()); got.Kind != tt.wantKind || got.ID != id {
			t.Errorf("call %d: interaction kind %s id %s, want %s %s", tt.call, got.Kind, got.ID, tt.wantKind, id)
		}
	}
	c, _ := s.net.Comment(id)
	if !c.Edited || !c.Removed || c.Text != "Finalement, très bien" {
		t.Errorf("state: got %+v", c)
	}
	for name, send := range map[string]func() (string, error){
		"edit removed":    func() (string, error) { return s.net.SendEdit(ctx, id, "encore") },
		"remove removed":  func() (string, error) { return s.net.SendRemoval(ctx, id) },
		"edit unknown":    func() (string, error) { return s.net.SendEdit(ctx, "nope", "encore") },
		"edit empty text": func() (string, error) { return s.net.SendEdit(ctx, id, "") },
	} {
		if _, err := send(); err == nil {
			t.Errorf("%s: got no error", name)
		}
	}
}

func TestSendCommentsBatch(t *testing.T) {
	s := newStack(t)
	ctx := context.Background()
	d, err := s.net.SendComments(ctx,
		Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "un"},
		Comment{Account: "acme", PostID: "acme_1", AuthorID: "u2", Text: "deux"},
	)
	if err != nil {
		t.Fatal(err)
	}
	got := mustVerifiedDelivery(t, s.receiver.received()[0])
	if len(got.Events) != 2 || got.Events[0].CommentID == got.Events[1].CommentID {
		t.Errorf("events: got %+v, want two distinct comments", got.Events)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("delivery returned %+v, received %+v", d, got)
	}
	if _, err := s.net.SendComments(ctx,
		Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "un"},
		Comment{Account: "globex", PostID: "globex_1", AuthorID: "u2", Text: "deux"},
	); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("two accounts in one delivery: got %v, want an invalid error", err)
	}
	if _, err := s.net.SendComments(ctx); relais.ErrorCode(err) != relais.EINVALID {
		t.Errorf("no comments: got %v, want an invalid error", err)
	}
}

func TestNoWebhookURL(t *testing.T) {
	n := NewNetwork("", webhookSecret)
	_, err := n.SendComment(context.Background(), Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "hello"})
	if err == nil {
		t.Fatal("got no error")
	}
	if got, want := len(n.Comments()), 1; got != want {
		t.Errorf("comments recorded: got %d, want %d", got, want)
	}
}
