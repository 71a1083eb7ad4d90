package sandbox

import "github.com/relais-dev/relais/internal/relais"

// PrivateAnswer is the body of a private answer: a message in a
// conversation, or a private reply to a comment (which takes no tag).
type PrivateAnswer struct {
	Text string            `json:"text"`
	Tag  relais.MessageTag `json:"tag,omitempty"`
}
