package sandboxfake

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/relais"
)

func TestModerationIsRecorded(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	id := s.mustComment(t, "Arnaque !")
	at := s.clock.Now()

	if err := s.client.Hide(ctx, acmeToken, id); err != nil {
		t.Fatalf("hide: %v", err)
	}
	if c, _ := s.net.Comment(id); !c.Hidden {
		t.Error("after hide: comment is not hidden")
	}
	if err := s.client.Unhide(ctx, acmeToken, id); err != nil {
		t.Fatalf("unhide: %v", err)
	}
	replyID, err := s.client.Reply(ctx, acmeToken, id, "Bonjour, écrivez-nous en privé.")
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	if replyID == "" {
		t.Error("reply: empty id")
	}
	c, ok := s.net.Comment(id)
	if !ok {
		t.Fatalf("comment %s unknown", id)
	}
	if c.Hidden {
		t.Error("after unhide: comment is hidden")
	}
	wantReplies := []Reply{{ID: replyID, Text: "Bonjour, écrivez-nous en privé.", CreatedAt: at}}
	if !reflect.DeepEqual(c.Replies, wantReplies) {
		t.Errorf("replies: got %+v, want %+v", c.Replies, wantReplies)
	}
	if err := s.client.Delete(ctx, acmeToken, id); err != nil {
		t.Fatalf("delete: %v", err)
	}

	want := []Action{
		{Kind: ActionHide, Account: "acme", CommentID: id, At: at},
		{Kind: ActionUnhide, Account: "acme", CommentID: id, At: at},
		{Kind: ActionReply, Account: "acme", CommentID: id, ReplyID: replyID, Text: "Bonjour, écrivez-nous en privé.", At: at},
		{Kind: ActionDelete, Account: "acme", CommentID: id, At: at},
	}
	if got := s.net.Actions(); !reflect.DeepEqual(got, want) {
		t.Errorf("actions:\n got %+v\nwant %+v", got, want)
	}

	// A deleted comment is gone for good.
	err = s.client.Hide(ctx, acmeToken, id)
	if e := netfake.MustError(t, err); e.Kind != relais.FailPermanent || e.Code != CodeNotFound {
		t.Errorf("hide after delete: got %s %q, want permanent %q", e.Kind, e.Code, CodeNotFound)
	}

	// The local stack's view shows the state.
	_, body := s.get(t, Prefix+"comments")
	var listed []CommentState
	if err := json.Unmarshal(body, &listed); err != nil {
		t.Fatalf("comments listing: %v", err)
	}
	if got, want := len(listed), 1; got != want {
		t.Fatalf("comments listed: got %d, want %d", got, want)
	}
	if got := listed[0]; got.ID != id || !got.Deleted || got.Hidden || len(got.Replies) != 1 || got.AuthorName != "Léa" {
		t.Errorf("listed comment: got %+v", got)
	}
}

func TestModerationRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		call       func(s *stack, id string) error
		wantStatus int
		wantCode   string
	}{
		{"unknown comment", func(s *stack, _ string) error { return s.client.Hide(ctx, acmeToken, "acme_1_c999") }, 404, CodeNotFound},
		{"other account's token", func(s *stack, id string) error { return s.client.Delete(ctx, globexToken, id) }, 401, CodeInvalidToken},
		{"no token", func(s *stack, id string) error { return s.client.Unhide(ctx, "", id) }, 401, CodeInvalidToken},
		{"empty reply", func(s *stack, id string) error {
			_, err := s.client.Reply(ctx, acmeToken, id, " ")
			return err
		}, 422, CodeValidation},
		{"reply too long", func(s *stack, id string) error {
			_, err := s.client.Reply(ctx, acmeToken, id, strings.Repeat("a", MaxText+1))
			return err
		}, 422, CodeValidation},
		{"removed by its author", func(s *stack, id string) error {
			if _, err := s.net.SendRemoval(ctx, id); err != nil {
				t.Fatalf("removal: %v", err)
			}
			return s.client.Hide(ctx, acmeToken, id)
		}, 404, CodeNotFound},
		{"private reply after seven days", func(s *stack, id string) error {
			s.clock.Advance(7*day + time.Second)
			_, err := s.client.PrivateReply(ctx, acmeToken, id, "Bonjour")
			return err
		}, 403, CodeWindowClosed},
		{"empty private reply", func(s *stack, id string) error {
			_, err := s.client.PrivateReply(ctx, acmeToken, id, " ")
			return err
		}, 422, CodeValidation},
		{"private reply with the other account's token", func(s *stack, id string) error {
			_, err := s.client.PrivateReply(ctx, globexToken, id, "Bonjour")
			return err
		}, 401, CodeInvalidToken},
		{"private reply to a removed comment", func(s *stack, id string) error {
			if _, err := s.net.SendRemoval(ctx, id); err != nil {
				t.Fatalf("removal: %v", err)
			}
			_, err := s.client.PrivateReply(ctx, acmeToken, id, "Bonjour")
			return err
		}, 404, CodeNotFound},
		{"message in an unknown conversation", func(s *stack, _ string) error {
			_, err := s.client.Message(ctx, acmeToken, "acme_t999", "Bonjour", relais.TagStandard)
			return err
		}, 404, CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id := s.mustComment(t, "hello")
			e := netfake.MustError(t, tt.call(s, id))
			if e.Kind != relais.FailPermanent || e.Status != tt.wantStatus || e.Code != tt.wantCode {
				t.Errorf("got %s %d %q, want permanent %d %q", e.Kind, e.Status, e.Code, tt.wantStatus, tt.wantCode)
			}
			s.checkNothingDone(t)
		})
	}
}

