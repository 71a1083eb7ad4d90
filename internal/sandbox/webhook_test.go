package sandbox

import (
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

func TestParseDelivery(t *testing.T) {
	valid := `{"deliveryId":"dlv_1","account":"acme","sentAt":"2026-11-20T09:00:00Z","events":[` +
		`{"type":"comment","verb":"add","commentId":"acme_1_c1","postId":"acme_1","parentId":"acme_1","from":{"id":"u1"},"message":"hi","createdTime":"2026-11-20T09:00:00Z"}]}`
	// A valid message is parsed in sandboxfake's TestSendMessageSignedDelivery.
	message := `{"deliveryId":"dlv_2","account":"acme","sentAt":"2026-11-20T09:00:00Z","events":[` +
		`{"type":"message","verb":"add","messageId":"m1","conversationId":"acme_t1","from":{"id":"u1"},"message":"hi","createdTime":"2026-11-20T09:00:00Z"}]}`
	tests := []struct {
		name    string
		body    string
		wantErr string
	}{
		{"valid", valid, ""},
		{"not JSON", `{"deliveryId":`, "not a delivery"},
		{"wrong shape", `{"deliveryId":"dlv_1","account":"acme","events":{}}`, "not a delivery"},
		{"no delivery id", strings.Replace(valid, `"dlv_1"`, `""`, 1), "deliveryId is missing"},
		{"no account", strings.Replace(valid, `"account":"acme"`, `"account":""`, 1), "account is missing"},
		{"no events", `{"deliveryId":"dlv_1","account":"acme","events":[]}`, "no events"},
		{"unknown verb", strings.Replace(valid, `"add"`, `"like"`, 1), `unknown verb "like"`},
		{"unknown type", strings.Replace(valid, `"type":"comment"`, `"type":"story"`, 1), `unknown type "story"`},
		{"no comment id", strings.Replace(valid, `"acme_1_c1"`, `""`, 1), "commentId and postId are required"},
		{"no created time", strings.Replace(valid, `,"createdTime":"2026-11-20T09:00:00Z"`, ``, 1), "createdTime is required"},
		{"message edited", strings.Replace(message, `"add"`, `"edited"`, 1), `verb "edited": a message is only added`},
		{"message without conversation", strings.Replace(message, `"acme_t1"`, `""`, 1), "messageId, conversationId and from.id are required"},
		{"message without author", strings.Replace(message, `"u1"`, `""`, 1), "messageId, conversationId and from.id are required"},
		{"message with a comment's ids only", strings.Replace(message, `"messageId":"m1"`, `"commentId":"m1","postId":"acme_1"`, 1), "messageId, conversationId and from.id are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDelivery([]byte(tt.body))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("got %v", err)
				}
				if got, want := d.Events[0].CommentID, "acme_1_c1"; got != want {
					t.Errorf("comment id: got %q, want %q", got, want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got %v, want an error about %q", err, tt.wantErr)
			}
			if got, want := relais.ErrorCode(err), relais.EINVALID; got != want {
				t.Errorf("code: got %q, want %q", got, want)
			}
		})
	}
}

func TestEventInteraction(t *testing.T) {
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	base := Event{Type: EventComment, Verb: VerbAdd, CommentID: "c2", PostID: "p1", ParentID: "p1", From: From{ID: "u1"}, Message: "hi", CreatedTime: at}
	tests := []struct {
		name       string
		verb       Verb
		parent     string
		wantKind   relais.InteractionKind
		wantParent string
	}{
		{"comment", VerbAdd, "p1", relais.KindComment, ""},
		{"comment without parent", VerbAdd, "", relais.KindComment, ""},
		{"reply", VerbAdd, "c1", relais.KindReply, "c1"},
		{"edit", VerbEdited, "p1", relais.KindEdit, ""},
		{"edit of a reply", VerbEdited, "c1", relais.KindEdit, "c1"},
		{"removal", VerbRemove, "p1", relais.KindRemoval, ""},
	}
	for _, tt := range tests {
		e := base
		e.Verb, e.ParentID = tt.verb, tt.parent
		got := e.Interaction("acme", at)
		if got.Kind != tt.wantKind || got.ParentID != tt.wantParent {
			t.Errorf("%s: got kind %s parent %q, want %s %q", tt.name, got.Kind, got.ParentID, tt.wantKind, tt.wantParent)
		}
	}
}
