package sandboxfake

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// Comment is a comment someone writes on one of an account's posts. The
// network records it and announces it with a webhook.
type Comment struct {
	// Account is the account that received the comment.
	Account string `json:"account"`
	// ID is generated when empty.
	ID     string `json:"id"`
	PostID string `json:"postId"`
	// ParentID is the post for a comment, or the comment answered by a
	// reply; empty means the post.
	ParentID   string `json:"parentId"`
	AuthorID   string `json:"authorId"`
	AuthorName string `json:"authorName,omitempty"`
	Text       string `json:"text"`
	// Kind is relais.KindComment or relais.KindReply; empty means the one
	// that ParentID implies.
	Kind relais.InteractionKind `json:"kind"`
}

// CommentState is a comment as the network holds it: its current text and
// what moderation and its author did to it.
type CommentState struct {
	Comment
	CreatedAt time.Time `json:"createdAt"`
	Edited    bool      `json:"edited"`
	// Removed means its author took it down.
	Removed bool `json:"removed"`
	Hidden  bool `json:"hidden"`
	// Deleted means the account's owner deleted it.
	Deleted bool    `json:"deleted"`
	Replies []Reply `json:"replies"`
	// PrivateReply is the id of the message that answered the comment in
	// private, in its author's conversation.
	PrivateReply string `json:"privateReply,omitempty"`
}

// Reply is the account's answer to a comment.
type Reply struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	CreatedAt time.Time `json:"createdAt"`
}

// ActionKind is a moderation action or a private answer taken through the
// API.
type ActionKind string

const (
	ActionHide   ActionKind = "hide"
	ActionUnhide ActionKind = "unhide"
	ActionDelete ActionKind = "delete"
	ActionReply  ActionKind = "reply"
	// ActionMessage answers in a private conversation.
	ActionMessage ActionKind = "message"
	// ActionPrivateReply answers a comment in private.
	ActionPrivateReply ActionKind = "private_reply"
)

// Action records one request the network carried out.
type Action struct {
	Kind    ActionKind `json:"kind"`
	Account string     `json:"account"`
	// CommentID is empty for a message in a conversation.
	CommentID string `json:"commentId,omitempty"`
	// Conversation is set for private answers.
	Conversation string `json:"conversation,omitempty"`
	// ReplyID and Text are set for replies and private answers: ReplyID is
	// the reply's or message's id.
	ReplyID string `json:"replyId,omitempty"`
	Text    string `json:"text,omitempty"`
	// Tag is the tag a message went out under.
	Tag relais.MessageTag `json:"tag,omitempty"`
	At  time.Time         `json:"at"`
}

// Comment returns the state of a comment.
func (n *Network) Comment(id string) (CommentState, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	c, ok := n.comments[id]
	if !ok {
		return CommentState{}, false
	}
	return c.clone(), true
}

// Comments returns every comment, in the order they were written.
func (n *Network) Comments() []CommentState {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]CommentState, 0, len(n.commentIDs))
	for _, id := range n.commentIDs {
		out = append(out, n.comments[id].clone())
	}
	return out
}

// gone reports whether the comment was deleted or removed: the network
// then knows it no more.
func (c *CommentState) gone() bool { return c.Deleted || c.Removed }

func (c *CommentState) clone() CommentState {
	s := *c
	s.Replies = append([]Reply{}, c.Replies...)
	return s
}

// Actions returns every moderation action and private answer carried out,
// in order.
func (n *Network) Actions() []Action {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Action(nil), n.actions...)
}

// SendComment records a comment and sends its webhook. It returns the
// delivery id.
func (n *Network) SendComment(ctx context.Context, c Comment) (string, error) {
	d, err := n.SendComments(ctx, c)
	return d.DeliveryID, err
}

// SendComments records comments on one account and sends them in one
// webhook delivery, which it returns with the comments' ids filled in. The
// comments stay recorded when the delivery fails, as on a real network.
func (n *Network) SendComments(ctx context.Context, cs ...Comment) (sandbox.Delivery, error) {
	if len(cs) == 0 {
		return sandbox.Delivery{}, relais.Errorf(relais.EINVALID, "sandbox: no comments to send")
	}
	cs = slices.Clone(cs) // normalize fills them in; leave the caller's alone
	for i := range cs {
		if err := cs[i].normalize(); err != nil {
			return sandbox.Delivery{}, err
		}
		if cs[i].Account != cs[0].Account {
			return sandbox.Delivery{}, relais.Errorf(relais.EINVALID, "sandbox: one delivery carries comments of one account, got %s and %s", cs[0].Account, cs[i].Account)
		}
	}

	events, err := n.addComments(cs)
	if err != nil {
		return sandbox.Delivery{}, err
	}
	return n.deliver(ctx, cs[0].Account, events)
}