// TestRequestsTheClientDoesNotMake: the network refuses requests that
// the client never sends, so they are made by hand.
func TestRequestsTheClientDoesNotMake(t *testing.T) {
	tests := []struct {
		name, path, body string
		wantStatus       int
		wantCode         string
	}{
		{"hide without hidden", "/hide", `{}`, http.StatusBadRequest, CodeInvalidRequest},
		{"private reply with a tag", "/private_replies", `{"text":"Bonjour","tag":"` + string(relais.TagHumanAgent) + `"}`, http.StatusUnprocessableEntity, CodeValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id := s.mustComment(t, "hello")
			status, code := s.send(t, http.MethodPost, apiPath+"comments/"+id+tt.path, acmeToken, tt.body)
			if status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
			s.checkNothingDone(t)
		})
	}
}

func TestSendCommentRefused(t *testing.T) {
	ok := Comment{Account: "acme", PostID: "acme_1", AuthorID: "u1", Text: "hello"}
	with := func(f func(*Comment)) Comment {
		c := ok
		f(&c)
		return c
	}
	tests := []struct {
		name string
		c    Comment
	}{
		{"no account", with(func(c *Comment) { c.Account = "" })},
		{"no post", with(func(c *Comment) { c.PostID = "" })},
		{"no author", with(func(c *Comment) { c.AuthorID = "" })},
		{"no text", with(func(c *Comment) { c.Text = " " })},
		{"comment with another parent", with(func(c *Comment) { c.Kind = relais.KindComment; c.ParentID = "acme_1_c1" })},
		{"reply without parent", with(func(c *Comment) { c.Kind = relais.KindReply })},
		{"unknown kind", with(func(c *Comment) { c.Kind = relais.KindMention })},
		{"id taken", with(func(c *Comment) { c.ID = "taken" })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			if _, err := s.net.SendComment(context.Background(), with(func(c *Comment) { c.ID = "taken" })); err != nil {
				t.Fatalf("first comment: %v", err)
			}
			_, err := s.net.SendComment(context.Background(), tt.c)
			if got, want := relais.ErrorCode(err), relais.EINVALID; got != want {
				t.Errorf("got %v (code %q), want code %q", err, got, want)
			}
			if got, want := len(s.net.Comments()), 1; got != want {
				t.Errorf("comments: got %d, want %d", got, want)
			}
		})
	}
}

func TestCommentKinds(t *testing.T) {
	tests := []struct {
		name       string
		kind       relais.InteractionKind
		parent     string
		wantKind   relais.InteractionKind
		wantParent string
	}{
		{"on the post", "", "", relais.KindComment, "acme_1"},
		{"parent is the post", relais.KindComment, "acme_1", relais.KindComment, "acme_1"},
		{"reply, kind implied", "", "acme_1_c7", relais.KindReply, "acme_1_c7"},
		{"reply", relais.KindReply, "acme_1_c7", relais.KindReply, "acme_1_c7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			d, err := s.net.SendComments(context.Background(), Comment{Account: "acme", PostID: "acme_1", ParentID: tt.parent, AuthorID: "u1", Text: "hi", Kind: tt.kind})
			if err != nil {
				t.Fatal(err)
			}
			c, _ := s.net.Comment(d.Events[0].CommentID)
			if c.Kind != tt.wantKind || c.ParentID != tt.wantParent {
				t.Errorf("got kind %s parent %s, want %s %s", c.Kind, c.ParentID, tt.wantKind, tt.wantParent)
			}
			if got := d.Events[0].Interaction("acme", s.clock.Now()).Kind; got != tt.wantKind {
				t.Errorf("interaction kind: got %s, want %s", got, tt.wantKind)
			}
		})
	}
}

func TestCommentControlEndpoint(t *testing.T) {
	s := newStack(t)
	status, _ := s.send(t, http.MethodPost, Prefix+"comments", "", `{"account":"acme","postId":"acme_1","authorId":"u9","authorName":"Troll","text":"nul"}`)
	if status != http.StatusCreated {
		t.Fatalf("send comment: got status %d, want 201", status)
	}
	if got, want := len(s.receiver.received()), 1; got != want {
		t.Errorf("webhook calls: got %d, want %d", got, want)
	}
	status, code := s.send(t, http.MethodPost, Prefix+"comments", "", `{"account":"acme"}`)
	if status != http.StatusUnprocessableEntity || code != CodeValidation {
		t.Errorf("invalid comment: got %d %q, want 422 %q", status, code, CodeValidation)
	}
	s.receiver.setAnswer(func(int) int { return http.StatusInternalServerError })
	status, code = s.send(t, http.MethodPost, Prefix+"comments", "", `{"account":"acme","postId":"acme_1","authorId":"u9","text":"encore"}`)
	if status != http.StatusBadGateway || code != CodeDeliveryFailed {
		t.Errorf("failed delivery: got %d %q, want 502 %q", status, code, CodeDeliveryFailed)
	}
	if got, want := len(s.net.Comments()), 2; got != want {
		t.Errorf("comments recorded: got %d, want %d", got, want)
	}
}
