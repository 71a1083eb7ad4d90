package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// TestInboxThread: a manager opens a moderated comment and sees why it
// was decided; answers it, is stopped by a guard the refusal names,
// accepts it, and finds the answer on the thread and on the network, once.
func TestInboxThread(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	text := "Livraison en retard, encore une fois"
	_, err := f.network.SendComment(ctx, sandboxfake.Comment{Account: "acme-page", ID: "c9", PostID: "acme-page_1", AuthorID: "u1", AuthorName: "Ana", Text: text})
	relaistest.MustOK(t, err)
	in := relais.Interaction{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: "c9", PostID: "acme-page_1", ParentID: "acme-page_1",
		Kind: relais.KindComment, Author: relais.Author{ID: "u1", Name: "Ana"}, Text: text, CreatedAt: now, ReceivedAt: now}
	_, err = f.store.Ingest(ctx, []relais.Interaction{in}, map[string]string{"acme": "Europe/Paris"})
	relaistest.MustOK(t, err)
	detail, _ := json.Marshal(relais.InteractionReceived{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", InteractionID: "c9", Kind: relais.KindComment, ReceivedAt: now})
	relaistest.MustOK(t, f.moderator.Handle(ctx, events.EventBridgeEvent{ID: "ev-9", DetailType: relais.DetailInteractionReceived, Source: relais.EventSource, Detail: detail}))

	type thread struct {
		Text     string `json:"text"`
		Decision *struct {
			Action string       `json:"action"`
			Score  relais.Score `json:"score"`
		} `json:"decision"`
		Answers []relais.Answer `json:"answers"`
	}
	var th thread
	f.call(t, manager, http.MethodGet, "/api/clients/acme/inbox/sandbox/c9", nil).decode(t, &th)
	if th.Text != text || th.Decision == nil || th.Decision.Action == "" || len(th.Decision.Score.Reasons) == 0 {
		t.Fatalf("thread %+v: want the text and a decision with its reasons", th)
	}

	path := "/api/clients/acme/inbox/sandbox/c9/replies"
	reply := "Désolés Ana ! Écrivez-nous à sav@acme.example"
	refused := f.call(t, manager, http.MethodPost, path, map[string]any{"text": reply})
	var p struct {
		Detail string           `json:"detail"`
		Guards []relais.Finding `json:"guards"`
	}
	refused.decode(t, &p)
	if refused.status != http.StatusUnprocessableEntity || len(p.Guards) != 1 || p.Guards[0].Guard != relais.GuardPrivateData || p.Detail == "" {
		t.Fatalf("an answer with an email: got %d %+v, want 422 naming private_data", refused.status, p)
	}
	for range 2 {
		var a relais.Answer
		sent := f.call(t, manager, http.MethodPost, path, map[string]any{"text": reply, "accept": []string{"private_data"}})
		sent.decode(t, &a)
		if sent.status != http.StatusCreated || a.State != relais.AnswerSent || a.By != manager.Name {
			t.Errorf("the accepted answer: got %d %+v, want 201, sent by %s", sent.status, a, manager.Name)
		}
	}
	c, _ := f.network.Comment("c9")
	if len(c.Replies) != 1 || c.Replies[0].Text != reply {
		t.Errorf("replies on the network %+v, want the one answer", c.Replies)
	}
	f.call(t, manager, http.MethodGet, "/api/clients/acme/inbox/sandbox/c9", nil).decode(t, &th)
	if len(th.Answers) != 1 || th.Answers[0].Text != reply {
		t.Errorf("answers on the thread %+v, want the one sent", th.Answers)
	}
	if got := f.call(t, manager, http.MethodPost, "/api/clients/acme/inbox/sandbox/c9/replies", map[string]any{"text": "x", "accept": []string{"toxic"}}).status; got != http.StatusUnprocessableEntity {
		t.Errorf("accepting the toxic guard: got %d, want 422", got)
	}
}
