package dynamo

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/relais-dev/relais/internal/relais"
)

// InboxEntry is an interaction with what moderation made of it so far.
type InboxEntry struct {
	relais.Interaction
	Action relais.Action `json:"action,omitempty"`
	Labels []string      `json:"labels,omitempty"`
	// Reasons explain the action, as the scorer gave them.
	Reasons []string `json:"reasons,omitempty"`
	Applied bool     `json:"applied"`
}

func interactionToItem(in relais.Interaction) item {
	it := newItem(interactionKey(in.ClientID, in.Network, in.ID))
	it.setS(attrGSI1PK, inboxPK(in.ClientID))
	it.setS(attrGSI1SK, inboxSK(in))
	// Until moderated, the interaction waits in the moderator's sweep index.
	it.setS(attrGSI2PK, unmoderatedPK)
	it.setS(attrGSI2SK, unmoderatedSK(in))
	it.setS("clientId", in.ClientID)
	setInteraction(it, in)
	return it
}

// unroutedToItem keeps an interaction for an account no client owns, for
// 30 days.
func unroutedToItem(in relais.Interaction) item {
	it := newItem(unroutedKey(in))
	setInteraction(it, in)
	it.setN(attrExpires, in.ReceivedAt.Add(unroutedTTL).Unix())
	return it
}

func setInteraction(it item, in relais.Interaction) {
	it.setS("network", string(in.Network))
	it.setS("accountId", in.AccountID)
	it.setS("id", in.ID)
	it.setS("parentId", in.ParentID)
	it.setS("postId", in.PostID)
	it.setS("kind", string(in.Kind))
	it.setS("authorId", in.Author.ID)
	it.setS("authorName", in.Author.Name)
	it.setS("text", in.Text)
	it.setTime("createdAt", in.CreatedAt)
	it.setTime("receivedAt", in.ReceivedAt)
	// Fixed width: edits are ordered by comparing it (newerEdit).
	if !in.EditedAt.IsZero() {
		it.setS("editedAt", sortable(in.EditedAt))
	}
	it.setBool("private", in.Private)
	it.setS("conversation", in.Conversation)
	it.setBool("removed", in.Removed)
}

func inboxEntryFromItem(it item) InboxEntry {
	return InboxEntry{
		Interaction: interactionFromItem(it),
		Action:      relais.Action(it.s("action")),
		Labels:      it.list("labels"),
		Reasons:     it.list("reasons"),
		Applied:     it.bool("applied"),
	}
}

func interactionFromItem(it item) relais.Interaction {
	return relais.Interaction{
		ClientID:     it.s("clientId"),
		Network:      relais.Network(it.s("network")),
		AccountID:    it.s("accountId"),
		ID:           it.s("id"),
		ParentID:     it.s("parentId"),
		PostID:       it.s("postId"),
		Kind:         relais.InteractionKind(it.s("kind")),
		Author:       relais.Author{ID: it.s("authorId"), Name: it.s("authorName")},
		Text:         it.s("text"),
		CreatedAt:    it.time("createdAt"),
		ReceivedAt:   it.time("receivedAt"),
		Private:      it.bool("private"),
		Conversation: it.s("conversation"),
		EditedAt:     it.time("editedAt"),
		Removed:      it.bool("removed"),
	}
}

// Interaction returns one interaction of a client, or ENOTFOUND.
func (s *Store) Interaction(ctx context.Context, clientID string, n relais.Network, id string) (InboxEntry, error) {
	it, err := s.get(ctx, interactionKey(clientID, n, id), true)
	if err != nil {
		return InboxEntry{}, wrap("get interaction "+id, err)
	}
	if it == nil {
		return InboxEntry{}, relais.Errorf(relais.ENOTFOUND, "client %s has no %s interaction %s", clientID, n, id)
	}
	return inboxEntryFromItem(it), nil
}

// InboxFilter narrows an inbox listing. Zero fields do not filter.
type InboxFilter struct {
	// Limit is how many entries at most; zero means 50.
	Limit   int
	Network relais.Network
	// Since keeps interactions received at or after it.
	Since time.Time
	// Pending keeps interactions not moderated yet; Action keeps those
	// moderation decided so.
	Pending bool
	Action  relais.Action
}

// SetState keeps the interactions in a state: pending (not moderated
// yet), or the action moderation decided; empty keeps all.
func (f *InboxFilter) SetState(state string) error {
	f.Pending, f.Action = false, ""
	switch state {
	case "":
	case "pending":
		f.Pending = true
	case string(relais.ActionAllow), string(relais.ActionReview), string(relais.ActionHide), string(relais.ActionDelete):
		f.Action = relais.Action(state)
	default:
		return relais.Errorf(relais.EINVALID, "state %q: want pending, allow, review, hide or delete", state)
	}
	return nil
}

