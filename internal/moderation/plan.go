package moderation

import (
	"slices"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/score"
)

// Labels the moderator adds to the scorer's.
const (
	// LabelCannotHide: the network has no way to hide or delete a comment
	// (LinkedIn, TikTok), so what should be hidden goes to a person.
	LabelCannotHide = "cannot_hide"
)

// capabilities is what a network lets the moderator do.
type capabilities struct{ hide, delete, reply bool }

// plan turns a score into a decision under the client's policy and what
// the network can do: delete falls back to hide, hide to review; a saved
// reply goes out only where the policy asks for it, in the comment's
// language, and never under a private message.
func plan(s relais.Score, p score.Policy, can capabilities, in relais.Interaction) (relais.Action, string, []string) {
	labels := append([]string{}, s.Labels...)
	action := s.Action
	if action == relais.ActionHide && slices.Contains(labels, "delete") && can.delete {
		action = relais.ActionDelete
	}
	if action == relais.ActionHide && !can.hide {
		if can.delete && slices.Contains(labels, "delete") {
			action = relais.ActionDelete
		} else {
			action = relais.ActionReview
			labels = append(labels, LabelCannotHide)
		}
	}
	var reply string
	if action != relais.ActionHide && action != relais.ActionDelete && can.reply && !in.Private {
		for _, l := range s.Labels {
			if p.ActionFor(l) == score.ActReply {
				reply = p.Replies[s.Language]
				break
			}
		}
	}
	return action, reply, labels
}