// addComments records new comments and returns the events announcing
// them. It records none of them when one id is already taken.
func (n *Network) addComments(cs []Comment) ([]sandbox.Event, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	seen := map[string]bool{}
	for _, c := range cs {
		if c.ID != "" && (n.idTaken(c.ID) || seen[c.ID]) {
			return nil, relais.Errorf(relais.EINVALID, "sandbox: id %s is taken", c.ID)
		}
		seen[c.ID] = true
	}
	now := n.Now().UTC()
	events := make([]sandbox.Event, len(cs))
	for i, c := range cs {
		for c.ID == "" {
			n.seq++
			if id := fmt.Sprintf("%s_c%d", c.PostID, n.seq); !n.idTaken(id) && !seen[id] {
				c.ID = id
			}
		}
		n.comments[c.ID] = &CommentState{Comment: c, CreatedAt: now}
		n.commentIDs = append(n.commentIDs, c.ID)
		events[i] = c.event(sandbox.VerbAdd, now)
	}
	return events, nil
}

// SendEdit changes a comment's text, as its author would, and sends the
// webhook. It returns the delivery id.
func (n *Network) SendEdit(ctx context.Context, commentID, text string) (string, error) {
	if strings.TrimSpace(text) == "" {
		return "", relais.Errorf(relais.EINVALID, "sandbox: edit comment %s: text is required", commentID)
	}
	return n.sendChange(ctx, commentID, sandbox.VerbEdited, func(c *CommentState) {
		c.Text = text
		c.Edited = true
	})
}

// SendRemoval takes a comment down, as its author would, and sends the
// webhook. It returns the delivery id.
func (n *Network) SendRemoval(ctx context.Context, commentID string) (string, error) {
	return n.sendChange(ctx, commentID, sandbox.VerbRemove, func(c *CommentState) { c.Removed = true })
}

func (n *Network) sendChange(ctx context.Context, id string, verb sandbox.Verb, change func(*CommentState)) (string, error) {
	n.mu.Lock()
	c, ok := n.comments[id]
	if !ok || c.gone() {
		n.mu.Unlock()
		return "", relais.Errorf(relais.ENOTFOUND, "sandbox: %s comment %s: no such comment", verb, id)
	}
	change(c)
	e := c.event(verb, n.Now().UTC())
	account := c.Account
	n.mu.Unlock()

	d, err := n.deliver(ctx, account, []sandbox.Event{e})
	return d.DeliveryID, err
}

// normalize fills in the parent and kind and checks what remains.
func (c *Comment) normalize() error {
	if c.Account == "" || c.PostID == "" || c.AuthorID == "" {
		return relais.Errorf(relais.EINVALID, "sandbox: a comment needs an account, a post id and an author id")
	}
	if strings.TrimSpace(c.Text) == "" {
		return relais.Errorf(relais.EINVALID, "sandbox: a comment needs some text")
	}
	if c.ParentID == "" {
		c.ParentID = c.PostID
	}
	reply := c.ParentID != c.PostID
	switch {
	case c.Kind == "" && reply:
		c.Kind = relais.KindReply
	case c.Kind == "":
		c.Kind = relais.KindComment
	case c.Kind == relais.KindComment && reply:
		return relais.Errorf(relais.EINVALID, "sandbox: a comment's parent is its post; use kind reply to answer comment %s", c.ParentID)
	case c.Kind == relais.KindReply && !reply:
		return relais.Errorf(relais.EINVALID, "sandbox: a reply needs the parent id of the comment it answers")
	case c.Kind != relais.KindComment && c.Kind != relais.KindReply:
		return relais.Errorf(relais.EINVALID, "sandbox: kind %q: want comment or reply", c.Kind)
	}
	return nil
}

// moderatedComment finds the comment a moderation request names and checks
// that the request carries its account's token. It returns the account, or
// answers the request and returns false.
func (n *Network) moderatedComment(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	n.mu.Lock()
	c, ok := n.comments[id]
	var account string
	if ok && !c.gone() {
		account = c.Account
	}
	n.mu.Unlock()
	if account == "" {
		writeError(w, http.StatusNotFound, CodeNotFound, "comment %s does not exist", id)
		return "", false
	}
	return account, n.authorize(w, r, account)
}

