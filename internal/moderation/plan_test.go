package moderation

import (
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

func TestPlan(t *testing.T) {
	withReply := score.DefaultPolicy()
	withReply.Actions["complaint"] = score.ActReply
	withDelete := score.DefaultPolicy()
	withDelete.Actions["spam"] = score.ActDelete
	insult := relais.Score{Action: relais.ActionHide, Labels: []string{"insult"}, Language: "fr"}
	spamDelete := relais.Score{Action: relais.ActionHide, Labels: []string{"spam", "delete"}, Language: "en"}
	complaint := relais.Score{Action: relais.ActionReview, Labels: []string{"complaint", "needs_reply"}, Language: "fr"}
	all := capabilities{hide: true, delete: true, reply: true}
	tests := []struct {
		name       string
		s          relais.Score
		p          score.Policy
		can        capabilities
		private    bool
		wantAction relais.Action
		wantReply  bool
		wantLabel  string
	}{
		{"insult on Facebook", insult, score.DefaultPolicy(), all, false, relais.ActionHide, false, "insult"},
		{"insult on LinkedIn, which cannot hide", insult, score.DefaultPolicy(), capabilities{delete: true, reply: true}, false, relais.ActionReview, false, LabelCannotHide},
		{"insult on TikTok", insult, score.DefaultPolicy(), capabilities{}, false, relais.ActionReview, false, LabelCannotHide},
		{"spam the rules delete", spamDelete, withDelete, all, false, relais.ActionDelete, false, "spam"},
		{"spam to delete where only hiding exists", spamDelete, withDelete, capabilities{hide: true}, false, relais.ActionHide, false, "spam"},
		{"spam to delete on LinkedIn", spamDelete, withDelete, capabilities{delete: true}, false, relais.ActionDelete, false, "spam"},
		{"complaint, default rules: flagged for an answer", complaint, score.DefaultPolicy(), all, false, relais.ActionReview, false, "needs_reply"},
		{"complaint, rules with a saved reply", complaint, withReply, all, false, relais.ActionReview, true, "needs_reply"},
		{"complaint in a private message: never answered in public", complaint, withReply, all, true, relais.ActionReview, false, "needs_reply"},
		{"complaint where the network cannot answer", complaint, withReply, capabilities{hide: true}, false, relais.ActionReview, false, "needs_reply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action, reply, labels := plan(tt.s, tt.p, tt.can, relais.Interaction{Private: tt.private})
			if action != tt.wantAction {
				t.Errorf("action: got %s, want %s", action, tt.wantAction)
			}
			if got := reply != ""; got != tt.wantReply {
				t.Errorf("reply: got %q, want one: %v", reply, tt.wantReply)
			}
			if tt.wantReply && reply != tt.p.Replies["fr"] {
				t.Errorf("reply: got %q, want the French template", reply)
			}
			if !slices.Contains(labels, tt.wantLabel) {
				t.Errorf("labels: got %v, want %q among them", labels, tt.wantLabel)
			}
		})
	}
}
