package sandboxfake

import (
	"net/http"
	"time"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/sandbox"
)

// windows are the sandbox's private-answer windows, as Relais declares
// them; the network enforces them from its own record of who wrote when.
func windows() relais.Windows { return *sandbox.Spec.Messaging }

// messageRefusal says why the network refuses an answer under tag in a
// conversation whose customer last wrote at last, or "". As on Meta, the
// window runs from the customer's last message, and the human-agent tag
// extends it for a person's answer.
func messageRefusal(last, now time.Time, tag relais.MessageTag) string {
	if last.IsZero() {
		return "the customer has not written in this conversation: an account answers only once they have"
	}
	w := windows()
	standard, tagged := last.Add(w.Standard), last.Add(w.Tagged)
	switch {
	case !now.After(standard):
		return ""
	case tag == relais.TagHumanAgent && !now.After(tagged):
		return ""
	case !now.After(tagged):
		return "this message is sent outside the allowed window: the customer last wrote at " + stamp(last) +
			" and the standard window closed at " + stamp(standard) + "; a person may answer with the " +
			string(relais.TagHumanAgent) + " tag until " + stamp(tagged)
	}
	return "this message is sent outside the allowed window: the customer last wrote at " + stamp(last) +
		" and the " + string(relais.TagHumanAgent) + " tag's window closed at " + stamp(tagged)
}

// privateReplyRefusal says why the network refuses a private reply to c at
// now, or "": a comment is answered in private once, within its window.
func privateReplyRefusal(c *CommentState, now time.Time) (status int, code, why string) {
	if c.PrivateReply != "" {
		return http.StatusConflict, CodeAlreadyReplied, "comment " + c.ID + " was already answered in private (message " + c.PrivateReply + "): a comment is answered in private once"
	}
	if closes := c.CreatedAt.Add(windows().PrivateReply); now.After(closes) {
		return http.StatusForbidden, CodeWindowClosed, "comment " + c.ID + " was written at " + stamp(c.CreatedAt) + ": its window for a private reply closed at " + stamp(closes)
	}
	return 0, "", ""
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// decodeAnswer reads a private answer's body, answering the request when
// it is refused.
func decodeAnswer(w http.ResponseWriter, r *http.Request) (sandbox.PrivateAnswer, bool) {
	var a sandbox.PrivateAnswer
	if !decodeBody(w, r, &a) {
		return a, false
	}
	if why := validateText(a.Text); why != "" {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "%s", why)
		return a, false
	}
	return a, true
}

// messageConversation handles POST
// /sandbox/api/conversations/{id}/messages: the account answers the
// customer, within the window.
func (n *Network) messageConversation(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	n.mu.Lock()
	var account string
	if c, ok := n.conversations[id]; ok {
		account = c.Account
	}
	n.mu.Unlock()
	if account == "" {
		writeError(w, http.StatusNotFound, CodeNotFound, "conversation %s does not exist", id)
		return
	}
	if !n.authorize(w, r, account) {
		return
	}
	a, ok := decodeAnswer(w, r)
	if !ok {
		return
	}
	if a.Tag != relais.TagStandard && a.Tag != relais.TagHumanAgent {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "tag %q: want none or %s", a.Tag, relais.TagHumanAgent)
		return
	}

	n.mu.Lock()
	c := n.conversations[id]
	now := n.Now().UTC()
	if why := messageRefusal(c.lastInbound(), now, a.Tag); why != "" {
		n.mu.Unlock()
		writeError(w, http.StatusForbidden, CodeWindowClosed, "%s", why)
		return
	}
	m := n.addToConversation(c, Message{Outbound: true, Text: a.Text, Tag: a.Tag, CreatedAt: now})
	n.actions = append(n.actions, Action{Kind: ActionMessage, Account: account, Conversation: id, ReplyID: m.ID, Text: m.Text, Tag: m.Tag, At: now})
	n.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]string{"id": m.ID})
}

// privateReply handles POST /sandbox/api/comments/{id}/private_replies:
// the account answers a comment's author in private, in their
// conversation, once and within the window.
func (n *Network) privateReply(w http.ResponseWriter, r *http.Request) {
	account, ok := n.moderatedComment(w, r)
	if !ok {
		return
	}
	a, ok := decodeAnswer(w, r)
	if !ok {
		return
	}
	if a.Tag != relais.TagStandard {
		writeError(w, http.StatusUnprocessableEntity, CodeValidation, "a private reply takes no tag")
		return
	}

	id := r.PathValue("id")
	n.mu.Lock()
	c := n.comments[id]
	now := n.Now().UTC()
	if c.gone() {
		n.mu.Unlock()
		writeError(w, http.StatusNotFound, CodeNotFound, "comment %s does not exist", id)
		return
	}
	if status, code, why := privateReplyRefusal(c, now); why != "" {
		n.mu.Unlock()
		writeError(w, status, code, "%s", why)
		return
	}
	conv := n.conversationWith(account, sandbox.From{ID: c.AuthorID, Name: c.AuthorName}, "")
	m := n.addToConversation(conv, Message{Outbound: true, Text: a.Text, CommentID: id, CreatedAt: now})
	c.PrivateReply = m.ID
	n.actions = append(n.actions, Action{Kind: ActionPrivateReply, Account: account, CommentID: id, Conversation: conv.ID, ReplyID: m.ID, Text: m.Text, At: now})
	n.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]string{"id": m.ID})
}