// record applies a moderation change to a comment and records the action.
// It fails when the comment went away since it was looked up.
func (n *Network) record(a Action, change func(*CommentState)) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	c := n.comments[a.CommentID]
	if c.gone() {
		return false
	}
	change(c)
	n.actions = append(n.actions, a)
	return true
}

// hideComment handles POST /sandbox/api/comments/{id}/hide.
func (n *Network) hideComment(w http.ResponseWriter, r *http.Request) {
	account, ok := n.moderatedComment(w, r)
	if !ok {
		return
	}
	var req struct {
		Hidden *bool `json:"hidden"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if req.Hidden == nil {
		writeError(w, http.StatusBadRequest, CodeInvalidRequest, "hidden is required (true or false)")
		return
	}
	a := Action{Kind: ActionUnhide, Account: account, CommentID: r.PathValue("id"), At: n.Now().UTC()}
	if *req.Hidden {
		a.Kind = ActionHide
	}
	n.answerModeration(w, http.StatusOK, a, func(c *CommentState) { c.Hidden = *req.Hidden })
}

// deleteComment handles DELETE /sandbox/api/comments/{id}.
func (n *Network) deleteComment(w http.ResponseWriter, r *http.Request) {
	account, ok := n.moderatedComment(w, r)
	if !ok {
		return
	}
	a := Action{Kind: ActionDelete, Account: account, CommentID: r.PathValue("id"), At: n.Now().UTC()}
	n.answerModeration(w, http.StatusOK, a, func(c *CommentState) { c.Deleted = true })
}

// replyToComment handles POST /sandbox/api/comments/{id}/replies.
func (n *Network) replyToComment(w http.ResponseWriter, r *http.Request) {
	account, ok := n.moderatedComment(w, r)
	if !ok {
		return
	}
	var req struct {
		Text string `json:"text"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if why := validateText(req.Text); why != "" {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "%s", why)
		return
	}
	id := r.PathValue("id")
	n.mu.Lock()
	n.seq++
	replyID := fmt.Sprintf("%s_r%d", id, n.seq)
	n.mu.Unlock()
	a := Action{Kind: ActionReply, Account: account, CommentID: id, ReplyID: replyID, Text: req.Text, At: n.Now().UTC()}
	n.answerModeration(w, http.StatusCreated, a, func(c *CommentState) {
		c.Replies = append(c.Replies, Reply{ID: replyID, Text: req.Text, CreatedAt: a.At})
	})
}

// answerModeration carries out a moderation action and answers: the reply's
// id for a reply, success otherwise.
func (n *Network) answerModeration(w http.ResponseWriter, status int, a Action, change func(*CommentState)) {
	if !n.record(a, change) {
		writeError(w, http.StatusNotFound, CodeNotFound, "comment %s does not exist", a.CommentID)
		return
	}
	if a.Kind == ActionReply {
		writeJSON(w, status, map[string]string{"id": a.ReplyID})
		return
	}
	writeJSON(w, status, map[string]bool{"success": true})
}

// listComments handles GET /sandbox/comments, the local stack's view of
// every comment and what moderation did to it.
func (n *Network) listComments(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, n.Comments())
}

// receiveComment handles POST /sandbox/comments, the control with which
// the CLI and the demo make someone comment: it takes a Comment and
// answers with the delivery that announced it.
func (n *Network) receiveComment(w http.ResponseWriter, r *http.Request) {
	var c Comment
	if !decodeBody(w, r, &c) {
		return
	}
	d, err := n.SendComments(r.Context(), c)
	answerSent(w, d, err)
}

// answerSent answers a control request that made someone write: with the
// delivery that announced it, or why it failed.
func answerSent(w http.ResponseWriter, d sandbox.Delivery, err error) {
	switch {
	case relais.ErrorCode(err) == relais.EINVALID:
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "%s", relais.ErrorMessage(err))
	case err != nil:
		// What was written is recorded; only its webhook failed.
		writeError(w, http.StatusBadGateway, CodeDeliveryFailed, "%s recorded, but its webhook failed: %v", subject(d.Events[0]), err)
	default:
		writeJSON(w, http.StatusCreated, d)
	}
}
