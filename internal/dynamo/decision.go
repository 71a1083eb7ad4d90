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

var actionCounters = map[relais.Action]string{
	relais.ActionAllow:  relais.CountAllowed,
	relais.ActionReview: relais.CountReview,
	relais.ActionHide:   relais.CountHidden,
	relais.ActionDelete: relais.CountDeleted,
}

func decisionFromItem(it item) (relais.Decision, error) {
	d := relais.Decision{
		ClientID:      it.s("clientId"),
		Network:       relais.Network(it.s("network")),
		InteractionID: it.s("interactionId"),
		TextHash:      it.s("textHash"),
		Action:        relais.Action(it.s("action")),
		Applied:       it.bool("applied"),
		Reply:         it.s("reply"),
		ReplyID:       it.s("replyId"),
		Emitted:       it.bool("emitted"),
		DecidedAt:     it.time("decidedAt"),
	}
	return d, it.json("score", &d.Score)
}

// SaveDecision records moderation's decision on an interaction's text,
// copies its action to the inbox entry and counts it, in the day's
// counters and the minute's, in one transaction.
// A decision already recorded on the same text is returned with created
// false and nothing is written.
func (s *Store) SaveDecision(ctx context.Context, d relais.Decision, zone string) (relais.Decision, bool, error) {
	it := newItem(decisionKey(d.ClientID, d.Network, d.InteractionID))
	it.setS("clientId", d.ClientID)
	it.setS("network", string(d.Network))
	it.setS("interactionId", d.InteractionID)
	it.setS("textHash", d.TextHash)
	it.setS("action", string(d.Action))
	it.setBool("applied", d.Applied)
	it.setS("reply", d.Reply)
	it.setBool("emitted", false)
	it.setTime("decidedAt", d.DecidedAt)
	if err := it.setJSON("score", d.Score); err != nil {
		return d, false, err
	}
	items := []types.TransactWriteItem{
		{Put: &types.Put{
			TableName: &s.table,
			Item:      it,
			// A decision on an earlier text of an edited interaction gives
			// way to this one.
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR (attribute_exists(textHash) AND textHash <> :h)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":h": str(d.TextHash)},
		}},
		{Update: &types.Update{
			TableName: &s.table,
			Key:       interactionKey(d.ClientID, d.Network, d.InteractionID).av(),
			// Moderated: out of the moderator's sweep index. The inbox
			// shows why, from the entry alone.
			UpdateExpression:         aws.String("SET #a = :a, labels = :l, reasons = :r REMOVE " + attrGSI2PK + ", " + attrGSI2SK),
			ConditionExpression:      aws.String("attribute_exists(PK)"),
			ExpressionAttributeNames: map[string]string{"#a": "action"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":a": str(string(d.Action)), ":l": strList(d.Score.Labels), ":r": strList(d.Score.Reasons),
			},
		}},
	}
	// What the decision says of the interaction is counted with it: its
	// action, its sentiment class and its labels.
	counts := map[string]int64{relais.CountSentiment(relais.SentimentClass(d.Score.Sentiment)): 1}
	if name, ok := actionCounters[d.Action]; ok {
		counts[name] = 1
	}
	for _, l := range d.Score.Labels {
		counts[relais.CountLabel(l)] = 1
	}
	items = append(items, s.add(counterKey(d.ClientID, dayIn(d.DecidedAt, zone), d.Network), counts), s.pulse(d))
	err := s.transact(ctx, items...)
	if failed, which := conditionFailed(err); failed {
		if len(which) > 1 && which[1] {
			return d, false, relais.Errorf(relais.ENOTFOUND, "client %s has no %s interaction %s", d.ClientID, d.Network, d.InteractionID)
		}
		stored, err := s.Decision(ctx, d.ClientID, d.Network, d.InteractionID)
		return stored, false, err
	}
	return d, err == nil, wrap("save decision on "+d.InteractionID, err)
}

// Decision returns the decision on an interaction, or ENOTFOUND.
func (s *Store) Decision(ctx context.Context, clientID string, n relais.Network, interactionID string) (relais.Decision, error) {
	it, err := s.get(ctx, decisionKey(clientID, n, interactionID), true)
	if err != nil {
		return relais.Decision{}, wrap("get decision on "+interactionID, err)
	}
	if it == nil {
		return relais.Decision{}, relais.Errorf(relais.ENOTFOUND, "no decision on %s interaction %s", n, interactionID)
	}
	return decisionFromItem(it)
}

