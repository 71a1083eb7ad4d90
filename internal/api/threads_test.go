package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/relaistest"
	"github.com/relais-dev/relais/internal/sandbox/sandboxfake"
)

// TestThreadsAPI: a client's service targets round-trip as people write
// them, a bad one is refused with why; a message past its window is
// refused before anything is sent, and one within it is answered in
// private and leaves its thread done.
func TestThreadsAPI(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	etag := f.call(t, manager, http.MethodGet, "/api/clients/acme", nil).header.Get("ETag")
	a := f.call(t, manager, http.MethodPut, "/api/clients/acme/targets", map[string]any{"targets": []string{"complaint 1h mon-fri 09:00-18:00"}}, "If-Match", etag)
	var c struct{ ServiceTargets []string }
	relaistest.MustOK(t, json.Unmarshal(a.body, &c))
	if a.status != http.StatusOK || len(c.ServiceTargets) != 1 || c.ServiceTargets[0] != "complaint 1h mon,tue,wed,thu,fri 09:00-18:00" {
		t.Errorf("targets: got %d %s", a.status, a.body)
	}
	etag = a.header.Get("ETag")
	if a := f.call(t, manager, http.MethodPut, "/api/clients/acme/targets", map[string]any{"targets": []string{"complaint soon"}}, "If-Match", etag); a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), "the delay is a duration") {
		t.Errorf("a bad target: got %d %s", a.status, a.body)
	}

	f.network.RegisterAccount("acme-page", "tok-acme")
	dm := func(text string, at time.Time) relais.Interaction {
		d, err := f.network.SendMessage(ctx, sandboxfake.DM{Account: "acme-page", AuthorID: "u-" + text[:3], AuthorName: "Marie", Text: text, CreatedAt: at})
		relaistest.MustOK(t, err)
		in := relais.Interaction{ClientID: "acme", Network: relais.Sandbox, AccountID: "acme-page", ID: d.Events[0].MessageID, Conversation: d.Events[0].ConversationID,
			Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: "u-" + text[:3], Name: "Marie"}, Text: text, CreatedAt: at, ReceivedAt: at}
		relaistest.Ingested(t, f.store, in)
		_, err = f.store.JoinThread(ctx, dynamo.Arrival{In: in, NeedsAnswer: true}, at)
		relaistest.MustOK(t, err)
		return in
	}
	f.network.Now = func() time.Time { return now }
	old := dm("Vous êtes ouverts ?", now.Add(-8*24*time.Hour))
	path := "/api/clients/acme/threads/sandbox/" + relais.ThreadID(old) + "/replies"
	if a := f.call(t, manager, http.MethodPost, path, map[string]any{"text": "Oui !", "private": true}); a.status != http.StatusUnprocessableEntity || !strings.Contains(string(a.body), "window closed at") {
		t.Errorf("an answer past the window: got %d %s", a.status, a.body)
	}
	fresh := dm("Ma commande ?", now.Add(-time.Hour))
	path = "/api/clients/acme/threads/sandbox/" + relais.ThreadID(fresh)
	if a := f.call(t, manager, http.MethodPost, path+"/replies", map[string]any{"text": "Elle part demain.", "private": true, "status": "done"}); a.status != http.StatusCreated {
		t.Fatalf("an answer in the window: got %d %s", a.status, a.body)
	}
	var th struct {
		Status  string
		Entries []struct{ Kind, By string }
	}
	relaistest.MustOK(t, json.Unmarshal(f.call(t, manager, http.MethodGet, path, nil).body, &th))
	if th.Status != "done" || len(th.Entries) != 2 || th.Entries[1].Kind != "answer" || th.Entries[1].By != "max" {
		t.Errorf("the thread after the answer: %+v", th)
	}
}
