package relais

import "time"

// Action is what moderation recommends for an interaction.
type Action string

const (
	ActionAllow  Action = "allow"
	ActionReview Action = "review"
	ActionHide   Action = "hide"
	// ActionDelete removes the comment for good, where the client's rules
	// ask for it and the network can.
	ActionDelete Action = "delete"
)

// Score is a scorer's verdict on a text: scores per category from 0 to 1,
// the labels over threshold, the reasons and the recommended action.
type Score struct {
	Categories map[string]float64 `json:"categories"`
	Labels     []string           `json:"labels"`
	Sentiment  float64            `json:"sentiment"`
	Language   string             `json:"language"`
	Reasons    []string           `json:"reasons"`
	// Matched are the words the word lists matched, as written: what a
	// report masks.
	Matched []string `json:"matched,omitempty"`
	Action  Action   `json:"action"`
}

// Decision records what moderation decided for one interaction and whether
// the action was carried out on the network.
type Decision struct {
	ClientID      string  `json:"clientId"`
	Network       Network `json:"network"`
	InteractionID string  `json:"interactionId"`
	// TextHash identifies the text decided on: an edited text gets a
	// decision of its own.
	TextHash string `json:"textHash,omitempty"`
	Score    Score  `json:"score"`
	Action   Action `json:"action"`
	Applied  bool   `json:"applied"`
	// Reply is the saved answer the client's rules post under the
	// interaction; ReplyID is its network id once posted.
	Reply   string `json:"reply,omitempty"`
	ReplyID string `json:"replyId,omitempty"`
	// Alarming is true for a negative or toxic interaction: what a crisis
	// is made of, counted in the client's minute with the decision.
	Alarming bool `json:"alarming,omitempty"`
	// Emitted is true once Interaction Moderated reached the bus.
	Emitted   bool      `json:"emitted"`
	DecidedAt time.Time `json:"decidedAt"`
}