// MarkApplied records that a decision's action was carried out on the
// network, on the decision and on the inbox entry, with an audit entry.
func (s *Store) MarkApplied(ctx context.Context, d relais.Decision) error {
	set := func(k key) types.TransactWriteItem {
		return types.TransactWriteItem{Update: &types.Update{
			TableName:                 &s.table,
			Key:                       k.av(),
			UpdateExpression:          aws.String("SET applied = :t"),
			ConditionExpression:       aws.String("attribute_exists(PK)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}},
		}}
	}
	err := s.transact(ctx,
		set(decisionKey(d.ClientID, d.Network, d.InteractionID)),
		set(interactionKey(d.ClientID, d.Network, d.InteractionID)),
		s.moderationAudit(d, string(d.Action), "", "moderator"),
	)
	return wrap("mark decision on "+d.InteractionID+" applied", err)
}

// OverrideDecision records a person's decision in place of moderation's,
// on the decision and the inbox entry, with an audit entry naming them.
// It applies only over the decision the person saw (from), so that two
// people overriding at once do not lose one of their changes. The day's
// counters keep moderation's decision; the audit trail tells the rest.
// The person's correction, when it has a fingerprint, is kept in the same
// write, so that an override is never recorded without what it teaches.
func (s *Store) OverrideDecision(ctx context.Context, d relais.Decision, from relais.Action, by string, learn relais.Correction) error {
	set := func(k key, cond string, values map[string]types.AttributeValue) types.TransactWriteItem {
		values[":a"], values[":ap"] = str(string(d.Action)), &types.AttributeValueMemberBOOL{Value: d.Applied}
		return types.TransactWriteItem{Update: &types.Update{
			TableName:                 &s.table,
			Key:                       k.av(),
			UpdateExpression:          aws.String("SET #a = :a, applied = :ap"),
			ConditionExpression:       aws.String(cond),
			ExpressionAttributeNames:  map[string]string{"#a": "action"},
			ExpressionAttributeValues: values,
		}}
	}
	items := []types.TransactWriteItem{
		set(decisionKey(d.ClientID, d.Network, d.InteractionID), "#a = :from", map[string]types.AttributeValue{":from": str(string(from))}),
		set(interactionKey(d.ClientID, d.Network, d.InteractionID), "attribute_exists(PK)", map[string]types.AttributeValue{}),
		s.moderationAudit(d, "override:"+string(from)+"->"+string(d.Action), "", by),
	}
	if learn.Key != "" {
		put, err := s.correctionPut(learn)
		if err != nil {
			return err
		}
		items = append(items, put)
	}
	err := s.transact(ctx, items...)
	if failed, _ := conditionFailed(err); failed {
		return relais.Errorf(relais.ECONFLICT, "the decision on %s changed since it was read; read it again", d.InteractionID)
	}
	return wrap("override decision on "+d.InteractionID, err)
}

// moderationAudit is the audit entry of one step carried out on the
// network for a decision.
func (s *Store) moderationAudit(d relais.Decision, step, networkID, by string) types.TransactWriteItem {
	at := s.Now().UTC()
	it := newItem(moderationAuditKey(d.ClientID, d.Network, d.InteractionID, at, step))
	it.setS("step", step)
	it.setS("by", by)
	it.setS("labels", strings.Join(d.Score.Labels, ","))
	it.setS("networkId", networkID)
	it.setTime("at", at)
	return types.TransactWriteItem{Put: &types.Put{TableName: &s.table, Item: it}}
}

// ClaimReply takes the right to post a decision's saved reply, once: a
// reply whose call failed after it may have gone out is never posted
// again, since the networks take no idempotency key for comments.
func (s *Store) ClaimReply(ctx context.Context, d relais.Decision) (bool, error) {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       decisionKey(d.ClientID, d.Network, d.InteractionID).av(),
		UpdateExpression:          aws.String("SET replyClaimedAt = :at"),
		ConditionExpression:       aws.String("attribute_exists(PK) AND attribute_not_exists(replyClaimedAt) AND textHash = :h"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":at": str(s.Now().UTC().Format(time.RFC3339Nano)), ":h": str(d.TextHash)},
	})
	if failed, _ := conditionFailed(err); failed {
		return false, nil
	}
	return err == nil, wrap("claim reply to "+d.InteractionID, err)
}

// MarkReplied records the saved reply posted for a decision, counts it
// and audits it.
func (s *Store) MarkReplied(ctx context.Context, d relais.Decision, zone, replyID string) error {
	err := s.transact(ctx,
		types.TransactWriteItem{Update: &types.Update{
			TableName:                 &s.table,
			Key:                       decisionKey(d.ClientID, d.Network, d.InteractionID).av(),
			UpdateExpression:          aws.String("SET replyId = :r"),
			ConditionExpression:       aws.String("attribute_exists(PK)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":r": str(replyID)},
		}},
		s.count(d.ClientID, s.Now(), zone, d.Network, relais.CountReplied),
		s.moderationAudit(d, "reply", replyID, "moderator"),
	)
	return wrap("mark reply to "+d.InteractionID, err)
}

// MarkDecisionEmitted records that Interaction Moderated reached the bus,
// so that a retry after a failed emit emits, and a later duplicate does not.
func (s *Store) MarkDecisionEmitted(ctx context.Context, d relais.Decision) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &s.table,
		Key:                       decisionKey(d.ClientID, d.Network, d.InteractionID).av(),
		UpdateExpression:          aws.String("SET emitted = :t"),
		ConditionExpression:       aws.String("attribute_exists(PK)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":t": &types.AttributeValueMemberBOOL{Value: true}},
	})
	return wrap("mark decision on "+d.InteractionID+" emitted", err)
}
