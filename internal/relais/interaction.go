package relais

import "time"

// InteractionKind says what someone did on a network.
type InteractionKind string

const (
	KindComment InteractionKind = "comment"
	KindReply   InteractionKind = "reply"
	KindMention InteractionKind = "mention"
	KindMessage InteractionKind = "message"
	KindEdit    InteractionKind = "edit"
	KindRemoval InteractionKind = "removal"
)

// Author is who wrote an interaction, as the network names them.
type Author struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Interaction is a comment, reply, mention or message received on one of a
// client's accounts, normalised across networks.
type Interaction struct {
	ClientID   string          `json:"clientId"`
	Network    Network         `json:"network"`
	AccountID  string          `json:"accountId"`
	ID         string          `json:"id"`
	ParentID   string          `json:"parentId,omitempty"`
	PostID     string          `json:"postId,omitempty"`
	Kind       InteractionKind `json:"kind"`
	Author     Author          `json:"author"`
	Text       string          `json:"text"`
	CreatedAt  time.Time       `json:"createdAt"`
	ReceivedAt time.Time       `json:"receivedAt"`
	// Private is true for direct messages: they are never answered in public.
	Private bool `json:"private,omitempty"`
	// Conversation is the network's id of the private conversation a
	// message belongs to (a Bluesky convo, a Mastodon direct thread's
	// root status, a Meta sender's page-scoped id); empty for public
	// interactions.
	Conversation string `json:"conversation,omitempty"`
	// EditedAt is when the author last edited the text; Removed is true once
	// the author or the network removed it. An edit or removal reaches
	// Relais as an Interaction of kind edit or removal carrying the ID of
	// the interaction it changes.
	EditedAt time.Time `json:"editedAt,omitzero"`
	Removed  bool      `json:"removed,omitempty"`
}

// ByAccount reports whether the account itself wrote the interaction: the
// team's own comment or answer, which is not moderated but may be the
// first response to someone.
func (in Interaction) ByAccount() bool {
	if in.Author.ID == "" {
		return false
	}
	author := AccountRef{Network: in.Network, ID: in.Author.ID}.Canonical()
	return author.ID == AccountRef{Network: in.Network, ID: in.AccountID}.Canonical().ID
}
