package inbound

import (
	"strings"

	"github.com/relais-dev/relais/internal/relais"
)

// Check reports why a normalised interaction cannot be stored: its ids
// are missing or unusable in keys. The store writes ids into keys that
// '#' separates. No network's ids contain '#' (Meta's are digits and '_',
// X's and TikTok's digits, LinkedIn's URNs), so one that does is a
// delivery of a shape Relais does not know, refused rather than escaped.
// The reason names the field, never its value.
func Check(in relais.Interaction) error {
	switch {
	case in.ID == "":
		return Reason("the interaction id is missing")
	case in.AccountID == "":
		return Reason("the account id is missing")
	case relais.AccountRef{Network: in.Network, ID: in.AccountID}.Validate() != nil:
		return Reason("the account id is not usable in keys")
	case strings.Contains(in.ID, "#"), strings.Contains(in.ParentID, "#"), strings.Contains(in.PostID, "#"), strings.Contains(in.Conversation, "#"):
		return Reason("an interaction id holds '#'")
	}
	return nil
}