// condition is the filter as a query's filter expression, with its
// names and values added to the query's; empty when it keeps all.
// DynamoDB applies it to the items a query reads, so that a sparse
// filter's page carries what it keeps rather than every item read.
func (f InboxFilter) condition(names map[string]string, values map[string]types.AttributeValue) string {
	var conds []string
	if f.Network != "" {
		names["#network"] = "network"
		values[":network"] = str(string(f.Network))
		conds = append(conds, "#network = :network")
	}
	// Moderation sets the action; an interaction without one is pending.
	switch {
	case f.Pending:
		names["#action"] = "action"
		values[":none"] = str("")
		conds = append(conds, "(attribute_not_exists(#action) OR #action = :none)")
	case f.Action != "":
		names["#action"] = "action"
		values[":action"] = str(string(f.Action))
		conds = append(conds, "#action = :action")
	}
	return strings.Join(conds, " AND ")
}

// Inbox lists a client's latest interactions, newest first, up to the
// filter's limit (50 when zero), page after page.
func (s *Store) Inbox(ctx context.Context, clientID string, f InboxFilter) ([]InboxEntry, error) {
	want := f.Limit
	if want <= 0 {
		want = 50
	}
	var out []InboxEntry
	cursor := ""
	for {
		f.Limit = want - len(out)
		page, err := s.InboxPage(ctx, clientID, f, cursor)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if cursor = page.Next; cursor == "" || len(out) >= want {
			return out, nil
		}
	}
}

// Unmoderated lists interactions received before a time and not moderated
// yet, oldest first: the moderator's sweep takes them up when their event
// was lost.
func (s *Store) Unmoderated(ctx context.Context, before time.Time, limit int) ([]InboxEntry, error) {
	items, err := s.query(ctx, &dynamodb.QueryInput{
		IndexName:              aws.String(indexGSI2),
		KeyConditionExpression: aws.String("GSI2PK = :pk AND GSI2SK < :before"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": str(unmoderatedPK), ":before": str(before.UTC().Format(time.RFC3339Nano)),
		},
	}, limit)
	if err != nil {
		return nil, wrap("list unmoderated interactions", err)
	}
	out := make([]InboxEntry, len(items))
	for i, it := range items {
		out[i] = inboxEntryFromItem(it)
	}
	return out, nil
}

// RecordResponse records the team's answer made on the network itself,
// as its network delivered it, on the thread it answers: a reply under a
// comment, or the account's message in a conversation. It reports whether
// the answer ended a wait for one, which counts the delay in the day's
// first-response histogram, once however often the answer is delivered.
// An answer to something Relais never put on a thread records nothing.
func (s *Store) RecordResponse(ctx context.Context, clientID string, reply relais.Interaction, zone string) (bool, error) {
	thread := relais.ThreadID(reply)
	if !reply.Private {
		parent, err := s.Interaction(ctx, clientID, reply.Network, reply.ParentID)
		if relais.ErrorCode(err) == relais.ENOTFOUND {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		thread = relais.ThreadID(parent.Interaction)
		if err := s.reconcile(ctx, clientID, reply); err != nil {
			return false, err
		}
	}
	_, counted, err := s.RespondThread(ctx, Responded{ClientID: clientID, Network: reply.Network, ThreadID: thread,
		Entry: relais.ThreadEntry{Kind: relais.EntryAnswer, ID: reply.ID, At: messageTime(reply), Text: reply.Text,
			Author: reply.Author, Private: reply.Private, State: relais.AnswerSent, NetworkID: reply.ID}}, zone)
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return false, nil
	}
	return counted, err
}

// reconcile settles an answer sent from Relais whose outcome was unknown
// once its network delivers it back: the account's reply, with the same
// words, under the same interaction.
func (s *Store) reconcile(ctx context.Context, clientID string, reply relais.Interaction) error {
	answers, err := s.Answers(ctx, clientID, reply.Network, reply.ParentID)
	if err != nil {
		return err
	}
	for _, a := range answers {
		if a.State != relais.AnswerUnknown || a.Private || strings.TrimSpace(a.Text) != strings.TrimSpace(reply.Text) {
			continue
		}
		_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName: &s.table, Key: answerKey(a).av(),
			UpdateExpression:          aws.String("SET #s = :sent, networkId = :id"),
			ConditionExpression:       aws.String("#s = :unknown"),
			ExpressionAttributeNames:  map[string]string{"#s": "state"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":sent": str(string(relais.AnswerSent)), ":id": str(reply.ID), ":unknown": str(string(relais.AnswerUnknown))},
		})
		if failed, _ := conditionFailed(err); !failed && err != nil {
			return wrap("reconcile answer "+a.ID, err)
		}
	}
	return nil
}
